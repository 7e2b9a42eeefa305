package io.recur.layers.recurrent;

import io.recur.spi.ForwardContext;
import io.recur.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** A {@link ForwardContext} for tests: evaluation or training, with or without a mask. */
record TestForwardContext(boolean training, Tensor mask, RandomGenerator random) implements ForwardContext {
  /** Evaluation without a random stream, as core's evaluator passes it. */
  static TestForwardContext evaluation(Tensor mask) {
    return new TestForwardContext(false, mask, null);
  }

  /** Training with a new stream from {@code seed}: two contexts with one seed draw the same dropout. */
  static TestForwardContext training(Tensor mask, long seed) {
    return new TestForwardContext(true, mask, new Well19937c(seed));
  }

  /** {@code [N, T]} with 1 for the first {@code lengths[n]} steps of row n, 0 after. */
  static Tensor mask(int steps, int... lengths) {
    Tensor m = Tensor.zeros(lengths.length, steps);
    for (int n = 0; n < lengths.length; n++) {
      for (int t = 0; t < lengths[n]; t++) {
        m.set(1f, n, t);
      }
    }
    return m;
  }
}
