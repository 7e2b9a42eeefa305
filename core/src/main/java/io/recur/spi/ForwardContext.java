package io.recur.spi;

import io.recur.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Per-call facts for {@link Layer#forward}: training or evaluation, the padding mask of the
 * batch and the dropout random stream.
 */
public interface ForwardContext {
  /** True while training (dropout active); false for evaluation and prediction. */
  boolean training();

  /**
   * {@code [N, T]} with 1 for real steps and 0 for padding, or {@code null} when every sequence
   * in the batch has full length.
   */
  Tensor mask();

  /** The seeded dropout stream; use it only when {@link #training()}. */
  RandomGenerator random();
}
