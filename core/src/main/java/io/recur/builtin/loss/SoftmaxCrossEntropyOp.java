package io.recur.builtin.loss;

import io.recur.tensor.Kernels;
import io.recur.tensor.Node;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;

/**
 * Cross-entropy from logits, log-softmax and NLL fused, with label smoothing ε, per row x of C
 * logits with target distribution q:
 * <pre>
 *   log p = x − logΣexp(x)                          (max-shifted, so large logits cannot overflow)
 *   q'    = (1 − ε)·q + ε/C                         (q one-hot for a class index)
 *   L     = scale · Σ_rows −Σ_j q'_j · log p_j
 *   dx_j  = dy · scale · (p_j · Σ_k q'_k − q'_j)    (= p_j − q'_j when q sums to 1)
 * </pre>
 * Fused so that backward is one pass over the saved softmax giving p − q' directly, the cheapest
 * and most accurate form, instead of chaining the log-softmax and gather backwards.
 */
final class SoftmaxCrossEntropyOp extends Node {
  private final int[] classes;
  private final float[] probabilities;
  private final float[] weights;
  private final float smoothing;
  private final float scale;
  private float[] softmax;

  /**
   * @param classes the target class of each row (-1 for masked rows), or null when {@code probabilities} is given
   * @param probabilities target distributions with the logits' shape, or null
   */
  SoftmaxCrossEntropyOp(Tensor logits, int[] classes, float[] probabilities, float[] weights,
      float smoothing, float scale) {
    super(logits);
    this.classes = classes;
    this.probabilities = probabilities;
    this.weights = weights;
    this.smoothing = smoothing;
    this.scale = scale;
  }

  @Override public String name() {
    return "cross-entropy";
  }

  Tensor forward() {
    float[] x = inputs()[0].data();
    int c = Shape.last(inputs()[0].shape()), rows = x.length / c;
    softmax = RecycledArrays.zeros(x.length);
    double total = 0;
    for (int r = 0; r < rows; r++) {
      if (weights[r] == 0f) {
        continue;
      }
      int o = r * c;
      float max = Kernels.max(x, o, c);
      // e^(x − max) ≤ 1 by the vectorised kernel exp (≤ 2 ulp; StrictMath.exp per element
      // cost more than the whole output layer); the normaliser is summed in double
      Kernels.expShifted(x, o, max, softmax, o, c);
      double sumExp = 0;
      for (int j = 0; j < c; j++) {
        sumExp += softmax[o + j];
      }
      double lse = max + StrictMath.log(sumExp);
      Kernels.scale(softmax, o, c, (float) (1.0 / sumExp));
      double rowLoss;
      if (probabilities == null && smoothing == 0f) {
        rowLoss = -(x[o + classes[r]] - lse);
      } else {
        rowLoss = 0;
        for (int j = 0; j < c; j++) {
          rowLoss -= target(o, r, j, c) * (x[o + j] - lse);
        }
      }
      total += rowLoss;
    }
    return Tensor.record(this, Tensor.scalar((float) (total * scale)));
  }

  /** q'_j of row r (element offset o). */
  private double target(int o, int r, int j, int c) {
    double q = probabilities != null ? probabilities[o + j] : classes[r] == j ? 1 : 0;
    return (1.0 - smoothing) * q + (double) smoothing / c;
  }

  @Override protected void backward(float[] dy) {
    Tensor logits = inputs()[0];
    int c = Shape.last(logits.shape()), rows = softmax.length / c;
    float[] g = logits.gradBuffer();
    double factor = (double) dy[0] * scale;
    boolean classIndices = probabilities == null && smoothing == 0f;
    for (int r = 0; r < rows; r++) {
      if (weights[r] == 0f) {
        continue;
      }
      int o = r * c;
      if (classIndices) {
        // q' is one-hot and sums to exactly 1: the general form below, p·1 − 0 off the target
        // and p·1 − 1 on it, without its per-class target arithmetic (the same bits)
        int t = o + classes[r];
        float atTarget = g[t] + (float) (factor * (softmax[t] - 1.0));
        for (int j = 0; j < c; j++) {
          g[o + j] += (float) (factor * softmax[o + j]);
        }
        g[t] = atTarget;
        continue;
      }
      double mass = 0;
      for (int j = 0; j < c; j++) {
        mass += target(o, r, j, c);
      }
      for (int j = 0; j < c; j++) {
        g[o + j] += (float) (factor * (softmax[o + j] * mass - target(o, r, j, c)));
      }
    }
  }

  @Override protected void release() {
    // only this op ever saw it
    RecycledArrays.giveBack(softmax);
    softmax = null;
  }
}
