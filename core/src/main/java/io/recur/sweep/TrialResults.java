package io.recur.sweep;

import io.recur.config.Assignment;
import io.recur.model.EpochResult;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Makes a {@link TrialResult} from what a trial's training returned. */
final class TrialResults {
  private TrialResults() {}

  /**
   * The result of a trial that trained to the end.
   *
   * @param higherIsBetter whether a metric key ({@code val.accuracy}) is better when higher
   */
  static TrialResult finished(PortableTrial trial, List<EpochResult> epochs, Predicate<String> higherIsBetter,
      double seconds) {
    Map<String, Double> last = epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1).metrics();
    Map<String, Double> best = new LinkedHashMap<>();
    for (EpochResult e : epochs) {
      e.metrics().forEach((key, v) -> best.merge(key, v, (a, b) -> better(a, b, higherIsBetter.test(key))));
    }
    return new TrialResult(trial.id(), trial.index(), trial.assignments(), trial.seed(), null, epochs.size(), last,
        best, seconds);
  }

  /** {@code path → value text} of the trial's assignments. */
  static Map<String, String> assignments(Trial trial) {
    Map<String, String> a = new LinkedHashMap<>();
    for (Assignment x : trial.assignments()) {
      a.put(x.path(), x.text());
    }
    return a;
  }

  /** NaN (an epoch with nothing to evaluate) never wins over a number. */
  private static double better(double a, double b, boolean higher) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return higher ? Math.max(a, b) : Math.min(a, b);
  }
}
