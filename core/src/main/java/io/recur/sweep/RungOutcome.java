package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.spi.sweep.TrialResult;
import java.util.List;
import java.util.Locale;

/**
 * One finished rung of a halving or Hyperband sweep: every configuration it trained, ranked, and
 * what became of each. Immutable.
 *
 * @param bracket Hyperband's s (0 for halving)
 * @param rung the rung's place in its bracket, from 0
 * @param epochs the length every trial of the rung was trained to
 * @param ranked the rung's configurations, best first
 */
public record RungOutcome(int bracket, int rung, int epochs, List<Ranked> ranked) {
  public RungOutcome {
    ranked = List.copyOf(ranked);
  }

  /** What a rung decided for a configuration. */
  public enum Decision {
    /** Good enough to train on in the next rung. */
    PROMOTED,
    /** Not good enough: stops here, with this rung's length. */
    STOPPED,
    /** Trained through the bracket's last rung. */
    FINISHED,
    /** A trial of it failed (diverged, bad data): it cannot go on. */
    FAILED;

    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * A configuration at the rung.
   *
   * @param configuration the configuration and its trials (one per seed)
   * @param results its trials' results at the rung, in the order of {@code configuration.trials()}
   * @param score the sweep metric's mean over the seeds; NaN when a trial gave none or failed
   * @param decision what the rung decided
   */
  public record Ranked(RungPlan.Configuration configuration, List<TrialResult> results, double score,
      Decision decision) {
    public Ranked {
      requireNonNull(configuration, "configuration is null");
      results = List.copyOf(results);
      requireNonNull(decision, "decision is null");
    }
  }
}
