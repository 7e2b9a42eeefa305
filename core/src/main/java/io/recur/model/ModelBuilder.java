package io.recur.model;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
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
    return build(layerSpecs, inputShape, inputVocabulary, targetShape, 0);
  }

  /**
   * Like {@link #build(List, int[], int, int[])}, telling the last layer how many values per
   * prediction the data calls for ({@link BuildContext#outputSize()}, see {@link #outputSize}).
   */
  public Model build(List<TypedValue> layerSpecs, int[] inputShape, int inputVocabulary, int[] targetShape,
      int outputSize) {
    int[] targets = targetShape == null ? null : targetShape.clone();
    List<Model.NamedLayer> layers = new ArrayList<>();
    int[] shape = inputShape.clone();
    int vocabulary = inputVocabulary;
    for (int i = 0; i < layerSpecs.size(); i++) {
      TypedValue spec = layerSpecs.get(i);
      String name = spec.name().isEmpty() ? spec.type() + "_" + i : spec.name();
      Layer layer = buildLayer(spec, name, shape, vocabulary, targets,
          i == layerSpecs.size() - 1 ? outputSize : 0);
      layers.add(new Model.NamedLayer(name, spec.type(), layer));
      shape = layer.outputShape();
      vocabulary = layer.outputVocabulary();
    }
    return new Model(layers, inputShape, targets);
  }

  /**
   * The values per prediction a dataset with {@code schema} and per-sample targets {@code
   * targetShape} calls for: its class count, else the targets' last dimension (1 for scalars), 0
   * when unknown.
   */
  public static int outputSize(DataSchema schema, int[] targetShape) {
    if (!schema.classes().isEmpty()) {
      return schema.classes().size();
    }
    if (targetShape == null) {
      return 0;
    }
    return targetShape.length == 0 ? 1 : targetShape[targetShape.length - 1];
  }

  Layer buildLayer(TypedValue spec, String name, int[] inputShape, int inputVocabulary, int[] targetShape,
      int outputSize) {
    Context context = new Context(name, inputShape, inputVocabulary, targetShape, outputSize);
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
    private final int outputSize;

    Context(String name, int[] inputShape, int inputVocabulary, int[] targetShape, int outputSize) {
      this.name = name;
      this.inputShape = inputShape.clone();
      this.inputVocabulary = inputVocabulary;
      this.targetShape = targetShape;
      this.outputSize = outputSize;
    }

    @Override public int outputSize() {
      return outputSize;
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

    @Override public RecurrentCell cell(TypedValue value) {
      return registry.cell(value.type()).create(value.params());
    }

    @Override public Layer layer(TypedValue value, String layerName, int[] shape, int vocabulary) {
      // a wrapper's inner layer makes the wrapper's output: it inherits the size the data calls for
      return buildLayer(value, layerName, shape, vocabulary, targetShape, outputSize);
    }
  }
}
