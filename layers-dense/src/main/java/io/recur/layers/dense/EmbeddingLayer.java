package io.recur.layers.dense;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A learned lookup table: {@code y[…] = weight[x[…]]}, token ids {@code [N, …] → [N, …, E]},
 * weight {@code [V, E]} as in PyTorch's {@code nn.Embedding}. An id used several times in a
 * batch adds each of its gradients into the same row. See {@link EmbeddingLayerFactory}.
 */
final class EmbeddingLayer implements Layer {
  private final int vocabulary;
  private final int size;
  private final Initializer initializer;
  private final String initializerName;
  private final Tensor weight;
  private final Map<String, Tensor> parameters;
  private final int[] outputShape;

  EmbeddingLayer(int[] inputShape, int vocabulary, int size, Initializer initializer, String initializerName) {
    this.vocabulary = vocabulary;
    this.size = size;
    this.initializer = requireNonNull(initializer, "initializer is null");
    this.initializerName = requireNonNull(initializerName, "initializerName is null");
    this.weight = Tensor.parameter(vocabulary, size);
    this.parameters = Map.of("weight", weight);
    this.outputShape = Arrays.copyOf(inputShape, inputShape.length + 1);
    this.outputShape[inputShape.length] = size;
  }

  /** Fills {@code weight [V, E]} with fan_in = E and fan_out = V, PyTorch's fans for that shape. */
  void resetParameters(RandomGenerator random) {
    initializer.initialize(weight, size, vocabulary, random);
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    return input.embed(weight);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  @Override
  public String toString() {
    String init = initializerName.equals(EmbeddingLayerFactory.DEFAULT_INIT) ? "" : ", initializer=" + initializerName;
    return EmbeddingLayerFactory.NAME + "(" + vocabulary + "→" + size + init + ")";
  }
}
