package io.recur.layers.dense;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Map;

/** {@code y = f(x)}, {@code [N, …] → [N, …]}. See {@link ActivationLayerFactory}. */
final class ActivationLayer implements Layer {
  private final int[] shape;
  private final Activation function;

  ActivationLayer(int[] inputShape, Activation function) {
    this.shape = inputShape.clone();
    this.function = requireNonNull(function, "function is null");
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    return function.apply(input);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return Map.of();
  }

  @Override
  public int[] outputShape() {
    return shape.clone();
  }

  @Override
  public String toString() {
    return ActivationLayerFactory.NAME + "(" + function.key() + ")";
  }
}
