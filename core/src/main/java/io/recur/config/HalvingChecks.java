package io.recur.config;

import io.recur.spi.Params;

/** Checks that only halving and Hyperband sweeps need, made before any trial runs. */
final class HalvingChecks {
  private HalvingChecks() {}

  /**
   * A halving sweep trains a promoted trial on from its checkpoint to a longer run, and promises
   * that it ends with the bits of the same configuration trained straight to that length. A cosine
   * schedule whose {@code t_max} follows {@code training.epochs} stretches mid-run instead, so it
   * would break that promise silently; it is refused with the fix.
   *
   * @throws ConfigException when the experiment's rates depend on {@code training.epochs}
   */
  static void refuseEpochDependentSchedule(ExperimentSpec base, Location block) {
    Params schedule = base.training().get(TrainingParams.LR_SCHEDULE);
    if (schedule == null) {
      return;
    }
    if (LrScheduleParams.COSINE.equals(schedule.get(LrScheduleParams.TYPE)) && schedule.get(LrScheduleParams.T_MAX) == null) {
      throw new ConfigException(block.toString(), SweepParser.KEY, "training.lr_schedule is cosine without t_max, so its rates "
          + "follow training.epochs, and a trial resumed to a longer rung would not equal one trained straight to "
          + "it; expected an explicit training.lr_schedule.t_max (or a schedule that does not follow the epochs) for "
          + "a halving or hyperband sweep");
    }
  }
}
