package io.recur.layers.dense;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/**
 * A fixed one-hot encoding: token ids {@code [N, …] → [N, …, V]} with a single 1 per id. No
 * parameters, and no gradient flows back to the ids. See {@link EmbeddingLayerFactory}.
 */
final class OneHotLayer implements Layer {
  private final int vocabulary;
  private final int[] outputShape;

  OneHotLayer(int[] inputShape, int vocabulary) {
    this.vocabulary = vocabulary;
    this.outputShape = Arrays.copyOf(inputShape, inputShape.length + 1);
    this.outputShape[inputShape.length] = vocabulary;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    return input.oneHot(vocabulary);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return Map.of();
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public String toString() {
    return EmbeddingLayerFactory.NAME + "(" + vocabulary + ", one_hot=true)";
  }
}
