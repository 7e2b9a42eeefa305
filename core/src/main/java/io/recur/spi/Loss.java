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

  /**
   * What the model's outputs are for this loss, so that prediction turns them into probabilities
   * the right way: {@link OutputKind#LOGITS} for a loss that applies a softmax itself (like
   * {@code cross-entropy}), {@link OutputKind#LOG_PROBABILITIES} for one that reads
   * log-probabilities ({@code nll}), {@link OutputKind#VALUES} for regression. The default, for
   * a loss that says nothing, is {@link OutputKind#PROBABILITIES}: outputs are taken as they are.
   */
  default OutputKind outputKind() {
    return OutputKind.PROBABILITIES;
  }
}
