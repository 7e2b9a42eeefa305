package io.recur.layers.recurrent;

import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;

/** One sequence op over given inputs with fixed random weights, for tests that drive the ops directly. */
final class TestSequenceOps {
  private TestSequenceOps() {}

  /**
   * A tanh rnn, lstm or gru op over {@code x [N, T, I]} with {@code units} hidden units, zero
   * initial states and weights and biases drawn from seeds 2 to 5 (requiring a gradient when
   * {@code withGradients}), in {@code ws}.
   */
  static SequenceOp of(Cell cell, Tensor x, int units, int[] lengths, boolean reverse, boolean withGradients,
      Workspace ws) {
    int g = cell.gateSize(units);
    Tensor wIh = GradCheck.random(2, g, x.dim(2)).requireGrad(withGradients);
    Tensor wHh = GradCheck.random(3, g, units).requireGrad(withGradients);
    Tensor bIh = GradCheck.random(4, g).requireGrad(withGradients);
    Tensor bHh = GradCheck.random(5, g).requireGrad(withGradients);
    return new SequenceOp(cell.cell(), cell.typeName(), x, wIh, wHh, bIh, bHh, null, null, 0, lengths, reverse, false,
        ws);
  }
}
