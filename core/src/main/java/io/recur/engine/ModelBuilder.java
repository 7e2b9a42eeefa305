package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Shape;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Builds a {@link Model} from resolved layer specs: each layer is created for the previous
 * layer's output shape, and initialised from one random stream in layer order, so the same
 * seed gives the same weights.
 */
public final class ModelBuilder {
  private final Registry registry;
  private final RandomGenerator random;

  public ModelBuilder(Registry registry, RandomGenerator random) {
    this.registry = requireNonNull(registry, "registry is null");
    this.random = requireNonNull(random, "random is null");
  }

  /**
   * @param inputShape per-sample input shape from the dataset
   * @param inputVocabulary vocabulary size when the input is token ids, else 0
   */
  public Model build(List<TypedValue> layerSpecs, int[] inputShape, int inputVocabulary) {
    return build(layerSpecs, inputShape, inputVocabulary, null);
  }

  /**
   * Like {@link #build(List, int[], int)}, telling every layer the per-sample shape of the
   * dataset's targets ({@link BuildContext#targetShape()}), which the model keeps so a saved
   * model rebuilds the same way.
   *
   * @param targetShape per-sample target shape, or null when unknown
   */
  public Model build(List<TypedValue> layerSpecs, int[] inputShape, int inputVocabulary, int[] targetShape) {
    int[] targets = targetShape == null ? null : targetShape.clone();
    List<Model.NamedLayer> layers = new ArrayList<>();
    int[] shape = inputShape.clone();
    int vocabulary = inputVocabulary;
    for (int i = 0; i < layerSpecs.size(); i++) {
      TypedValue spec = layerSpecs.get(i);
      String name = spec.name().isEmpty() ? spec.type() + "_" + i : spec.name();
      Layer layer = buildLayer(spec, name, shape, vocabulary, targets);
      layers.add(new Model.NamedLayer(name, spec.type(), layer));
      shape = layer.outputShape();
      vocabulary = layer.outputVocabulary();
    }
    return new Model(layers, inputShape, targets);
  }

  Layer buildLayer(TypedValue spec, String name, int[] inputShape, int inputVocabulary, int[] targetShape) {
    Context context = new Context(name, inputShape, inputVocabulary, targetShape);
    try {
      return registry.layer(spec.type()).create(spec.params(), context);
    } catch (RecurException e) {
      throw e;
    } catch (RuntimeException e) {
      // a plugin layer that fails while building: name it, keep the cause for --verbose
      throw new RecurException("layer '" + name + "' (" + spec.type() + "): could not be built for input "
          + Shape.toString(inputShape) + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      // a layer that allocates more than Tensor.parameter checks: the array that failed is not kept
      throw new RecurException("layer '" + name + "' (" + spec.type() + "): could not be built for input "
          + Shape.toString(inputShape) + ": its parameters do not fit in the memory the JVM has (maximum heap "
          + Runtime.getRuntime().maxMemory() / (1L << 20) + " MiB, set with -Xmx); make the layer smaller", e);
    }
  }

  private final class Context implements BuildContext {
    private final String name;
    private final int[] inputShape;
    private final int inputVocabulary;
    private final int[] targetShape;

    Context(String name, int[] inputShape, int inputVocabulary, int[] targetShape) {
      this.name = name;
      this.inputShape = inputShape.clone();
      this.inputVocabulary = inputVocabulary;
      this.targetShape = targetShape;
    }

    @Override public String name() {
      return name;
    }

    @Override public int[] inputShape() {
      return inputShape.clone();
    }

    @Override public int inputVocabulary() {
      return inputVocabulary;
    }

    @Override public int[] targetShape() {
      return targetShape == null ? null : targetShape.clone();
    }

    @Override public RandomGenerator random() {
      return random;
    }

    @Override public Initializer initializer(TypedValue value) {
      return registry.initializer(value.type()).create(value.params());
    }

    @Override public Layer layer(TypedValue value, String layerName, int[] shape, int vocabulary) {
      return buildLayer(value, layerName, shape, vocabulary, targetShape);
    }
  }
}
