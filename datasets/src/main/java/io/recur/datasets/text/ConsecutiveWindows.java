package io.recur.datasets.text;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import java.util.Map;

/**
 * A corpus cut into back-to-back windows ({@code stride} = {@code sequence_length}): in every
 * split, window w + 1 starts where window w ends, so a trainer may carry the recurrent state
 * from one to the next ({@link Dataset#consecutive()}, {@code training.carry_state}).
 */
final class ConsecutiveWindows implements Dataset {
  private final Dataset windows;

  ConsecutiveWindows(Dataset windows) {
    this.windows = requireNonNull(windows, "windows is null");
  }

  @Override
  public DataSchema schema() {
    return windows.schema();
  }

  @Override
  public Map<String, Split> splits() {
    return windows.splits();
  }

  @Override
  public String fingerprint() {
    return windows.fingerprint();
  }

  @Override
  public Map<String, Double> baselines() {
    return windows.baselines();
  }

  @Override
  public boolean consecutive() {
    return true;
  }

  @Override
  public String toString() {
    return windows.toString();
  }
}
