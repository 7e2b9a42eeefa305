package io.recur.builtin.loss;

import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * Which positions of a model output take part in a loss or metric. A position is one vector
 * along the output's last dimension: a sample of an {@code [N, C]} output, a step of an {@code
 * [N, T, C]} one.
 *
 * <p>The {@code [N, T]} padding mask applies only to outputs with a time axis (rank 3 or more,
 * first two dimensions equal to the mask's). A per-sequence output such as {@code [N, C]} from a
 * last-state classifier has already left the time axis behind, so the mask, which described its
 * input, is ignored there.
 */
public final class MaskedPositions {
  private MaskedPositions() {}

  /**
   * One weight per position: 1 for real steps, 0 for padding; all ones when no mask applies.
   *
   * @param who names the loss or metric in messages, e.g. {@code loss 'mse'}
   * @throws RecurException when the output has a time axis the mask does not fit
   */
  public static float[] weights(String who, Tensor output, Tensor mask) {
    int positions = output.size() / Math.max(1, Shape.last(output.shape()));
    float[] w = new float[positions];
    if (mask == null || output.rank() < 3) {
      Arrays.fill(w, 1f);
      return w;
    }
    if (mask.rank() != 2 || mask.dim(0) != output.dim(0) || mask.dim(1) != output.dim(1)) {
      throw new RecurException(who + ": mask " + Shape.toString(mask.shape()) + " does not fit output "
          + Shape.toString(output.shape()) + "; expected [" + output.dim(0) + ", " + output.dim(1) + "]");
    }
    float[] m = mask.data();
    int perStep = positions / m.length;
    for (int p = 0; p < positions; p++) {
      w[p] = m[p / perStep] != 0f ? 1f : 0f;
    }
    return w;
  }

  /** Number of positions with a nonzero weight. */
  public static int count(float[] weights) {
    int n = 0;
    for (float v : weights) {
      if (v != 0f) {
        n++;
      }
    }
    return n;
  }

  /** True when {@code target} holds one class index per position: the output's shape without its last dimension. */
  public static boolean holdsClassIndices(Tensor output, Tensor target) {
    int[] o = output.shape();
    return Arrays.equals(Arrays.copyOf(o, o.length - 1), target.shape());
  }

  /**
   * The class index of each weighted position (-1 where the weight is 0), checked to be an
   * integer in {@code [0, classes)}.
   */
  public static int[] classIndices(String who, Tensor target, float[] weights, int classes) {
    float[] t = target.data();
    int[] out = new int[t.length];
    for (int p = 0; p < t.length; p++) {
      if (weights[p] == 0f) {
        out[p] = -1;
        continue;
      }
      int c = (int) t[p];
      if (c != t[p] || c < 0 || c >= classes) {
        throw new RecurException(who + ": target " + t[p] + " at position " + p
            + " is not a class index in [0, " + classes + ")");
      }
      out[p] = c;
    }
    return out;
  }
}
