package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.Map;

/**
 * Updates parameters from their gradients. Holds the parameters it was created for; state is
 * exposed by name so checkpoints can save and restore it.
 */
public interface Optimizer {
  /** Applies one update from the parameters' current gradients (parameters without one are skipped). */
  void step();

  /** Zeroes every parameter's gradient. */
  void zeroGrad();

  double learningRate();

  /** Schedules change the learning rate between steps. */
  void setLearningRate(double learningRate);

  /** Per-parameter state (moments, step counts) by {@code <param>.<slot>}, for checkpoints. */
  Map<String, Tensor> state();
}
