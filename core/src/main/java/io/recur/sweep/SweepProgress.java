package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * The live sweep display: a line per finished trial ({@code [ 5/36] id  val.loss 0.4123  best
 * so far 0.4011  2.1 s}), and on a terminal a status line below them that rewrites itself
 * ({@code 5 done · 2 running · 29 left · best val.loss 0.4011 (id)}). Thread-safe.
 */
public final class SweepProgress implements TrialListener {
  private final Sweep sweep;
  private final PrintStream out;
  private final PrintStream live;
  private final int total;
  private int done;
  private int running;
  private double best = Double.NaN;
  private String bestId = "";
  private int liveWidth;

  /**
   * @param live where the status line goes, or null when that is not a terminal
   * @param alreadyDone results of trials finished before this run (a resumed sweep), counted
   *     and taken into the best so far
   */
  public SweepProgress(Sweep sweep, PrintStream out, PrintStream live, Iterable<TrialResult> alreadyDone) {
    this.sweep = requireNonNull(sweep, "sweep is null");
    this.out = requireNonNull(out, "out is null");
    this.live = live;
    this.total = sweep.trials().size();
    for (TrialResult r : alreadyDone) {
      done++;
      consider(r);
    }
  }

  @Override
  public synchronized void started(PortableTrial trial) {
    running++;
    redraw();
  }

  @Override
  public synchronized void finished(PortableTrial trial, TrialResult result) {
    running--;
    done++;
    consider(result);
    clear();
    String width = Integer.toString(Integer.toString(total).length());
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "[%" + width + "d/%d] %s  ", done, total, trial.id()));
    if (result.ok()) {
      line.append(sweep.metric()).append(' ').append(SweepSummary.format(result.last().getOrDefault(sweep.metric(), Double.NaN)))
          .append("  best so far ").append(SweepSummary.format(best));
    } else {
      line.append("failed: ").append(result.error().lines().findFirst().orElse(""));
    }
    line.append(String.format(Locale.ROOT, "  %.1f s", result.seconds()));
    out.println(line);
    out.flush();
    redraw();
  }

  private void consider(TrialResult r) {
    double v = r.last().getOrDefault(sweep.metric(), Double.NaN);
    if (r.ok() && !Double.isNaN(v) && (Double.isNaN(best) || (sweep.maximize() ? v > best : v < best))) {
      best = v;
      bestId = r.id();
    }
  }

  private void redraw() {
    if (live == null) {
      return;
    }
    String status = String.format(Locale.ROOT, "%d done · %d running · %d left", done, running, total - done - running)
        + (Double.isNaN(best) ? "" : " · best " + sweep.metric() + " " + SweepSummary.format(best) + " (" + bestId + ")");
    live.print("\r" + status + " ".repeat(Math.max(0, liveWidth - status.length())));
    live.flush();
    liveWidth = status.length();
  }

  /** Removes the status line before a finished trial's line is printed, and at the end. */
  public synchronized void clear() {
    if (live != null && liveWidth > 0) {
      live.print("\r" + " ".repeat(liveWidth) + "\r");
      live.flush();
      liveWidth = 0;
    }
  }
}
