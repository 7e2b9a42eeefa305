package io.recur.spi.sweep;

/**
 * Runs one trial to the end in this JVM: trains it into its run directory and writes its finished
 * marker. Thread-safe: an executor calls it for several trials at once, each call self-contained
 * (its own injector and random streams), so results do not depend on what else runs.
 */
@FunctionalInterface
public interface TrialRunner {
  /**
   * @return the trial's outcome; a trial that fails for a reason of its own (diverged, bad data)
   *     returns a failed result rather than throwing
   * @throws RuntimeException for an internal failure, which ends the sweep; the trial is then
   *     not marked finished and {@code --resume} runs it again
   */
  TrialResult run(PortableTrial trial);
}
