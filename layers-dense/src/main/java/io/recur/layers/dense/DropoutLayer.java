package io.recur.layers.dense;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Inverted dropout: {@code y = x ⊙ m / (1 − p)} while training, {@code y = x} otherwise; {@code
 * [N, …] → [N, …]}. See {@link DropoutLayerFactory}.
 */
final class DropoutLayer implements Layer {
  private final int[] shape;
  private final double rate;

  DropoutLayer(int[] inputShape, double rate) {
    this.shape = inputShape.clone();
    this.rate = rate;
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    if (!context.training() || rate == 0) {
      return input;
    }
    float keptScale = (float) (1 / (1 - rate));
    RandomGenerator random = context.random();
    float[] mask = new float[input.size()];
    for (int i = 0; i < mask.length; i++) {
      mask[i] = random.nextFloat() < rate ? 0f : keptScale;
    }
    // the mask is a constant leaf, so mul's backward gives dx = dy ⊙ mask
    return input.mul(Tensor.of(mask, input.shape()));
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
    return DropoutLayerFactory.NAME + "(rate=" + rate + ")";
  }
}
