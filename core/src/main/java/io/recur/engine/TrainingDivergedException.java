package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.spi.RecurException;
import java.util.Locale;

/**
 * Training produced a non-finite loss, gradient or weight. A problem of the configuration (the
 * learning rate, missing clipping, unscaled data) rather than of Recur, so the CLI exits with 2;
 * no checkpoint is written after it, so the last good one stays intact.
 */
public final class TrainingDivergedException extends RecurException {
  private static final String HINT = "Lower optimizer.learning_rate (now %s), set training.clip_norm%s, or check"
      + " the data for extreme values.";

  // epoch and batch are 0-based indices; messages count both from 1, as the progress line does
  private TrainingDivergedException(String message) {
    super(message);
  }

  static TrainingDivergedException loss(int epoch, int batch, float value, double lr) {
    return new TrainingDivergedException("epoch " + EpochNumbers.shown(epoch) + ", batch " + (batch + 1) + ": the loss is " + value
        + "; training diverged. " + hint(lr, null));
  }

  static TrainingDivergedException gradient(int epoch, int batch, String layer, String param, float value, double lr,
      Double clipNorm) {
    return new TrainingDivergedException("epoch " + EpochNumbers.shown(epoch) + ", batch " + (batch + 1) + ": the gradient of layer '" + layer
        + "' (" + layer + "." + param + ") is " + value + ", the first non-finite gradient counting back from the"
        + " output; training diverged. " + hint(lr, clipNorm));
  }

  static TrainingDivergedException weights(Progress p, String param, double lr) {
    return new TrainingDivergedException("at " + p.describe() + ": weight '" + param + "' is no longer finite;"
        + " training diverged. " + hint(lr, null));
  }

  /** A run that blew up while every number stayed finite ({@link DivergenceWatch}). */
  static TrainingDivergedException finite(String where, String what, double lr) {
    return new TrainingDivergedException(where + ": " + what + "; training diverged. " + hint(lr, null)
        + " (training.divergence: warn only warns.)");
  }

  private static String hint(double lr, Double clipNorm) {
    return String.format(Locale.ROOT, HINT, trim(lr), clipNorm == null ? "" : " lower (now " + trim(clipNorm) + ")");
  }

  private static String trim(double d) {
    return String.format(Locale.ROOT, "%.3g", d);
  }
}
