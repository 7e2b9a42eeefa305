package io.recur.layers.dense;

import io.recur.spi.ForwardContext;
import io.recur.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** A {@link ForwardContext} for tests: evaluation, or training with a freshly seeded dropout stream. */
record TestForwardContext(boolean training, Tensor mask, RandomGenerator random) implements ForwardContext {
  static TestForwardContext evaluation() {
    return new TestForwardContext(false, null, new Well19937c(0L));
  }

  /** Training with a new stream from {@code seed}: two contexts with one seed draw the same masks. */
  static TestForwardContext training(long seed) {
    return new TestForwardContext(true, null, new Well19937c(seed));
  }
}
