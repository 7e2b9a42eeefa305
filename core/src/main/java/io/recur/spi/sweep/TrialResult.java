package io.recur.spi.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a finished trial left: its final and best metrics, or why it failed. Written as the
 * trial's marker ({@code trial.json}) and read back by {@code --resume} and the summaries, so a
 * resumed sweep summarises exactly what an uninterrupted one would. Immutable, and serializable
 * so that a distributed executor can send it from the worker that ran the trial back to the sweep.
 *
 * @param id the trial id
 * @param index the trial's position in the sweep
 * @param assignments {@code path → value text}, as the trial set them
 * @param seed the experiment seed
 * @param error null when the trial trained to the end; else why it stopped (a diverged loss)
 * @param epochs epochs completed
 * @param last each metric ({@code val.loss}) after the last epoch
 * @param best each metric's best value over the epochs (lowest loss, highest accuracy)
 * @param seconds wall time of the trial
 */
public record TrialResult(String id, int index, Map<String, String> assignments, long seed, String error,
    int epochs, Map<String, Double> last, Map<String, Double> best, double seconds) implements Serializable {
  private static final long serialVersionUID = 1L;

  public TrialResult {
    requireNonNull(id, "id is null");
    assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
    last = Collections.unmodifiableMap(new LinkedHashMap<>(last));
    best = Collections.unmodifiableMap(new LinkedHashMap<>(best));
  }

  public boolean ok() {
    return error == null;
  }

  /** The result of {@code trial} stopped with {@code error}: by itself, or given up on by the executor. */
  public static TrialResult failed(PortableTrial trial, String error, double seconds) {
    return new TrialResult(trial.id(), trial.index(), trial.assignments(), trial.seed(),
        requireNonNull(error, "error is null"), 0, Map.of(), Map.of(), seconds);
  }
}
