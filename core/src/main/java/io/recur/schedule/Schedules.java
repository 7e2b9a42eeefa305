package io.recur.schedule;

/**
 * The stateless schedules, each a function of the epoch. Step and exponential decay multiply
 * the rate by gamma once per decay, in order, exactly as PyTorch's chained form does (so
 * {@code 0.1 * 0.1 * 0.1}, not {@code 0.1 * pow(0.1, 2)}); cosine uses the closed form of
 * CosineAnnealingLR with {@link StrictMath#cos}, which agrees with PyTorch's recursive form to
 * within rounding.
 */
final class Schedules {
  private Schedules() {}

  /** StepLR: {@code base · gamma^⌊t / stepSize⌋}. */
  static LrSchedule step(double base, int stepSize, double gamma) {
    return t -> decay(base, gamma, t / stepSize);
  }

  /** ExponentialLR: {@code base · gamma^t}. */
  static LrSchedule exponential(double base, double gamma) {
    return t -> decay(base, gamma, t);
  }

  /** CosineAnnealingLR: {@code η_min + (base − η_min)(1 + cos(π t / T_max)) / 2}. */
  static LrSchedule cosine(double base, int tMax, double etaMin) {
    return t -> etaMin + (base - etaMin) * (1 + StrictMath.cos(StrictMath.PI * t / tMax)) / 2;
  }

  private static double decay(double base, double gamma, int times) {
    double lr = base;
    for (int i = 0; i < times; i++) {
      lr *= gamma;
    }
    return lr;
  }
}
