package io.recur.layers.dense;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Map;

/** {@code [N, d1, d2, …] → [N, d1·d2·…]}, a view of the same values. See {@link FlattenLayerFactory}. */
final class FlattenLayer implements Layer {
  private final int[] inputShape;
  private final int features;
  private final int vocabulary;

  FlattenLayer(int[] inputShape, int vocabulary) {
    this.inputShape = inputShape.clone();
    this.features = Shape.size(inputShape);
    this.vocabulary = vocabulary;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    // explicit sizes rather than Tensor.flatten(), which cannot tell an empty batch's rows apart
    return input.reshape(input.dim(0), features);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return Map.of();
  }

  @Override
  public int[] outputShape() {
    return new int[] {features};
  }

  @Override
  public int outputVocabulary() {
    return vocabulary;
  }

  @Override
  public String toString() {
    return FlattenLayerFactory.NAME + "(" + Arrays.toString(inputShape) + "→" + features + ")";
  }
}
