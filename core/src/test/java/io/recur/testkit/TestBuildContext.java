package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.BuildContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * The {@link BuildContext} the engine hands a layer factory, for tests that build a layer
 * directly. Initialisers and nested layers come from a {@link Registry} found on the test class
 * path (core's built-ins plus the module's own plugin), optionally with test-only layer factories
 * on top. Every initialiser call, nested layers' included, is logged as {@code "<type> <shape>
 * fan_in=<i> fan_out=<o>"} in {@link #initCalls()}, so tests can assert the order and the fans.
 */
public final class TestBuildContext implements BuildContext {
  private final Registry registry;
  private final Map<String, LayerFactory> extraLayers;
  private final String name;
  private final int[] inputShape;
  private final int inputVocabulary;
  private final RandomGenerator random;
  private final List<String> initCalls;

  private TestBuildContext(Registry registry, Map<String, LayerFactory> extraLayers, String name, int[] inputShape,
      int inputVocabulary, RandomGenerator random, List<String> initCalls) {
    this.registry = requireNonNull(registry, "registry is null");
    this.extraLayers = extraLayers;
    this.name = requireNonNull(name, "name is null");
    this.inputShape = inputShape.clone();
    this.inputVocabulary = inputVocabulary;
    this.random = requireNonNull(random, "random is null");
    this.initCalls = initCalls;
  }

  /** A context for a layer named {@code name} with a fresh init stream from {@code seed}. */
  public static TestBuildContext of(String name, int[] inputShape, int inputVocabulary, long seed) {
    return of(TestContexts.registry(), name, inputShape, inputVocabulary, seed);
  }

  /** As {@link #of(String, int[], int, long)} with types from {@code registry}. */
  public static TestBuildContext of(Registry registry, String name, int[] inputShape, int inputVocabulary, long seed) {
    return new TestBuildContext(registry, Map.of(), name, inputShape, inputVocabulary, new Well19937c(seed),
        new ArrayList<>());
  }

  /** As {@link #of(String, int[], int, long)}, with test-only layer factories available for nesting. */
  public static TestBuildContext with(String name, int[] inputShape, int inputVocabulary, long seed,
      List<? extends LayerFactory> extraLayers) {
    Map<String, LayerFactory> extra = new LinkedHashMap<>();
    extraLayers.forEach(f -> extra.put(f.name(), f));
    return new TestBuildContext(TestContexts.registry(), extra, name, inputShape, inputVocabulary,
        new Well19937c(seed), new ArrayList<>());
  }

  /** Every initialiser call so far, in order, this context's nested layers included. */
  public List<String> initCalls() {
    return Collections.unmodifiableList(initCalls);
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
    Initializer init = registry.initializer(value.type()).create(value.params());
    return (t, fanIn, fanOut, r) -> {
      initCalls.add(value.type() + " " + Arrays.toString(t.shape()) + " fan_in=" + fanIn + " fan_out=" + fanOut);
      init.initialize(t, fanIn, fanOut, r);
    };
  }

  @Override
  public RecurrentCell cell(TypedValue value) {
    return registry.cell(value.type()).create(value.params());
  }

  @Override
  public Layer layer(TypedValue value, String layerName, int[] shape, int vocabulary) {
    LayerFactory factory = extraLayers.containsKey(value.type()) ? extraLayers.get(value.type())
        : registry.layer(value.type());
    return factory.create(value.params(),
        new TestBuildContext(registry, extraLayers, layerName, shape, vocabulary, random, initCalls));
  }
}
