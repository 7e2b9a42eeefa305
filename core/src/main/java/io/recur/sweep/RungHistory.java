package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.io.Json;
import io.recur.spi.sweep.TrialResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * What a halving or Hyperband sweep did, trial by trial: the metric at every rung a trial
 * reached, where it stopped, the winner, and the epochs spent against a full grid's. Built from
 * the rungs' outcomes, which come from the rung records alone, so it is the same text with any
 * number of workers and after {@code --resume}. Immutable.
 */
public final class RungHistory {
  /** One trial at one rung. */
  public record Step(int bracket, int rung, int epochs, double value, RungOutcome.Decision decision) {}

  private final Sweep sweep;
  private final List<RungOutcome> outcomes;
  private final Map<String, List<Step>> steps = new LinkedHashMap<>();
  private final Map<String, Long> spent = new HashMap<>();
  private final RungOutcome.Ranked winner;
  private final int winnerBracket;

  private RungHistory(Sweep sweep, List<RungOutcome> outcomes) {
    this.sweep = sweep;
    this.outcomes = List.copyOf(outcomes);
    RungOutcome.Ranked best = null;
    int bestBracket = -1;
    for (RungOutcome o : outcomes) {
      for (RungOutcome.Ranked r : o.ranked()) {
        for (int i = 0; i < r.results().size(); i++) {
          TrialResult result = r.results().get(i);
          steps.computeIfAbsent(result.id(), k -> new ArrayList<>()).add(new Step(o.bracket(), o.rung(), o.epochs(),
              result.last().getOrDefault(sweep.metric(), Double.NaN), r.decision()));
          spent.merge(result.id(), (long) result.epochs(), Math::max);
        }
        // brackets end at the same length: the best finisher of any bracket wins, the earlier bracket on a tie
        if (r.decision() == RungOutcome.Decision.FINISHED && !Double.isNaN(r.score())
            && (best == null || (sweep.maximize() ? r.score() > best.score() : r.score() < best.score()))) {
          best = r;
          bestBracket = o.bracket();
        }
      }
    }
    this.winner = best;
    this.winnerBracket = bestBracket;
  }

  public static RungHistory of(Sweep sweep, List<RungOutcome> outcomes) {
    return new RungHistory(requireNonNull(sweep, "sweep is null"), requireNonNull(outcomes, "outcomes is null"));
  }

  /** The trial's rungs in the order it ran them; empty for a trial of a bracket that never started it. */
  public List<Step> steps(String trialId) {
    return steps.getOrDefault(trialId, List.of());
  }

  /** The trial's last rung: its length and decision. */
  public Optional<Step> last(String trialId) {
    List<Step> s = steps(trialId);
    return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
  }

  /** The metric at the rung of {@code epochs} epochs; NaN when the trial did not reach it. */
  public double valueAt(String trialId, int epochs) {
    for (Step s : steps(trialId)) {
      if (s.epochs() == epochs) {
        return s.value();
      }
    }
    return Double.NaN;
  }

  /** Every rung length of the sweep, shortest first: the columns of the rung history. */
  public List<Integer> rungEpochs() {
    TreeSet<Integer> all = new TreeSet<>();
    outcomes.forEach(o -> all.add(o.epochs()));
    return new ArrayList<>(all);
  }

  /** The best configuration that trained to the end, by its mean over seeds; empty when none did. */
  public Optional<RungOutcome.Ranked> winner() {
    return Optional.ofNullable(winner);
  }

  public boolean isWinner(Trial trial) {
    return winner != null && winner.results().stream().anyMatch(r -> r.id().equals(trial.id()));
  }

  /** Epochs the sweep trained, every trial counted once to the length it reached. */
  public long epochsSpent() {
    return spent.values().stream().mapToLong(Long::longValue).sum();
  }

  public long epochsSpent(String trialId) {
    return spent.getOrDefault(trialId, 0L);
  }

  /** Epochs a grid over the same configurations and seeds would train. */
  public long gridEpochs() {
    RungPlan plan = sweep.rungs().orElseThrow();
    return plan.gridEpochs(sweep.configurations(), sweep.repeats());
  }

  /** {@code units=12,learning_rate=0.02 (bracket 0)  val.accuracy 0.9375 (mean over its seeds)}. */
  public String winnerLine() {
    if (winner == null) {
      return "none; no configuration trained to the end";
    }
    return winner.configuration().label()
        + (sweep.rungs().orElseThrow().schedule().brackets().size() > 1 ? " (bracket " + winnerBracket + ")" : "")
        + "  " + sweep.metric() + " " + SweepSummary.format(winner.score())
        + (winner.results().size() > 1 ? " (mean over its seeds)" : "");
  }

  /** {@code 1234 epochs, 27% of a full grid's 4536}. */
  public String budgetLine() {
    return epochsSpent() + " epochs, " + percent(epochsSpent(), gridEpochs()) + " of a full grid's " + gridEpochs();
  }

  static String percent(long part, long whole) {
    return whole == 0 ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100.0 * part / whole);
  }

  public List<RungOutcome> outcomes() {
    return outcomes;
  }

  /**
   * {@code rungs.jsonl}: one object per trial and rung, in the order the rungs ran and, within a
   * rung, best configuration first: bracket, rung, epochs, trial, metric value, the configuration's
   * mean, its place and the decision. No wall times, so it compares as text.
   */
  public String jsonl() {
    StringBuilder b = new StringBuilder();
    for (RungOutcome o : outcomes) {
      int place = 1;
      for (RungOutcome.Ranked r : o.ranked()) {
        for (TrialResult t : r.results()) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("bracket", o.bracket());
          m.put("rung", o.rung());
          m.put("epochs", o.epochs());
          m.put("trial", t.id());
          m.put("status", t.ok() ? TrialMarker.OK : TrialMarker.FAILED);
          m.put(sweep.metric(), finite(t.last().getOrDefault(sweep.metric(), Double.NaN)));
          m.put("configuration_mean", finite(r.score()));
          m.put("place", place);
          m.put("decision", r.decision().text());
          b.append(Json.write(m)).append('\n');
        }
        place++;
      }
    }
    return b.toString();
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }

  /** The bracket the winner finished in. */
  public int winnerBracket() {
    return winnerBracket;
  }
}
