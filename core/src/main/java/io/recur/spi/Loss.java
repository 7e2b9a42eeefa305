package io.recur.spi;

import io.recur.tensor.Tensor;

/** A training objective reduced to a scalar tensor, differentiable w.r.t. the model output. */
public interface Loss {
  /**
   * @param output the model output {@code [N, ...]}
   * @param target class indices ({@code [N]} or {@code [N, T]}, float-encoded integers) or values
   *     with the output's shape
   * @param mask {@code [N, T]} with 1 for real steps, or {@code null}; masked steps add nothing
   * @return a scalar tensor (a graph node when the output requires a gradient)
   */
  Tensor compute(Tensor output, Tensor target, Tensor mask);
}
