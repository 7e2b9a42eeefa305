package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.Map;

/**
 * A built layer: a differentiable function of a batch plus its trainable parameters. Built by a
 * {@link LayerFactory} for a known per-sample input shape, so {@link #outputShape()} is fixed.
 */
public interface Layer {
  /**
   * Applies the layer to a batch {@code [N, ...inputShape]} and returns {@code [N,
   * ...outputShape]}. Layers composed from {@link Tensor} ops get their backward for free.
   *
   * <p>With gradients off ({@link Tensor#noGrad()}), the model reuses the array behind a layer's
   * input for later batches as soon as the layer returns (unless the output shares it, as a
   * reshape does): a layer keeps no reference to its input's data past this call, and returns an
   * array of its own for this call only, never one it keeps and writes again later.
   */
  Tensor forward(Tensor input, ForwardContext context);

  /**
   * Trainable parameters by local name ({@code weight}, {@code bias}, {@code weight_ih_l0}), in
   * a fixed insertion order; the model prefixes them with the layer name. Must return the same
   * tensor instances every call. Empty for layers without parameters.
   */
  Map<String, Tensor> parameters();

  /** The per-sample output shape (without the batch dimension). */
  int[] outputShape();

  /**
   * For a layer whose output is a vocabulary of integer token ids passed on to the next layer,
   * that vocabulary's size; 0 otherwise (the default: outputs are real-valued features).
   */
  default int outputVocabulary() {
    return 0;
  }
}
