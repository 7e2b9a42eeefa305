package io.recur.spi;

import static java.util.Objects.requireNonNull;

import io.recur.tensor.Tensor;

/**
 * One part of a dataset (train, validation or test), fully encoded.
 *
 * @param inputs {@code [N, ...]}: token ids (float-encoded integers) or real features
 * @param targets {@code [N]} / {@code [N, T]} class indices, or values for regression
 * @param mask {@code [N, T]} 1 for real steps, 0 for padding; {@code null} when all have full length
 */
public record Split(Tensor inputs, Tensor targets, Tensor mask) {
  public Split {
    requireNonNull(inputs, "inputs is null");
    requireNonNull(targets, "targets is null");
    if (inputs.dim(0) != targets.dim(0)) {
      throw new IllegalArgumentException("inputs hold " + inputs.dim(0) + " samples, targets " + targets.dim(0));
    }
  }

  public int size() {
    return inputs.dim(0);
  }
}
