package io.recur.layers.dense;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * A {@link BuildContext} without a registry: initialisers are small lambdas defined here (so
 * these tests do not depend on core's initialiser classes) and nested layers come from a map of
 * factories. Every initialiser call is logged as {@code "<type> <shape> fan_in=<i> fan_out=<o>"}
 * in {@link #initCalls()}, shared with nested contexts, so tests can assert order and fans.
 */
final class TestBuildContext implements BuildContext {
  /** Initialisers by type name; each reads its own params from the TypedValue. */
  static final Map<String, Function<Params, Initializer>> INITIALIZERS = Map.of(
      "zeros", p -> (t, fanIn, fanOut, r) -> Arrays.fill(t.data(), 0f),
      "uniform-fan-in", p -> (t, fanIn, fanOut, r) -> {
        double bound = 1 / Math.sqrt(fanIn);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) ((2 * r.nextDouble() - 1) * bound);
        }
      },
      "normal", p -> {
        double std = p.asMap().get("std") instanceof Double s ? s : 0.05;
        return (t, fanIn, fanOut, r) -> {
          float[] d = t.data();
          for (int i = 0; i < d.length; i++) {
            d[i] = (float) (r.nextGaussian() * std);
          }
        };
      });

  private final String name;
  private final int[] inputShape;
  private final int inputVocabulary;
  private final RandomGenerator random;
  private final Map<String, LayerFactory> layers;
  private final List<String> initCalls;

  private TestBuildContext(String name, int[] inputShape, int inputVocabulary, RandomGenerator random,
      Map<String, LayerFactory> layers, List<String> initCalls) {
    this.name = requireNonNull(name, "name is null");
    this.inputShape = inputShape.clone();
    this.inputVocabulary = inputVocabulary;
    this.random = requireNonNull(random, "random is null");
    this.layers = layers;
    this.initCalls = initCalls;
  }

  /** A context for layer {@code name} with this module's layers available for nesting. */
  static TestBuildContext of(String name, int[] inputShape, int inputVocabulary, long seed) {
    return with(name, inputShape, inputVocabulary, seed, List.of());
  }

  /** As {@link #of}, with extra (test-only) layer factories available for nesting. */
  static TestBuildContext with(String name, int[] inputShape, int inputVocabulary, long seed,
      List<LayerFactory> extraLayers) {
    Map<String, LayerFactory> layers = new LinkedHashMap<>();
    for (LayerFactory f : new DenseLayersPlugin().layers()) {
      layers.put(f.name(), f);
    }
    for (LayerFactory f : extraLayers) {
      layers.put(f.name(), f);
    }
    return new TestBuildContext(name, inputShape, inputVocabulary, new Well19937c(seed), layers, new ArrayList<>());
  }

  /** Every initialiser call so far, in order, this context's nested layers included. */
  List<String> initCalls() {
    return initCalls;
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
    Function<Params, Initializer> f = INITIALIZERS.get(value.type());
    if (f == null) {
      throw new IllegalArgumentException("test context knows no initializer '" + value.type()
          + "'; known: " + INITIALIZERS.keySet());
    }
    Initializer init = f.apply(value.params());
    return (t, fanIn, fanOut, r) -> {
      initCalls.add(value.type() + " " + Arrays.toString(t.shape()) + " fan_in=" + fanIn + " fan_out=" + fanOut);
      init.initialize(t, fanIn, fanOut, r);
    };
  }

  @Override
  public Layer layer(TypedValue value, String name, int[] inputShape, int inputVocabulary) {
    LayerFactory f = layers.get(value.type());
    if (f == null) {
      throw new IllegalArgumentException("test context knows no layer '" + value.type() + "'; known: " + layers.keySet());
    }
    return f.create(value.params(), new TestBuildContext(name, inputShape, inputVocabulary, random, layers, initCalls));
  }
}
