package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What every layer must do, checked for each configuration its subclass lists in {@link
 * #contractCases()}: the output is {@code [N, ...outputShape()]}; the backward matches finite
 * differences for the input (when real-valued) and every parameter; the same seed gives the same
 * parameter bits; {@code parameters()} returns the same instances every call.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class LayerContractTest {
  static final int BATCH = 3;
  private static final long SEED = 42;

  /**
   * One configuration to hold to the contract.
   *
   * @param training run forward in training mode, with a fixed dropout seed per call
   * @param eps the finite-difference step; smaller for relu so no kink falls inside it
   */
  record Case(String name, LayerFactory factory, Map<String, ?> params, int[] inputShape,
      int inputVocabulary, boolean training, double eps) {
    static Case of(String name, LayerFactory factory, Map<String, ?> params, int... inputShape) {
      return new Case(name, factory, params, inputShape, 0, false, GradCheck.DEFAULT_EPS);
    }

    static Case ids(String name, LayerFactory factory, Map<String, ?> params, int vocabulary, int... inputShape) {
      return new Case(name, factory, params, inputShape, vocabulary, false, GradCheck.DEFAULT_EPS);
    }

    Case whileTraining() {
      return new Case(name, factory, params, inputShape, inputVocabulary, true, eps);
    }

    Case withEps(double step) {
      return new Case(name, factory, params, inputShape, inputVocabulary, training, step);
    }

    @Override
    public String toString() {
      return name;
    }
  }

  abstract Stream<Case> contractCases();

  static Layer build(Case c, long seed) {
    return c.factory().create(TestParams.resolve(c.factory(), c.params()),
        TestBuildContext.of("layer_under_test", c.inputShape(), c.inputVocabulary(), seed));
  }

  /** Uniform values in [-1, 1) requiring a gradient, or random token ids (ids repeat on purpose). */
  static Tensor input(Case c, long seed) {
    int[] shape = Shape.batched(BATCH, c.inputShape());
    if (c.inputVocabulary() == 0) {
      return GradCheck.random(seed, shape);
    }
    Tensor ids = Tensor.zeros(shape);
    SplittableRandom rng = new SplittableRandom(seed);
    float[] d = ids.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = rng.nextInt(c.inputVocabulary());
    }
    return ids;
  }

  private static Tensor forward(Layer layer, Tensor x, Case c) {
    return layer.forward(x, c.training() ? TestForwardContext.training(7) : TestForwardContext.evaluation());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractCases")
  void outputIsTheBatchFollowedByTheDeclaredOutputShape(Case c) {
    Layer layer = build(c, SEED);
    Tensor y = forward(layer, input(c, 1), c);
    assertArrayEquals(Shape.batched(BATCH, layer.outputShape()), y.shape(), c.name());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractCases")
  void backwardMatchesFiniteDifferencesForInputAndEveryParameter(Case c) {
    Layer layer = build(c, SEED);
    Tensor x = input(c, 1);
    List<Tensor> inputs = new ArrayList<>();
    if (c.inputVocabulary() == 0) {
      inputs.add(x);
    }
    inputs.addAll(layer.parameters().values());
    Assumptions.assumeFalse(inputs.isEmpty(), "token ids in, no parameters: nothing has a gradient");
    GradCheck.check(in -> forward(layer, x, c), inputs, c.eps(), GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractCases")
  void theSameSeedGivesTheSameParameterBits(Case c) {
    Map<String, Tensor> a = build(c, SEED).parameters();
    Map<String, Tensor> b = build(c, SEED).parameters();
    assertEquals(List.copyOf(a.keySet()), List.copyOf(b.keySet()));
    for (String name : a.keySet()) {
      assertArrayEquals(bits(a.get(name)), bits(b.get(name)), name);
    }
    Map<String, Tensor> other = build(c, SEED + 1).parameters();
    for (String name : a.keySet()) {
      assertFalse(Arrays.equals(bits(a.get(name)), bits(other.get(name))), name + " ignores the seed");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("contractCases")
  void parametersAreTheSameTrainableInstancesEveryCall(Case c) {
    Layer layer = build(c, SEED);
    Map<String, Tensor> first = layer.parameters();
    Map<String, Tensor> second = layer.parameters();
    assertEquals(List.copyOf(first.keySet()), List.copyOf(second.keySet()));
    for (String name : first.keySet()) {
      assertSame(first.get(name), second.get(name), name);
      assertTrue(first.get(name).requiresGrad(), name + " is not trainable");
    }
  }

  static int[] bits(Tensor t) {
    float[] d = t.data();
    int[] out = new int[d.length];
    for (int i = 0; i < d.length; i++) {
      out[i] = Float.floatToRawIntBits(d[i]);
    }
    return out;
  }

  /** {@code layer 'name' (type): …} as thrown by {@code create} for this input. */
  static String createError(LayerFactory factory, Map<String, ?> params, String name, int vocabulary, int... inputShape) {
    RecurException e = assertThrows(RecurException.class, () -> factory.create(
        TestParams.resolve(factory, params), TestBuildContext.of(name, inputShape, vocabulary, SEED)));
    return e.getMessage();
  }
}
