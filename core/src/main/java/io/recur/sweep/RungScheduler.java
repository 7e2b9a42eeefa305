package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.engine.DataDirectory;
import io.recur.registry.Registry;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Runs a halving or Hyperband sweep rung by rung on any {@link TrialExecutor}. Rungs are
 * synchronous: a rung's trials run together (in parallel, as the executor likes), and the rung is
 * ranked only once every one of them has finished, from their {@link RungRecords}. The ranking
 * depends on nothing but those results: configurations by the metric's mean over their seeds
 * (direction-aware; NaN and failed last), ties to the configuration written first, never to the
 * one that finished first. So the same sweep promotes the same trials, with the same bits, on
 * one worker or sixteen, locally or on Spark, and after a kill and {@code --resume}: a rung whose
 * records are all there is ranked again without training, and a trial without its record is
 * trained on from its checkpoint.
 */
public final class RungScheduler {
  /** Makes the runner of one rung's trials: bracket, rung. */
  @FunctionalInterface
  public interface Runners {
    RungTrialRunner forRung(int bracket, int rung);
  }

  /** Hears of each rung as it is ranked (the console). */
  @FunctionalInterface
  public interface RungListener {
    void ranked(RungOutcome outcome, RungSchedule.Rung rung);
  }

  private final Sweep sweep;
  private final RungPlan plan;
  private final RungRecords records;

  public RungScheduler(Sweep sweep, RungRecords records) {
    this.sweep = requireNonNull(sweep, "sweep is null");
    this.plan = sweep.rungs().orElseThrow(() -> new IllegalArgumentException("sweep " + sweep.name()
        + " (method " + sweep.spec().method().yamlName() + ") has no rungs"));
    this.records = requireNonNull(records, "records is null");
  }

  /** A runner for each rung: trains trials on from their checkpoints and records them. */
  public static Runners runners(Sweep sweep, SweepDirectory directory, RungRecords records, Registry registry,
      DataDirectory data, String resumeCommand) {
    return (bracket, rung) -> new RungTrialRunner(sweep, directory, records, registry, data, resumeCommand, bracket,
        rung);
  }

  /**
   * Runs every bracket's rungs in order, each rung's unrecorded trials at once on {@code executor}.
   *
   * @return every rung's outcome, in the order they ran
   * @throws RuntimeException as the executor throws it (an internal failure); the rungs recorded so far stay
   */
  public List<RungOutcome> run(TrialExecutor executor, TrialExecutor.Settings settings, Runners runners,
      TrialListener listener, RungListener rungListener) {
    List<RungOutcome> outcomes = new ArrayList<>();
    List<RungSchedule.Bracket> shapes = plan.schedule().brackets();
    for (int b = 0; b < shapes.size(); b++) {
      RungSchedule.Bracket shape = shapes.get(b);
      List<RungPlan.Configuration> alive = plan.brackets().get(b);
      for (RungSchedule.Rung rung : shape.rungs()) {
        List<Trial> pending = new ArrayList<>();
        for (RungPlan.Configuration c : alive) {
          for (Trial t : c.trials()) {
            if (records.result(shape.number(), rung.index(), t.id()).isEmpty()) {
              // the trial as planned, to this rung's length: same id, same folder, trained on
              pending.add(new Trial(t.index(), t.id(), t.assignments(), t.spec().withEpochs(rung.epochs())));
            }
          }
        }
        if (!pending.isEmpty()) {
          RungTrialRunner runner = runners.forRung(shape.number(), rung.index());
          executor.run(pending.stream().map(runner::portable).toList(), runner, settings, listener);
        }
        RungOutcome outcome = rank(shape.number(), rung, alive);
        outcomes.add(outcome);
        rungListener.ranked(outcome, rung);
        alive = outcome.ranked().stream().filter(r -> r.decision() == RungOutcome.Decision.PROMOTED)
            .map(RungOutcome.Ranked::configuration).toList();
        if (alive.isEmpty()) {
          break;
        }
      }
    }
    return outcomes;
  }

  /** Ranks the rung from its records and decides who goes on. */
  RungOutcome rank(int bracket, RungSchedule.Rung rung, List<RungPlan.Configuration> configurations) {
    String metric = sweep.metric();
    List<RungOutcome.Ranked> scored = new ArrayList<>();
    for (RungPlan.Configuration c : configurations) {
      List<TrialResult> results = new ArrayList<>();
      for (Trial t : c.trials()) {
        Optional<TrialResult> r = records.result(bracket, rung.index(), t.id());
        results.add(r.orElseThrow(() -> new IllegalStateException("trial " + t.id() + " has no record of rung "
            + rung.index() + " after the executor returned")));
      }
      boolean failed = results.stream().anyMatch(r -> !r.ok());
      double score = failed ? Double.NaN : mean(results, metric);
      scored.add(new RungOutcome.Ranked(c, results, score, failed ? RungOutcome.Decision.FAILED
          : RungOutcome.Decision.STOPPED));
    }
    boolean maximize = sweep.maximize();
    scored.sort(Comparator.comparingInt((RungOutcome.Ranked r) -> r.decision() == RungOutcome.Decision.FAILED ? 2
            : Double.isNaN(r.score()) ? 1 : 0)
        .thenComparingDouble(r -> maximize ? -r.score() : r.score())
        .thenComparingInt(r -> r.configuration().order()));
    List<RungOutcome.Ranked> ranked = new ArrayList<>();
    boolean last = rung.keep() == 0;
    int promoted = 0;
    for (RungOutcome.Ranked r : scored) {
      RungOutcome.Decision d = r.decision();
      if (d != RungOutcome.Decision.FAILED) {
        if (last) {
          d = RungOutcome.Decision.FINISHED;
        } else if (promoted < rung.keep() && !Double.isNaN(r.score())) {
          d = RungOutcome.Decision.PROMOTED;
          promoted++;
        }
      }
      ranked.add(new RungOutcome.Ranked(r.configuration(), r.results(), r.score(), d));
    }
    return new RungOutcome(bracket, rung.index(), rung.epochs(), ranked);
  }

  /** The mean of {@code metric} over the seeds' results, summed in seed order; NaN when one lacks it. */
  private static double mean(List<TrialResult> results, String metric) {
    double sum = 0;
    for (TrialResult r : results) {
      sum += r.last().getOrDefault(metric, Double.NaN);
    }
    return sum / results.size();
  }
}
