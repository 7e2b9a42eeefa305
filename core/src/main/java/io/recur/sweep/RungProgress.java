package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The console display of a halving or Hyperband sweep: a line per trial as it reaches its rung
 * ({@code [b0 r1 4/9] id  val.accuracy 0.8125  3 epochs  1.2 s}), and per ranked rung a line
 * with what was kept. Thread-safe.
 */
public final class RungProgress implements TrialListener, RungScheduler.RungListener {
  private final Sweep sweep;
  private final PrintStream out;
  private int done;

  public RungProgress(Sweep sweep, PrintStream out) {
    this.sweep = requireNonNull(sweep, "sweep is null");
    this.out = requireNonNull(out, "out is null");
  }

  @Override
  public synchronized void finished(PortableTrial trial, TrialResult result) {
    done++;
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%d] %s  ", done, trial.id()));
    if (result.ok()) {
      line.append(sweep.metric()).append(' ')
          .append(SweepSummary.format(result.last().getOrDefault(sweep.metric(), Double.NaN)))
          .append("  ").append(result.epochs()).append(result.epochs() == 1 ? " epoch" : " epochs");
    } else {
      line.append("failed: ").append(result.error().lines().findFirst().orElse(""));
    }
    line.append(String.format(Locale.ROOT, "  %.1f s", result.seconds()));
    out.println(line);
    out.flush();
  }

  @Override
  public synchronized void ranked(RungOutcome outcome, RungSchedule.Rung rung) {
    long kept = outcome.ranked().stream().filter(r -> r.decision() == RungOutcome.Decision.PROMOTED).count();
    RungOutcome.Ranked best = outcome.ranked().get(0);
    out.println("bracket " + outcome.bracket() + ", rung " + outcome.rung() + " (" + outcome.epochs()
        + (outcome.epochs() == 1 ? " epoch" : " epochs") + "): " + outcome.ranked().size() + " ranked, "
        + (rung.keep() == 0 ? "bracket done" : kept + " promoted") + "; best " + best.configuration().label() + " "
        + sweep.metric() + " " + SweepSummary.format(best.score()));
    out.flush();
  }
}
