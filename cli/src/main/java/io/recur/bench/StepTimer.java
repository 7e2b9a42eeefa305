package io.recur.bench;

import java.util.Arrays;

/**
 * Times a repeated step the way every bench case does: a warm-up, then the median step over a
 * fixed measuring time.
 */
final class StepTimer {
  private final double seconds;

  /** @param seconds how long steps are measured, after the warm-up */
  StepTimer(double seconds) {
    this.seconds = seconds;
  }

  /**
   * The median seconds of one step after a warm-up: half of {@link #seconds} but at least 2 s
   * (and 5 steps), longer (up to 10 s more) while the recent steps are still much slower than
   * the best one, as they are until C2 has compiled the kernels (the Vector API is very slow
   * before that, and a loaded machine compiles late). Then steps for {@link #seconds} (at least 5).
   */
  double medianSeconds(Runnable step) {
    long start = System.nanoTime();
    long warmEnd = start + (long) (Math.max(2.0, seconds / 2) * 1e9);
    long warmLimit = warmEnd + 10_000_000_000L;
    double[] recent = new double[5];
    double best = Double.MAX_VALUE;
    for (int i = 0; ; i++) {
      long t0 = System.nanoTime();
      step.run();
      long now = System.nanoTime();
      double t = (now - t0) / 1e9;
      best = Math.min(best, t);
      recent[i % recent.length] = t;
      if (i >= 4 && now >= warmEnd && (now >= warmLimit || median(recent.clone(), recent.length) < 1.3 * best)) {
        break;
      }
    }
    double[] times = new double[10_000];
    int count = 0;
    long end = System.nanoTime() + (long) (seconds * 1e9);
    while (count < 5 || (System.nanoTime() < end && count < times.length)) {
      long t0 = System.nanoTime();
      step.run();
      times[count++] = (System.nanoTime() - t0) / 1e9;
    }
    return median(times, count);
  }

  private static double median(double[] values, int count) {
    Arrays.sort(values, 0, count);
    return values[count / 2];
  }
}
