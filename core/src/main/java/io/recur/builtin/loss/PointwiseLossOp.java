package io.recur.builtin.loss;

import io.recur.spi.RecurException;
import io.recur.tensor.Node;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * {@code L = scale · Σ_i ℓ(o_i, t_i)} over the elements of unmasked positions;
 * {@code do_i = dy · scale · ℓ'(o_i, t_i)} there and 0 elsewhere. Subclasses give ℓ and ℓ'.
 * Masked elements are skipped rather than multiplied by 0, so whatever the model produced at a
 * padded step (even inf) cannot leak into the loss, as with PyTorch's boolean selection.
 */
abstract class PointwiseLossOp extends Node {
  private final float[] targets;
  private final float[] weights;
  private final int width;
  private final float scale;

  PointwiseLossOp(Tensor output, float[] targets, float[] weights, float scale) {
    super(output);
    this.targets = targets;
    this.weights = weights;
    this.width = Shape.last(output.shape());
    this.scale = scale;
  }

  /** Records this op and returns the scalar loss. */
  final Tensor forward() {
    float[] o = inputs()[0].data();
    double sum = 0;
    for (int i = 0; i < o.length; i++) {
      if (weights[i / width] != 0f) {
        sum += term(o[i], targets[i]);
      }
    }
    return Tensor.record(this, Tensor.scalar((float) (sum * scale)));
  }

  abstract double term(float output, float target);

  @Override
  protected final void backward(float[] dy) {
    Tensor output = inputs()[0];
    float[] o = output.data(), g = output.gradBuffer();
    float factor = dy[0] * scale;
    for (int i = 0; i < o.length; i++) {
      if (weights[i / width] != 0f) {
        g[i] += factor * derivative(o[i], targets[i]);
      }
    }
  }

  abstract float derivative(float output, float target);

  /**
   * Targets as values with the output's shape. Class indices become one-hot rows, except for a
   * single-column output, where the index (0 or 1) is itself the value: a sigmoid unit's target.
   */
  static float[] values(String who, Tensor output, Tensor target, float[] weights) {
    if (Arrays.equals(output.shape(), target.shape())) {
      return target.data();
    }
    if (!MaskedPositions.holdsClassIndices(output, target)) {
      throw new RecurException(who + ": target " + Shape.toString(target.shape()) + " fits neither the output "
          + Shape.toString(output.shape()) + " (values) nor " + Shape.toString(Arrays.copyOf(output.shape(), output.rank() - 1))
          + " (class indices)");
    }
    int classes = Shape.last(output.shape());
    if (classes == 1) {
      return target.data();
    }
    int[] index = MaskedPositions.classIndices(who, target, weights, classes);
    float[] oneHot = new float[output.size()];
    for (int p = 0; p < index.length; p++) {
      if (index[p] >= 0) {
        oneHot[p * classes + index[p]] = 1f;
      }
    }
    return oneHot;
  }
}
