package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import java.io.PrintStream;
import java.util.Locale;

/**
 * A live progress line rewritten in place ({@code \r}) on a terminal: epoch, batch i/n, loss,
 * samples/s and time left. Redrawn at most ten times a second so drawing never slows training.
 */
final class ProgressLine implements TrainingListener {
  private static final long REDRAW_NANOS = 100_000_000L;
  private final PrintStream out;
  private int epochs;
  private long lastDraw;
  private int lastLength;

  ProgressLine(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStart(String experiment, int epochCount, java.util.List<String> columns) {
    this.epochs = epochCount;
  }

  @Override
  public void onBatch(int epoch, int batch, int batches, double loss, double samplesPerSecond, double secondsLeft) {
    long now = System.nanoTime();
    if (now - lastDraw < REDRAW_NANOS && batch != batches - 1) {
      return;
    }
    lastDraw = now;
    long left = Math.round(secondsLeft);
    String line = String.format(Locale.ROOT, "epoch %d/%d  batch %d/%d  loss %.4f  %.0f samples/s  left %d:%02d",
        EpochNumbers.shown(epoch), epochs, batch + 1, batches, loss, samplesPerSecond, left / 60, left % 60);
    out.print('\r' + line + " ".repeat(Math.max(0, lastLength - line.length())));
    lastLength = line.length();
    out.flush();
  }

  @Override
  public void onEpoch(EpochResult result) {
    clear();
  }

  @Override
  public void onNotice(String message) {
    clear();
  }

  private void clear() {
    if (lastLength > 0) {
      out.print('\r' + " ".repeat(lastLength) + '\r');
      out.flush();
      lastLength = 0;
    }
  }
}
