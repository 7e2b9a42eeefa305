package io.recur.builtin.init;

import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.distribution.UniformRealDistribution;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Fills tensors from Commons Math distributions, one draw per element in row-major order, so a
 * seeded stream always gives the same bits in the same places.
 */
final class Fill {
  private Fill() {}

  /** U(−bound, bound); bound must be > 0. */
  static void uniform(Tensor t, double bound, RandomGenerator random) {
    UniformRealDistribution d = new UniformRealDistribution(random, -bound, bound);
    float[] x = t.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) d.sample();
    }
  }

  /** N(mean, std²); std must be > 0. */
  static void normal(Tensor t, double mean, double std, RandomGenerator random) {
    NormalDistribution d = new NormalDistribution(random, mean, std);
    float[] x = t.data();
    for (int i = 0; i < x.length; i++) {
      x[i] = (float) d.sample();
    }
  }

  /** {@code fan} checked to be positive, with a message naming the initialiser and the tensor. */
  static double positiveFan(String initializer, String what, int fan, Tensor t) {
    if (fan <= 0) {
      throw new RecurException("initializer '" + initializer + "': " + what + " must be positive, got " + fan
          + " for a parameter of shape " + Shape.toString(t.shape()));
    }
    return fan;
  }
}
