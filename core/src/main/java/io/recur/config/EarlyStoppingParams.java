package io.recur.config;

import io.recur.spi.ParamSpec;
import java.util.List;

/**
 * The declared keys of {@code training.early_stopping} (Keras' {@code EarlyStopping} and
 * Lightning's semantics): training stops once the monitored metric has not improved by more
 * than {@code min_delta} for {@code patience} epochs in a row, and {@code model/} holds the
 * epoch with the best value. A {@code patience} of at least {@code training.epochs} keeps the
 * best model without ever stopping early.
 */
public final class EarlyStoppingParams {
  private EarlyStoppingParams() {}

  /** {@code auto}: lower is better for losses, higher for metrics that say so (accuracy). */
  public static final String AUTO = "auto";
  public static final String MIN = "min";
  public static final String MAX = "max";

  public static final ParamSpec<String> MONITOR = ParamSpec.ofString("monitor").byDefault("val.loss")
      .doc("the metric column to watch, <split>.<metric> as in metrics.jsonl");
  public static final ParamSpec<String> MODE = ParamSpec.ofChoice("mode", AUTO, MIN, MAX).byDefault(AUTO)
      .doc("min: lower is better, max: higher is better, auto: from the metric (min for losses)");
  public static final ParamSpec<Integer> PATIENCE = ParamSpec.ofInt("patience").min(1).byDefault(5)
      .doc("epochs without improvement before training stops");
  public static final ParamSpec<Double> MIN_DELTA = ParamSpec.ofDouble("min_delta").min(0).byDefault(0.0)
      .doc("the smallest change that counts as an improvement");

  public static List<ParamSpec<?>> all() {
    return List.of(MONITOR, MODE, PATIENCE, MIN_DELTA);
  }
}
