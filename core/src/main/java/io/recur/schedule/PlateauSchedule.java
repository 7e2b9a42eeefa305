package io.recur.schedule;

import io.recur.spi.RecurException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * ReduceLROnPlateau with a relative threshold: after each epoch, the monitored value improves on
 * the best so far when {@code a < best · (1 − threshold)} (min) or {@code a > best · (1 +
 * threshold)} (max); otherwise the epoch is bad. During a cooldown bad epochs are not counted.
 * When more than {@code patience} bad epochs have passed, the rate becomes {@code max(lr ·
 * factor, min_lr)} (unless that changes it by less than 1e-8), the cooldown starts and the count
 * resets. A NaN value is never an improvement.
 */
final class PlateauSchedule implements LrSchedule {
  private static final double EPS = 1e-8;
  static final String BEST = "best";
  static final String BAD_EPOCHS = "bad_epochs";
  static final String COOLDOWN_LEFT = "cooldown_left";
  static final String RATE = "rate";

  private final Monitor monitor;
  private final double factor;
  private final int patience;
  private final double threshold;
  private final int cooldown;
  private final double minRate;
  private double rate;
  private double best;
  private int badEpochs;
  private int cooldownLeft;

  PlateauSchedule(double base, Monitor monitor, double factor, int patience, double threshold, int cooldown,
      double minRate) {
    this.monitor = monitor;
    this.factor = factor;
    this.patience = patience;
    this.threshold = threshold;
    this.cooldown = cooldown;
    this.minRate = minRate;
    this.rate = base;
    this.best = monitor.worst();
  }

  @Override
  public double rateFor(int epoch) {
    return rate;
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> metrics) {
    double current = monitor.valueIn(metrics);
    if (better(current)) {
      best = current;
      badEpochs = 0;
    } else {
      badEpochs++;
    }
    if (cooldownLeft > 0) {
      cooldownLeft--;
      badEpochs = 0;
    }
    if (badEpochs > patience) {
      double reduced = Math.max(rate * factor, minRate);
      if (rate - reduced > EPS) {
        rate = reduced;
      }
      cooldownLeft = cooldown;
      badEpochs = 0;
    }
  }

  private boolean better(double a) {
    return monitor.higherIsBetter() ? a > best * (threshold + 1) : a < best * (1 - threshold);
  }

  /** Doubles as their exact bits, so a restored schedule compares exactly as the original did. */
  @Override
  public Map<String, String> state() {
    Map<String, String> s = new LinkedHashMap<>();
    s.put(RATE, Long.toHexString(Double.doubleToRawLongBits(rate)));
    s.put(BEST, Long.toHexString(Double.doubleToRawLongBits(best)));
    s.put(BAD_EPOCHS, Integer.toString(badEpochs));
    s.put(COOLDOWN_LEFT, Integer.toString(cooldownLeft));
    return s;
  }

  @Override
  public void restore(Map<String, String> state, String source) {
    try {
      rate = Double.longBitsToDouble(Long.parseUnsignedLong(state.get(RATE), 16));
      best = Double.longBitsToDouble(Long.parseUnsignedLong(state.get(BEST), 16));
      badEpochs = Integer.parseInt(state.get(BAD_EPOCHS));
      cooldownLeft = Integer.parseInt(state.get(COOLDOWN_LEFT));
    } catch (RuntimeException e) {
      throw new RecurException(source + ": the plateau schedule's state " + state + " is malformed; expected "
          + RATE + ", " + BEST + ", " + BAD_EPOCHS + " and " + COOLDOWN_LEFT);
    }
  }
}
