package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
import io.recur.spi.DataContext;
import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The contexts the engine hands to factories, layers and datasets, for tests that build and run
 * a type directly. Initialisers and nested layers are looked up in a {@link Registry} found with
 * ServiceLoader on the test class path: the built-ins of {@code recur-core} plus your own plugin
 * (its {@code META-INF/services} is on the class path while its tests run).
 */
public final class TestContexts {
  private TestContexts() {}

  /** Every plugin visible to the context class loader (or to this class's loader), built-ins included. */
  public static Registry registry() {
    ClassLoader tccl = Thread.currentThread().getContextClassLoader();
    return Registry.discover(tccl != null ? tccl : TestContexts.class.getClassLoader());
  }

  /** A build context for a layer named {@code name} with a fresh init stream from {@code seed}. */
  public static BuildContext build(String name, int[] inputShape, int inputVocabulary, long seed) {
    return build(registry(), name, inputShape, inputVocabulary, seed);
  }

  public static BuildContext build(Registry registry, String name, int[] inputShape, int inputVocabulary, long seed) {
    return new Build(requireNonNull(registry, "registry is null"), name, inputShape, inputVocabulary, new Well19937c(seed));
  }

  /**
   * A data context for a dataset factory: relative paths resolve against {@code configDirectory},
   * which is also the data directory; the data stream is seeded with {@code seed}.
   */
  public static DataContext data(Path configDirectory, long seed) {
    requireNonNull(configDirectory, "configDirectory is null");
    RandomGenerator random = new Well19937c(seed);
    return new DataContext() {
      @Override
      public Path configDirectory() {
        return configDirectory;
      }

      @Override
      public Path dataDirectory() {
        return configDirectory;
      }

      @Override
      public RandomGenerator random() {
        return random;
      }
    };
  }

  /** Evaluation, without a mask. */
  public static ForwardContext evaluation() {
    return evaluation(null);
  }

  /** Evaluation with {@code mask} ({@code [N, T]}, 1 real, 0 padding; null for none). */
  public static ForwardContext evaluation(Tensor mask) {
    return new Forward(false, mask, new Well19937c(0L));
  }

  /** Training with a new dropout stream from {@code seed}: two contexts of one seed draw the same. */
  public static ForwardContext training(long seed) {
    return training(null, seed);
  }

  public static ForwardContext training(Tensor mask, long seed) {
    return new Forward(true, mask, new Well19937c(seed));
  }

  /** {@code [N, T]} with 1 for the first {@code lengths[n]} steps of row n and 0 after (padding at the end). */
  public static Tensor mask(int steps, int... lengths) {
    Tensor m = Tensor.zeros(lengths.length, steps);
    for (int n = 0; n < lengths.length; n++) {
      for (int t = 0; t < lengths[n]; t++) {
        m.set(1f, n, t);
      }
    }
    return m;
  }

  private record Forward(boolean training, Tensor mask, RandomGenerator random) implements ForwardContext {}

  private static final class Build implements BuildContext {
    private final Registry registry;
    private final String name;
    private final int[] inputShape;
    private final int inputVocabulary;
    private final RandomGenerator random;

    Build(Registry registry, String name, int[] inputShape, int inputVocabulary, RandomGenerator random) {
      this.registry = registry;
      this.name = requireNonNull(name, "name is null");
      this.inputShape = inputShape.clone();
      this.inputVocabulary = inputVocabulary;
      this.random = random;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public int[] inputShape() {
      return inputShape.clone();
    }

    @Override
    public int inputVocabulary() {
      return inputVocabulary;
    }

    @Override
    public RandomGenerator random() {
      return random;
    }

    @Override
    public Initializer initializer(TypedValue value) {
      return registry.initializer(value.type()).create(value.params());
    }

    @Override
    public RecurrentCell cell(TypedValue value) {
      return registry.cell(value.type()).create(value.params());
    }

    @Override
    public Layer layer(TypedValue value, String layerName, int[] shape, int vocabulary) {
      return registry.layer(value.type()).create(value.params(), new Build(registry, layerName, shape, vocabulary, random));
    }
  }
}
