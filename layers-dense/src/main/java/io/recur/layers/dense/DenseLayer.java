package io.recur.layers.dense;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * {@code y = activation(x · Wᵀ + b)} over the last dimension: {@code [N, …, H_in] → [N, …,
 * H_out]}. Weights {@code weight [H_out, H_in]} and {@code bias [H_out]}, as in PyTorch's {@code
 * nn.Linear}. See {@link DenseLayerFactory} for the parameters.
 */
final class DenseLayer implements Layer {
  private final int inFeatures;
  private final int units;
  private final Activation activation;
  private final Initializer kernelInit;
  private final Initializer biasInit;
  private final String kernelInitName;
  private final String biasInitName;
  private final Tensor weight;
  private final Tensor bias;
  private final Map<String, Tensor> parameters;
  private final int[] outputShape;

  DenseLayer(int[] inputShape, int units, Activation activation, boolean useBias,
      Initializer kernelInit, Initializer biasInit, String kernelInitName, String biasInitName) {
    this.inFeatures = inputShape[inputShape.length - 1];
    this.units = units;
    this.activation = requireNonNull(activation, "activation is null");
    this.kernelInit = requireNonNull(kernelInit, "kernelInit is null");
    this.biasInit = requireNonNull(biasInit, "biasInit is null");
    this.kernelInitName = requireNonNull(kernelInitName, "kernelInitName is null");
    this.biasInitName = requireNonNull(biasInitName, "biasInitName is null");
    this.weight = Tensor.parameter(units, inFeatures);
    this.bias = useBias ? Tensor.parameter(units) : null;
    Map<String, Tensor> p = new LinkedHashMap<>();
    p.put("weight", weight);
    if (bias != null) {
      p.put("bias", bias);
    }
    this.parameters = Collections.unmodifiableMap(p);
    this.outputShape = inputShape.clone();
    this.outputShape[outputShape.length - 1] = units;
  }

  /**
   * Fills {@code weight}, then {@code bias}, from {@code random}; both initialisers get fan_in =
   * H_in and fan_out = H_out, so the defaults give PyTorch's U(−1/√H_in, 1/√H_in).
   */
  void resetParameters(RandomGenerator random) {
    kernelInit.initialize(weight, inFeatures, units, random);
    if (bias != null) {
      biasInit.initialize(bias, inFeatures, units, random);
    }
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    return activation.apply(input.linear(weight, bias));
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
    StringBuilder b = new StringBuilder(DenseLayerFactory.NAME).append('(')
        .append(inFeatures).append('→').append(units);
    if (activation != Activation.IDENTITY) {
      b.append(", activation=").append(activation.key());
    }
    if (bias == null) {
      b.append(", use_bias=false");
    }
    if (!kernelInitName.equals(DenseLayerFactory.DEFAULT_INIT)) {
      b.append(", kernel_init=").append(kernelInitName);
    }
    if (bias != null && !biasInitName.equals(DenseLayerFactory.DEFAULT_INIT)) {
      b.append(", bias_init=").append(biasInitName);
    }
    return b.append(')').toString();
  }
}
