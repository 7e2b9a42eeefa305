package io.recur.config;

import io.recur.spi.ParamSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The declared keys of {@code training.lr_schedule}. The schedule sets the learning rate at the
 * start of every epoch, as a PyTorch scheduler stepped once per epoch does: {@code step}
 * (StepLR), {@code exponential} (ExponentialLR), {@code cosine} (CosineAnnealingLR), {@code
 * plateau} (ReduceLROnPlateau, relative threshold) or {@code constant}. {@code warmup_epochs}
 * puts a linear warm-up (LinearLR from {@code warmup_start_factor} to 1) in front of any of them,
 * the way SequentialLR chains two schedulers; the schedule after it counts epochs from the end of
 * the warm-up.
 *
 * <p>Each type declares its own keys ({@link #byType()}), as a registered type does: a key of
 * another type ({@code {type: cosine, gamma: 0.5}}) is an unknown key, not a setting silently
 * ignored, and the resolved config lists only the chosen type's keys.
 */
public final class LrScheduleParams {
  private LrScheduleParams() {}

  public static final String CONSTANT = "constant";
  public static final String STEP = "step";
  public static final String EXPONENTIAL = "exponential";
  public static final String COSINE = "cosine";
  public static final String PLATEAU = "plateau";

  public static final ParamSpec<String> TYPE = ParamSpec.ofChoice("type", CONSTANT, STEP, EXPONENTIAL, COSINE, PLATEAU)
      .doc("the schedule after any warm-up");
  public static final ParamSpec<Integer> STEP_SIZE = ParamSpec.ofInt("step_size").min(1).byDefault(10)
      .doc("multiply the rate by gamma every step_size epochs");
  public static final ParamSpec<Double> GAMMA = ParamSpec.ofDouble("gamma").above(0).byDefault(0.1)
      .doc("the decay factor");
  public static final ParamSpec<Integer> T_MAX = ParamSpec.ofInt("t_max").min(1).optional()
      .doc("epochs from the base rate down to eta_min; unset: the epochs after warm-up");
  public static final ParamSpec<Double> ETA_MIN = ParamSpec.ofDouble("eta_min").min(0).byDefault(0.0)
      .doc("the lowest rate");
  public static final ParamSpec<Double> FACTOR = ParamSpec.ofDouble("factor").above(0).below(1).byDefault(0.1)
      .doc("multiply the rate by this when the monitored metric stalls");
  public static final ParamSpec<Integer> PATIENCE = ParamSpec.ofInt("patience").min(0).byDefault(10)
      .doc("epochs without improvement before the rate is reduced");
  public static final ParamSpec<Double> THRESHOLD = ParamSpec.ofDouble("threshold").min(0).byDefault(1e-4)
      .doc("relative change that counts as an improvement");
  public static final ParamSpec<Integer> COOLDOWN = ParamSpec.ofInt("cooldown").min(0).byDefault(0)
      .doc("epochs to wait after a reduction before counting again");
  public static final ParamSpec<Double> MIN_LR = ParamSpec.ofDouble("min_lr").min(0).byDefault(0.0)
      .doc("the rate is never reduced below this");
  public static final ParamSpec<String> MONITOR = ParamSpec.ofString("monitor").byDefault("val.loss")
      .doc("the metric column to watch, <split>.<metric>");
  public static final ParamSpec<String> MODE = ParamSpec.ofChoice("mode",
      EarlyStoppingParams.AUTO, EarlyStoppingParams.MIN, EarlyStoppingParams.MAX).byDefault(EarlyStoppingParams.AUTO)
      .doc("min, max, or auto (from the metric: min for losses)");
  public static final ParamSpec<Integer> WARMUP_EPOCHS = ParamSpec.ofInt("warmup_epochs").min(0).byDefault(0)
      .doc("epochs of linear warm-up before the schedule; 0: none");
  public static final ParamSpec<Double> WARMUP_START_FACTOR = ParamSpec.ofDouble("warmup_start_factor")
      .above(0).max(1).byDefault(0.1).doc("the warm-up's first rate as a fraction of the base rate");

  /** Each type's own keys, in the order the resolved config lists them. */
  public static Map<String, List<ParamSpec<?>>> byType() {
    Map<String, List<ParamSpec<?>>> keys = new LinkedHashMap<>();
    keys.put(CONSTANT, List.of());
    keys.put(STEP, List.of(STEP_SIZE, GAMMA));
    keys.put(EXPONENTIAL, List.of(GAMMA));
    keys.put(COSINE, List.of(T_MAX, ETA_MIN));
    keys.put(PLATEAU, List.of(FACTOR, PATIENCE, THRESHOLD, COOLDOWN, MIN_LR, MONITOR, MODE));
    return keys;
  }

  /** The keys every type takes: the warm-up in front of it. */
  public static List<ParamSpec<?>> shared() {
    return List.of(WARMUP_EPOCHS, WARMUP_START_FACTOR);
  }

  /** The section's spec: {@code type} picks its keys. */
  public static ParamSpec<io.recur.spi.Params> section(String name) {
    return ParamSpec.ofSection(name, TYPE, byType(), shared());
  }

  /** Every key of every type, in declaration order. */
  public static List<ParamSpec<?>> all() {
    return List.of(TYPE, STEP_SIZE, GAMMA, T_MAX, ETA_MIN, FACTOR, PATIENCE, THRESHOLD, COOLDOWN, MIN_LR, MONITOR,
        MODE, WARMUP_EPOCHS, WARMUP_START_FACTOR);
  }
}
