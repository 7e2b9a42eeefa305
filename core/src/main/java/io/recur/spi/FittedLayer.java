package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.Map;

/**
 * A layer whose state is fitted to the training data in one pass, by counting, rather than
 * learned by gradient steps (the {@code ngram} model). A model whose layers have no trainable
 * parameters and include a fitted layer is trained by the engine with one fitting pass per
 * epoch: {@link #resetFit()}, then {@link #fit} for every training batch in order; the result is
 * a pure function of the training split, so every epoch fits the same state and a resumed run
 * ends where an uninterrupted one does. The fitted state is saved beside the weights in
 * {@code weights.safetensors} (and in checkpoints) as {@code <layer>.<name>} tensors whose shapes
 * depend on the data.
 *
 * <p>EXPERIMENTAL (issue 4). Like every layer, not thread-safe.
 */
public interface FittedLayer extends Layer {
  /** Forgets everything fitted so far: the state of a layer that has seen no data. */
  void resetFit();

  /**
   * Adds one training batch.
   *
   * @param inputs the layer's input for the batch, as {@link #forward} would get it
   * @param targets the batch's targets
   * @param mask {@code [N, T]} with 1 for real steps, or null when every step is real
   */
  void fit(Tensor inputs, Tensor targets, Tensor mask);

  /** The fitted state by local name, in a fixed order; saved as {@code <layer>.<name>}. */
  Map<String, Tensor> fittedState();

  /**
   * Puts back a state {@link #fittedState()} returned.
   *
   * @param source names where the tensors come from, for messages
   * @throws RecurException naming {@code source} and the tensor when one is missing or malformed
   */
  void loadFittedState(Map<String, Tensor> state, String source);
}
