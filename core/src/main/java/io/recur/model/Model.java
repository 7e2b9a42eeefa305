package io.recur.model;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A built sequential model: named layers applied in order. Parameter names are {@code
 * <layer-name>.<param>} (DESIGN.md, "Weights"), in layer order then each layer's own order.
 */
public final class Model {
  /** A layer with the name its weights are prefixed with. */
  public record NamedLayer(String name, String type, Layer layer) {}

  private final List<NamedLayer> layers;
  private final Map<String, Tensor> parameters;
  private final int[] inputShape;
  private final int[] targetShape;

  /** A model of the given layers in order, as {@link ModelBuilder} makes from a config; tools and tests assemble one by hand. */
  public static Model of(List<NamedLayer> layers, int[] inputShape) {
    return new Model(layers, inputShape, null);
  }

  Model(List<NamedLayer> layers, int[] inputShape, int[] targetShape) {
    this.layers = List.copyOf(layers);
    this.inputShape = inputShape.clone();
    this.targetShape = targetShape == null ? null : targetShape.clone();
    Map<String, Tensor> params = new LinkedHashMap<>();
    for (NamedLayer l : this.layers) {
      l.layer().parameters().forEach((k, v) -> params.put(l.name() + "." + k, v));
    }
    this.parameters = Collections.unmodifiableMap(params);
  }

  /**
   * Applies every layer in order.
   *
   * @throws RecurException naming the layer and the shape it got when a layer cannot take its
   *     input (a batch of another shape than the model was built for)
   */
  public Tensor forward(Tensor input, ForwardContext context) {
    requireNonNull(input, "input is null");
    // with gradients off nothing keeps a layer's output once the next layer has read it: its
    // array can take the next batch's activations (see RecycledArrays)
    boolean recycle = !Tensor.gradEnabled();
    Tensor x = input;
    for (NamedLayer l : layers) {
      try {
        Tensor y = l.layer().forward(x, context);
        if (recycle && x.data() != input.data() && x.data() != y.data()) {
          RecycledArrays.giveBack(x.data());
        }
        x = y;
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        // tensor ops check shapes with IllegalArgumentException; for a user these are input errors
        throw new RecurException("layer '" + l.name() + "' (" + l.type() + "): " + e.getMessage() + " (input shape "
            + Shape.toString(x.shape()) + "; the model was built for " + batchOf(inputShape) + ")", e);
      }
    }
    return x;
  }

  /** {@code [N, 12]}: a per-sample shape with its batch dimension. */
  private static String batchOf(int[] shape) {
    StringBuilder b = new StringBuilder("[N");
    for (int d : shape) {
      b.append(", ").append(d);
    }
    return b.append(']').toString();
  }

  /** Every trainable parameter by full name, in a fixed order. */
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  public List<NamedLayer> layers() {
    return layers;
  }

  public int[] inputShape() {
    return inputShape.clone();
  }

  /**
   * The per-sample target shape the model was built for ({@link
   * io.recur.spi.BuildContext#targetShape()}), or null when it was not known.
   */
  public int[] targetShape() {
    return targetShape == null ? null : targetShape.clone();
  }

  public int[] outputShape() {
    return layers.isEmpty() ? inputShape() : layers.get(layers.size() - 1).layer().outputShape();
  }

  public long parameterCount() {
    long n = 0;
    for (Tensor t : parameters.values()) {
      n += t.size();
    }
    return n;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("model(");
    for (int i = 0; i < layers.size(); i++) {
      b.append(i > 0 ? " → " : "").append(layers.get(i).name()).append(": ").append(layers.get(i).layer());
    }
    return b.append(')').toString();
  }
}
