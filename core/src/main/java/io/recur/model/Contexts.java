package io.recur.model;

import io.recur.spi.ForwardContext;
import io.recur.tensor.Tensor;
import org.apache.commons.math3.random.RandomGenerator;

/** The {@link ForwardContext}s the engine hands to layers. */
public final class Contexts {
  private Contexts() {}

  private record Forward(boolean training, Tensor mask, RandomGenerator random) implements ForwardContext {}

  /** Training mode: dropout active, drawing from {@code dropout}. */
  public static ForwardContext training(Tensor mask, RandomGenerator dropout) {
    return new Forward(true, mask, dropout);
  }

  /** Evaluation and prediction: deterministic, no dropout. */
  public static ForwardContext evaluation(Tensor mask) {
    return new Forward(false, mask, null);
  }
}
