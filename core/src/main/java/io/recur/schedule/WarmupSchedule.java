package io.recur.schedule;

import java.util.Map;

/**
 * Linear warm-up in front of another schedule: PyTorch's {@code SequentialLR([LinearLR(optimizer,
 * start_factor, 1.0, total_iters=w), main], milestones=[w])}. Epoch {@code t < w} gets {@code
 * base · (s + (1 − s) · t / w)}; from epoch {@code w} on, the main schedule runs with its own
 * epochs counted from 0, and it hears only the metrics of epochs after the warm-up.
 */
final class WarmupSchedule implements LrSchedule {
  private final double base;
  private final int epochs;
  private final double startFactor;
  private final LrSchedule main;

  WarmupSchedule(double base, int epochs, double startFactor, LrSchedule main) {
    this.base = base;
    this.epochs = epochs;
    this.startFactor = startFactor;
    this.main = main;
  }

  @Override
  public double rateFor(int epoch) {
    if (epoch < epochs) {
      return base * (startFactor + (1 - startFactor) * epoch / epochs);
    }
    return main.rateFor(epoch - epochs);
  }

  @Override
  public void onEpochEnd(int epoch, Map<String, Double> metrics) {
    if (epoch >= epochs) {
      main.onEpochEnd(epoch - epochs, metrics);
    }
  }

  @Override
  public Map<String, String> state() {
    return main.state();
  }

  @Override
  public void restore(Map<String, String> state, String source) {
    main.restore(state, source);
  }
}
