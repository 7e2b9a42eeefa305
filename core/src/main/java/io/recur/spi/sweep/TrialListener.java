package io.recur.spi.sweep;

/**
 * Hears about trials as an executor runs them (the console progress display). Executors may call
 * it from any thread, several at once, so implementations must be thread-safe.
 */
public interface TrialListener {
  /** Just before {@code trial} starts. */
  default void started(PortableTrial trial) {}

  /** After {@code trial} has finished (its marker written), successfully or not. */
  default void finished(PortableTrial trial, TrialResult result) {}
}
