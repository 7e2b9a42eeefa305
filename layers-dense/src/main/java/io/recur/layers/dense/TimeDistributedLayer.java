package io.recur.layers.dense;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * {@code y[n][t] = layer(x[n][t])}: {@code [N, T, F…] → [N, T, O…]} by folding time into the
 * batch. Parameters are the inner layer's, prefixed {@code layer.}. See {@link
 * TimeDistributedLayerFactory}.
 */
final class TimeDistributedLayer implements Layer {
  private final int steps;
  private final int[] perStep;
  private final Layer inner;
  private final Map<String, Tensor> parameters;
  private final int[] outputShape;

  TimeDistributedLayer(int steps, int[] perStep, Layer inner) {
    this.steps = steps;
    this.perStep = perStep.clone();
    this.inner = requireNonNull(inner, "inner is null");
    Map<String, Tensor> p = new LinkedHashMap<>();
    inner.parameters().forEach((name, t) -> p.put(TimeDistributedLayerFactory.INNER + "." + name, t));
    this.parameters = Collections.unmodifiableMap(p);
    int[] innerOut = inner.outputShape();
    this.outputShape = new int[innerOut.length + 1];
    this.outputShape[0] = steps;
    System.arraycopy(innerOut, 0, outputShape, 1, innerOut.length);
  }

  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    int batch = input.dim(0);
    int[] folded = new int[perStep.length + 1];
    folded[0] = batch * steps;
    System.arraycopy(perStep, 0, folded, 1, perStep.length);
    Tensor y = inner.forward(input.reshape(folded), new StepContext(context));
    int[] unfolded = new int[outputShape.length + 1];
    unfolded[0] = batch;
    System.arraycopy(outputShape, 0, unfolded, 1, outputShape.length);
    return y.reshape(unfolded);
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
  public int outputVocabulary() {
    return inner.outputVocabulary();
  }

  @Override
  public String toString() {
    return TimeDistributedLayerFactory.NAME + "(" + inner + ")";
  }

  /**
   * The caller's context without its {@code [N, T]} mask: the inner layer sees {@code N·T}
   * independent samples, which have no time axis for a mask to cover.
   */
  private record StepContext(ForwardContext outer) implements ForwardContext {
    @Override
    public boolean training() {
      return outer.training();
    }

    @Override
    public Tensor mask() {
      return null;
    }

    @Override
    public RandomGenerator random() {
      return outer.random();
    }
  }
}
