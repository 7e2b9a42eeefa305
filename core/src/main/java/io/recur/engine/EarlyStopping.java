package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.schedule.Monitor;
import java.util.Locale;

/**
 * Keras' and Lightning's early stopping: an epoch improves when the monitored value beats the
 * best so far by more than {@code minDelta}; after {@code patience} epochs in a row without
 * improvement, training stops. NaN never improves. Its state lives in {@link Progress}, so a
 * checkpoint carries it.
 */
final class EarlyStopping {
  private final Monitor monitor;
  private final int patience;
  private final double minDelta;

  EarlyStopping(Monitor monitor, int patience, double minDelta) {
    this.monitor = monitor;
    this.patience = patience;
    this.minDelta = minDelta;
  }

  Monitor monitor() {
    return monitor;
  }

  /** Updates {@code p} with epoch {@code r}; returns true when this epoch is the new best. */
  boolean update(Progress p, EpochResult r) {
    double v = monitor.valueIn(r.metrics());
    double best = p.bestEpoch < 0 ? monitor.worst() : p.bestValue;
    boolean improved = monitor.higherIsBetter() ? v > best + minDelta : v < best - minDelta;
    if (improved) {
      p.bestValue = v;
      p.bestEpoch = r.epoch();
      p.epochsWithoutImprovement = 0;
    } else {
      p.epochsWithoutImprovement++;
      if (p.epochsWithoutImprovement >= patience) {
        p.stopReason = String.format(Locale.ROOT, "early stopping: %s has not improved for %d epochs; best %.6g at epoch %d",
            monitor.column(), p.epochsWithoutImprovement, p.bestValue, EpochNumbers.shown(p.bestEpoch));
      }
    }
    return improved;
  }
}
