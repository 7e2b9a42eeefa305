package io.recur.builtin.metric;

import io.recur.builtin.loss.MaskedPositions;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * The true class of every position of a batch, for the accuracy metrics. Targets are class
 * indices (the output's shape without its last dimension), or one-hot / probability rows with
 * the output's shape (the class is their argmax). A single-column output is a sigmoid unit:
 * class 1 when its value is above 0.5, and a value target counts as class 1 from 0.5 up.
 */
final class Predictions {
  private Predictions() {}

  /** The class of each position, or -1 for positions the mask excludes. */
  static int[] trueClasses(String who, Tensor output, Tensor target, Tensor mask) {
    float[] weights = MaskedPositions.weights(who, output, mask);
    int classes = Shape.last(output.shape());
    if (MaskedPositions.holdsClassIndices(output, target)) {
      return MaskedPositions.classIndices(who, target, weights, Math.max(2, classes));
    }
    if (!Arrays.equals(output.shape(), target.shape())) {
      throw new RecurException(who + ": target " + Shape.toString(target.shape()) + " fits neither "
          + Shape.toString(Arrays.copyOf(output.shape(), output.rank() - 1)) + " (class indices) nor "
          + Shape.toString(output.shape()) + " (one-hot rows) for output " + Shape.toString(output.shape()));
    }
    float[] t = target.data();
    int[] out = new int[weights.length];
    for (int p = 0; p < out.length; p++) {
      out[p] = weights[p] == 0f ? -1 : classes == 1 ? (t[p] >= 0.5f ? 1 : 0) : argmax(t, p * classes, classes);
    }
    return out;
  }

  /** Index of the largest of {@code n} values from {@code offset}; the first one on ties, as torch.argmax. */
  static int argmax(float[] values, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (values[offset + j] > values[offset + best]) {
        best = j;
      }
    }
    return best;
  }
}
