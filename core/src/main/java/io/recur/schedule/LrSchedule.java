package io.recur.schedule;

import io.recur.config.LrScheduleParams;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import java.util.List;
import java.util.Map;

/**
 * The learning rate epoch by epoch, with the semantics of a PyTorch scheduler stepped once per
 * epoch (see {@link LrScheduleParams}). The trainer asks {@link #rateFor} at the start of every
 * epoch and reports each finished epoch's metrics to {@link #onEpochEnd}; a checkpoint keeps
 * {@link #state()} so a resumed run continues with the same rates.
 */
public interface LrSchedule {
  /** The rate for epoch {@code epoch} (0-based); called once per epoch, in order. */
  double rateFor(int epoch);

  /** After epoch {@code epoch} has been evaluated. Only the plateau schedule listens. */
  default void onEpochEnd(int epoch, Map<String, Double> metrics) {}

  /** Whatever the schedule has learnt from metrics, as text for a checkpoint; empty when stateless. */
  default Map<String, String> state() {
    return Map.of();
  }

  /** Puts back {@link #state()}; {@code source} names the checkpoint in messages. */
  default void restore(Map<String, String> state, String source) {}

  /**
   * The schedule of a {@code training.lr_schedule} section.
   *
   * @param section the section, or {@code null} for a constant rate
   * @param baseRate the optimizer's configured learning rate
   * @param epochs {@code training.epochs}
   * @param columns the metric columns every epoch reports (for the plateau monitor)
   * @param higherIsBetter metric label → its direction (for {@code mode: auto})
   * @throws RecurException when the plateau monitor names a column that is not reported
   */
  static LrSchedule of(Params section, double baseRate, int epochs, List<String> columns,
      Map<String, Boolean> higherIsBetter) {
    if (section == null) {
      return e -> baseRate;
    }
    int warmup = section.get(LrScheduleParams.WARMUP_EPOCHS);
    LrSchedule main = switch (section.get(LrScheduleParams.TYPE)) {
      case LrScheduleParams.STEP -> Schedules.step(baseRate, section.get(LrScheduleParams.STEP_SIZE),
          section.get(LrScheduleParams.GAMMA));
      case LrScheduleParams.EXPONENTIAL -> Schedules.exponential(baseRate, section.get(LrScheduleParams.GAMMA));
      case LrScheduleParams.COSINE -> {
        Integer tMax = section.get(LrScheduleParams.T_MAX);
        yield Schedules.cosine(baseRate, tMax != null ? tMax : Math.max(1, epochs - warmup),
            section.get(LrScheduleParams.ETA_MIN));
      }
      case LrScheduleParams.PLATEAU -> new PlateauSchedule(baseRate,
          Monitor.resolve(section.get(LrScheduleParams.MONITOR), section.get(LrScheduleParams.MODE),
              "training.lr_schedule.monitor", columns, higherIsBetter),
          section.get(LrScheduleParams.FACTOR), section.get(LrScheduleParams.PATIENCE),
          section.get(LrScheduleParams.THRESHOLD), section.get(LrScheduleParams.COOLDOWN),
          section.get(LrScheduleParams.MIN_LR));
      default -> e -> baseRate;
    };
    return warmup == 0 ? main : new WarmupSchedule(baseRate, warmup, section.get(LrScheduleParams.WARMUP_START_FACTOR), main);
  }
}
