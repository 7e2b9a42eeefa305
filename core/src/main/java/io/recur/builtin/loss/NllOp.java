package io.recur.builtin.loss;

import io.recur.tensor.Node;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;

/**
 * Negative log-likelihood of log-probabilities, PyTorch's {@code NLLLoss}: per row,
 * {@code L = −scale · x[c]} for target class c; {@code dx[c] = −dy · scale}, 0 for the other
 * classes and for masked rows.
 */
final class NllOp extends Node {
  private final int[] classes;
  private final float scale;

  /** @param classes the target class of each row, -1 for masked rows */
  NllOp(Tensor logProbabilities, int[] classes, float scale) {
    super(logProbabilities);
    this.classes = classes;
    this.scale = scale;
  }

  @Override public String name() {
    return "nll";
  }

  Tensor forward() {
    float[] x = inputs()[0].data();
    int c = Shape.last(inputs()[0].shape());
    double total = 0;
    for (int r = 0; r < classes.length; r++) {
      if (classes[r] >= 0) {
        total -= x[r * c + classes[r]];
      }
    }
    return Tensor.record(this, Tensor.scalar((float) (total * scale)));
  }

  @Override protected void backward(float[] dy) {
    Tensor input = inputs()[0];
    int c = Shape.last(input.shape());
    float[] g = input.gradBuffer();
    float d = -dy[0] * scale;
    for (int r = 0; r < classes.length; r++) {
      if (classes[r] >= 0) {
        g[r * c + classes[r]] += d;
      }
    }
  }
}
