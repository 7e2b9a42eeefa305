package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.ParamSpec;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class DenseLayerTest extends LayerContractTest {
  private static final DenseLayerFactory DENSE = new DenseLayerFactory();

  static Stream<String> activations() {
    return Arrays.stream(Activation.keys());
  }

  @Override
  Stream<Case> contractCases() {
    Stream<Case> perActivation = activations().map(a -> {
      Case c = Case.of("[N, F] " + a, DENSE, Map.of("units", 4, "activation", a), 5);
      // relu's kink at 0 must not fall between x − eps and x + eps
      return a.equals("relu") ? c.withEps(1e-3) : c;
    });
    return Stream.concat(perActivation, Stream.of(
        Case.of("[N, T, F] tanh", DENSE, Map.of("units", 3, "activation", "tanh"), 4, 5),
        Case.of("[N, T, F] softmax", DENSE, Map.of("units", 3, "activation", "softmax"), 4, 5),
        Case.of("no bias", DENSE, Map.of("units", 2, "use_bias", false), 6)));
  }

  private static Layer dense(Map<String, ?> params, long seed, int... inputShape) {
    return DENSE.create(TestParams.resolve(DENSE, params), TestBuildContext.of("dense_1", inputShape, 0, seed));
  }

  @Test
  void declaresItsParametersWithPyTorchLikeDefaults() {
    assertEquals(List.of("units", "activation", "use_bias", "kernel_init", "bias_init"),
        DENSE.params().stream().map(ParamSpec::name).toList());
    // optional: the model's last dense layer may leave it out and take the data's class count
    assertFalse(DenseLayerFactory.UNITS.required());
    assertEquals(1.0, DenseLayerFactory.UNITS.minimum().orElseThrow());
    assertEquals("identity", DenseLayerFactory.ACTIVATION.defaultValue().orElseThrow());
    assertEquals(List.of("identity", "relu", "tanh", "sigmoid", "softmax", "log-softmax"),
        DenseLayerFactory.ACTIVATION.choices());
    assertEquals(true, DenseLayerFactory.USE_BIAS.defaultValue().orElseThrow());
    assertEquals("uniform-fan-in", DenseLayerFactory.KERNEL_INIT.defaultValue().map(TypedValue::type).orElseThrow());
    assertEquals("uniform-fan-in", DenseLayerFactory.BIAS_INIT.defaultValue().map(TypedValue::type).orElseThrow());
    for (ParamSpec<?> p : DENSE.params()) {
      assertFalse(p.doc().isEmpty(), p.name() + " has no doc");
    }
  }

  @Test
  void namesWeightAndBiasLikePyTorchLinear() {
    Map<String, Tensor> p = dense(Map.of("units", 4), 1, 5).parameters();
    assertEquals(List.of("weight", "bias"), List.copyOf(p.keySet()));
    assertArrayEquals(new int[] {4, 5}, p.get("weight").shape());
    assertArrayEquals(new int[] {4}, p.get("bias").shape());
  }

  @Test
  void hasNoBiasWhenUseBiasIsFalse() {
    Layer layer = dense(Map.of("units", 4, "use_bias", false), 1, 5);
    assertEquals(List.of("weight"), List.copyOf(layer.parameters().keySet()));
  }

  @Test
  void initialisesWeightThenBiasWithFanInOfTheInputFeatures() {
    TestBuildContext context = TestBuildContext.of("dense_1", new int[] {7, 5}, 0, 1);
    DENSE.create(TestParams.resolve(DENSE, Map.of("units", 4)), context);
    assertEquals(List.of("uniform-fan-in [4, 5] fan_in=5 fan_out=4", "uniform-fan-in [4] fan_in=5 fan_out=4"),
        context.initCalls());
  }

  @Test
  void usesTheNamedInitialisers() {
    TestBuildContext context = TestBuildContext.of("dense_1", new int[] {5}, 0, 1);
    Layer layer = DENSE.create(TestParams.resolve(DENSE, Map.of("units", 2,
        "kernel_init", TestParams.typed(Kind.INITIALIZER, "zeros", Map.of()),
        "bias_init", TestParams.typed(Kind.INITIALIZER, "normal", Map.of("std", 1.0)))), context);
    assertEquals(List.of("zeros [2, 5] fan_in=5 fan_out=2", "normal [2] fan_in=5 fan_out=2"), context.initCalls());
    for (float v : layer.parameters().get("weight").data()) {
      assertEquals(0f, v);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("activations")
  void computesTheActivationOfXTimesWeightTransposedPlusBias(String activation) {
    Layer layer = dense(Map.of("units", 3, "activation", activation), 5, 4);
    Tensor w = layer.parameters().get("weight");
    Tensor b = layer.parameters().get("bias");
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 0.25f, -0.75f, 1.5f, 0f, -2f}, 2, 4);
    Tensor y = layer.forward(x, TestContexts.evaluation());
    for (int n = 0; n < 2; n++) {
      double[] z = new double[3];
      for (int o = 0; o < 3; o++) {
        z[o] = b.get(o);
        for (int i = 0; i < 4; i++) {
          z[o] += (double) x.get(n, i) * w.get(o, i);
        }
      }
      double[] expected = ReferenceActivations.apply(activation, z);
      for (int o = 0; o < 3; o++) {
        assertEquals(expected[o], y.get(n, o), 1e-5, activation + " at [" + n + ", " + o + "]");
      }
    }
  }

  @Test
  void appliesTheSameWeightsAtEveryTimeStep() {
    Layer sequence = dense(Map.of("units", 3, "activation", "sigmoid"), 9, 4, 5);
    Layer single = dense(Map.of("units", 3, "activation", "sigmoid"), 9, 5);
    Tensor x = input(Case.of("x", DENSE, Map.of(), 4, 5), 2);
    Tensor y = sequence.forward(x, TestContexts.evaluation());
    assertArrayEquals(new int[] {BATCH, 4, 3}, y.shape());
    for (int t = 0; t < 4; t++) {
      Tensor step = single.forward(x.step(t), TestContexts.evaluation());
      assertArrayEquals(step.data(), y.step(t).data(), 0f, "step " + t);
    }
  }

  @Test
  void rejectsTokenIdsAskingForAnEmbedding() {
    assertEquals("layer 'dense_2' (dense): expects [features] or [time, features] input, got token ids [12];"
        + " add an embedding layer first", createError(DENSE, Map.of("units", 4), "dense_2", 30, 12));
  }

  @Test
  void rejectsAScalarPerSample() {
    assertEquals("layer 'dense_2' (dense): expects [features] or [time, features] input, got a scalar per"
        + " sample (shape [])", createError(DENSE, Map.of("units", 4), "dense_2", 0));
  }

  @Test
  void printsOnlyNonDefaultArgumentsLikeExtraRepr() {
    assertEquals("dense(48→2, activation=softmax)", dense(Map.of("units", 2, "activation", "softmax"), 1, 48).toString());
    assertEquals("dense(5→4)", dense(Map.of("units", 4), 1, 5).toString());
    assertEquals("dense(5→4, use_bias=false, kernel_init=zeros)", dense(Map.of("units", 4, "use_bias", false,
        "kernel_init", TestParams.typed(Kind.INITIALIZER, "zeros", Map.of())), 1, 5).toString());
    assertEquals("dense(5→4, bias_init=zeros)", dense(Map.of("units", 4,
        "bias_init", TestParams.typed(Kind.INITIALIZER, "zeros", Map.of())), 1, 5).toString());
  }

  @Test
  void outputsRealValuedFeatures() {
    assertEquals(0, dense(Map.of("units", 4), 1, 5).outputVocabulary());
  }
}
