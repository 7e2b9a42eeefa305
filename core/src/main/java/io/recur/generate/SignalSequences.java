package io.recur.generate;

import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * The whole signal behind the samples of a next-step split, so that generation can be primed
 * with its start and compared with its true continuation.
 *
 * <ul>
 *   <li>Per-step data (inputs {@code [N, T, F]}, targets the inputs one step ahead, {@code [N, T,
 *       F]}): sample i is the signal {@code inputs[i][0 … T−1]} followed by {@code
 *       targets[i][T−1]}, T + 1 values.
 *   <li>Many-to-one data (inputs {@code [N, W, F]}, targets {@code [N, F]}) where each sample's
 *       window is the previous one moved on by a step (a chronological series split): from
 *       sample i on, the signal is {@code inputs[i]} followed by {@code targets[i]}, {@code
 *       targets[i+1]}, … for as long as the windows stay consecutive.
 * </ul>
 *
 * <p>Values are in the dataset's units (normalised where it normalises).
 */
public final class SignalSequences {
  private SignalSequences() {}

  /**
   * The signal starting at sample {@code sample} of {@code split}, {@code [L][F]}.
   *
   * @throws RecurException when the split's targets are not its inputs one step ahead (nothing to
   *     compare a generated continuation with), or the sample does not exist
   */
  public static float[][] of(Split split, int sample, String splitName) {
    if (sample < 0 || sample >= split.size()) {
      throw new RecurException("sample " + sample + " does not exist; the " + splitName + " split has " + split.size()
          + " samples (0 to " + (split.size() - 1) + ")");
    }
    Tensor in = split.inputs();
    Tensor tg = split.targets();
    if (in.rank() != 3) {
      throw notNextStep(splitName);
    }
    int t = in.dim(1);
    int f = in.dim(2);
    float[] x = in.data();
    float[] y = tg.data();
    if (Arrays.equals(in.shape(), tg.shape())) {
      int base = sample * t * f;
      for (int s = 0; s + 1 < t; s++) {
        for (int k = 0; k < f; k++) {
          if (y[base + s * f + k] != x[base + (s + 1) * f + k]) {
            throw notNextStep(splitName);
          }
        }
      }
      float[][] out = new float[t + 1][];
      for (int s = 0; s < t; s++) {
        out[s] = Arrays.copyOfRange(x, base + s * f, base + (s + 1) * f);
      }
      out[t] = Arrays.copyOfRange(y, base + (t - 1) * f, base + t * f);
      return out;
    }
    if (tg.rank() == 2 && tg.dim(1) == f) {
      int end = sample;
      // consecutive windows: sample j+1 reads sample j's window moved on by one, ending in its target
      while (end + 1 < split.size() && consecutive(x, y, end, t, f)) {
        end++;
      }
      int base = sample * t * f;
      float[][] out = new float[t + end - sample + 1][];
      for (int s = 0; s < t; s++) {
        out[s] = Arrays.copyOfRange(x, base + s * f, base + (s + 1) * f);
      }
      for (int j = sample; j <= end; j++) {
        out[t + j - sample] = Arrays.copyOfRange(y, j * f, (j + 1) * f);
      }
      return out;
    }
    throw notNextStep(splitName);
  }

  private static boolean consecutive(float[] x, float[] y, int j, int t, int f) {
    int cur = j * t * f;
    int next = (j + 1) * t * f;
    for (int s = 0; s + 1 < t; s++) {
      for (int k = 0; k < f; k++) {
        if (x[next + s * f + k] != x[cur + (s + 1) * f + k]) {
          return false;
        }
      }
    }
    for (int k = 0; k < f; k++) {
      if (x[next + (t - 1) * f + k] != y[j * f + k]) {
        return false;
      }
    }
    return true;
  }

  private static RecurException notNextStep(String splitName) {
    return new RecurException("the " + splitName + " split's targets are not its inputs one step ahead, so it holds no"
        + " signal to prime generation with and compare against; give the values to start from with --prime");
  }
}
