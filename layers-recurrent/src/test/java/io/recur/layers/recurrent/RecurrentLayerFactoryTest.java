package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Registration, declared parameters, weights, initialisation and every error message. */
class RecurrentLayerFactoryTest {
  private static final long SEED = 42;

  static RecurrentLayer build(LayerFactory factory, Map<String, ?> params, int... inputShape) {
    return (RecurrentLayer) factory.create(TestParams.resolve(factory, params),
        TestBuildContext.of("enc", inputShape, 0, SEED));
  }

  private static String createError(LayerFactory factory, Map<String, ?> params, int vocabulary, int... inputShape) {
    return assertThrows(RecurException.class, () -> factory.create(TestParams.resolve(factory, params),
        TestBuildContext.of("enc", inputShape, vocabulary, SEED))).getMessage();
  }

  /**
   * The factory's own check of a value the config validator refuses first (a caller of the
   * factory that skips validation); the validator's message for it is checked as well.
   */
  private static String uncheckedCreateError(LayerFactory factory, Map<String, ?> params, String validatorMessage,
      int... inputShape) {
    assertEquals(validatorMessage, assertThrows(RecurException.class, () -> TestParams.resolve(factory, params))
        .getMessage());
    return assertThrows(RecurException.class, () -> factory.create(TestParams.unchecked(factory, params),
        TestBuildContext.of("enc", inputShape, 0, SEED))).getMessage();
  }

  private static String forwardError(RecurrentLayer layer, Tensor x, Tensor mask) {
    return assertThrows(RecurException.class,
        () -> layer.forward(x, TestContexts.evaluation(mask))).getMessage();
  }

  // ---------------------------------------------------------------- registration and params

  @Test
  void thePluginRegistersRnnLstmGruAndTheEncoderDecoderThroughServiceLoader() {
    List<String> names = new ArrayList<>();
    for (RecurPlugin plugin : ServiceLoader.load(RecurPlugin.class)) {
      if (plugin instanceof RecurrentLayersPlugin) {
        plugin.layers().forEach(f -> names.add(f.name()));
      }
    }
    assertEquals(List.of("rnn", "lstm", "gru", "recurrent", "encoder-decoder"), names);
  }

  @Test
  void everyParameterIsDeclaredOnceAndActivationOnlyForRnn() {
    assertEquals(List.of("units", "layers", "activation", "dropout", "bidirectional", "merge", "output",
        "initial_state", "initializer"), names(RecurrentLayerFactory.rnn().params()));
    List<String> gated = List.of("units", "layers", "dropout", "bidirectional", "merge", "output",
        "initial_state", "initializer");
    assertEquals(gated, names(RecurrentLayerFactory.lstm().params()));
    assertEquals(gated, names(RecurrentLayerFactory.gru().params()));
    for (ParamSpec<?> spec : RecurrentLayerFactory.rnn().params()) {
      assertFalse(spec.doc().isEmpty(), spec.name() + " has no doc");
    }
  }

  @Test
  void defaultsAreOneLayerUnidirectionalConcatSequenceZeroStateAndPyTorchsUniformInit() {
    assertTrue(RecurrentLayerFactory.UNITS.required());
    assertEquals(1, RecurrentLayerFactory.LAYERS.defaultValue().orElseThrow());
    assertEquals(0.0, RecurrentLayerFactory.DROPOUT.defaultValue().orElseThrow());
    assertEquals(false, RecurrentLayerFactory.BIDIRECTIONAL.defaultValue().orElseThrow());
    assertEquals("concat", RecurrentLayerFactory.MERGE.defaultValue().orElseThrow());
    assertEquals(List.of("concat", "sum", "mul", "average"), RecurrentLayerFactory.MERGE.choices());
    assertEquals("sequence", RecurrentLayerFactory.OUTPUT.defaultValue().orElseThrow());
    assertEquals(List.of("tanh", "relu", "identity"), RecurrentLayerFactory.ACTIVATION.choices());
    assertEquals("tanh", RecurrentLayerFactory.ACTIVATION.defaultValue().orElseThrow());
    assertEquals("zero", RecurrentLayerFactory.INITIAL_STATE.defaultValue().orElseThrow());
    TypedValue init = RecurrentLayerFactory.INITIALIZER.defaultValue().orElseThrow();
    assertEquals("uniform-fan-in", init.type());
  }

  private static List<String> names(List<ParamSpec<?>> specs) {
    return specs.stream().map(ParamSpec::name).toList();
  }

  // ---------------------------------------------------------------- weights

  @Test
  void parametersFollowPyTorchsNamedParametersOrderAndShapes() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 4, "layers", 2, "bidirectional", true), 7, 3);
    assertEquals(List.of(
        "weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0",
        "weight_ih_l0_reverse", "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse",
        "weight_ih_l1", "weight_hh_l1", "bias_ih_l1", "bias_hh_l1",
        "weight_ih_l1_reverse", "weight_hh_l1_reverse", "bias_ih_l1_reverse", "bias_hh_l1_reverse"),
        List.copyOf(layer.parameters().keySet()));
    Map<String, Tensor> p = layer.parameters();
    assertArrayEquals(new int[] {16, 3}, p.get("weight_ih_l0").shape());
    assertArrayEquals(new int[] {16, 4}, p.get("weight_hh_l0_reverse").shape());
    assertArrayEquals(new int[] {16, 8}, p.get("weight_ih_l1").shape());
    assertArrayEquals(new int[] {16}, p.get("bias_hh_l1_reverse").shape());
  }

  @Test
  void gateSizeIsUnitsForRnnFourTimesForLstmThreeTimesForGru() {
    assertArrayEquals(new int[] {5, 3}, build(RecurrentLayerFactory.rnn(), Map.of("units", 5), 2, 3).parameters().get("weight_ih_l0").shape());
    assertArrayEquals(new int[] {20, 5}, build(RecurrentLayerFactory.lstm(), Map.of("units", 5), 2, 3).parameters().get("weight_hh_l0").shape());
    assertArrayEquals(new int[] {15}, build(RecurrentLayerFactory.gru(), Map.of("units", 5), 2, 3).parameters().get("bias_ih_l0").shape());
  }

  @Test
  void learnedInitialStateAddsH0AndForLstmC0AfterTheWeightsStartingAtZero() {
    Map<String, Tensor> lstm = build(RecurrentLayerFactory.lstm(),
        Map.of("units", 3, "layers", 2, "bidirectional", true, "initial_state", "learned"), 4, 2).parameters();
    List<String> names = List.copyOf(lstm.keySet());
    assertEquals(List.of("h0", "c0"), names.subList(names.size() - 2, names.size()));
    assertArrayEquals(new int[] {4, 3}, lstm.get("h0").shape());
    assertArrayEquals(new int[] {4, 3}, lstm.get("c0").shape());
    assertArrayEquals(new float[12], lstm.get("h0").data());
    Map<String, Tensor> gru = build(RecurrentLayerFactory.gru(), Map.of("units", 3, "initial_state", "learned"), 4, 2).parameters();
    assertTrue(gru.containsKey("h0"));
    assertFalse(gru.containsKey("c0"));
  }

  @Test
  void theInitializerFillsEveryWeightAndBiasWithFanInUnitsInParameterOrder() {
    LayerFactory f = RecurrentLayerFactory.gru();
    TestBuildContext context = TestBuildContext.of("enc", new int[] {5, 3}, 0, SEED);
    RecurrentLayer layer = (RecurrentLayer) f.create(TestParams.resolve(f,
        Map.of("units", 4, "bidirectional", true, "initial_state", "learned")), context);
    assertEquals(List.of(
        "uniform-fan-in [12, 3] fan_in=4 fan_out=12", "uniform-fan-in [12, 4] fan_in=4 fan_out=12",
        "uniform-fan-in [12] fan_in=4 fan_out=12", "uniform-fan-in [12] fan_in=4 fan_out=12",
        "uniform-fan-in [12, 3] fan_in=4 fan_out=12", "uniform-fan-in [12, 4] fan_in=4 fan_out=12",
        "uniform-fan-in [12] fan_in=4 fan_out=12", "uniform-fan-in [12] fan_in=4 fan_out=12"),
        context.initCalls());
    for (Map.Entry<String, Tensor> e : layer.parameters().entrySet()) {
      for (float v : e.getValue().data()) {
        assertTrue(Math.abs(v) <= 0.5f, e.getKey() + " holds " + v + ", outside U(-1/sqrt(4), 1/sqrt(4))");
      }
    }
  }

  @Test
  void aConfiguredInitializerReplacesTheDefault() {
    LayerFactory f = RecurrentLayerFactory.lstm();
    RecurrentLayer layer = build(f, Map.of("units", 2, "initializer",
        TypedValue.of(io.recur.spi.Kind.INITIALIZER, "zeros", io.recur.spi.Params.empty())), 3, 2);
    for (Tensor t : layer.parameters().values()) {
      assertArrayEquals(new float[t.size()], t.data());
    }
    assertEquals("lstm(2→2, initializer=zeros)", layer.toString());
  }

  @Test
  void theSameSeedGivesTheSameBitsAndAnotherSeedOtherBits() {
    LayerFactory f = RecurrentLayerFactory.lstm();
    Map<String, ?> p = Map.of("units", 3, "layers", 2, "bidirectional", true);
    Map<String, Tensor> a = build(f, p, 4, 2).parameters();
    Map<String, Tensor> b = build(f, p, 4, 2).parameters();
    Map<String, Tensor> other = ((RecurrentLayer) f.create(TestParams.resolve(f, p),
        TestBuildContext.of("enc", new int[] {4, 2}, 0, SEED + 1))).parameters();
    for (String name : a.keySet()) {
      assertArrayEquals(bits(a.get(name)), bits(b.get(name)), name);
      assertFalse(Arrays.equals(bits(a.get(name)), bits(other.get(name))), name + " ignores the seed");
    }
  }

  @Test
  void parametersAreTheSameTrainableInstancesEveryCall() {
    RecurrentLayer layer = build(RecurrentLayerFactory.rnn(), Map.of("units", 3, "initial_state", "learned"), 4, 2);
    Map<String, Tensor> first = layer.parameters();
    for (Map.Entry<String, Tensor> e : layer.parameters().entrySet()) {
      assertSame(first.get(e.getKey()), e.getValue());
      assertTrue(e.getValue().requiresGrad(), e.getKey() + " is not trainable");
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

  // ---------------------------------------------------------------- shapes and toString

  @Test
  void outputShapeIsTimeByDirectionsTimesUnitsOrDirectionsTimesUnitsForLast() {
    assertArrayEquals(new int[] {7, 5}, build(RecurrentLayerFactory.gru(), Map.of("units", 5), 7, 3).outputShape());
    assertArrayEquals(new int[] {7, 10}, build(RecurrentLayerFactory.gru(), Map.of("units", 5, "bidirectional", true), 7, 3).outputShape());
    assertArrayEquals(new int[] {10}, build(RecurrentLayerFactory.gru(), Map.of("units", 5, "bidirectional", true, "output", "last"), 7, 3).outputShape());
    assertArrayEquals(new int[] {7, 5}, build(RecurrentLayerFactory.gru(), Map.of("units", 5, "bidirectional", true, "merge", "sum"), 7, 3).outputShape());
    assertArrayEquals(new int[] {5}, build(RecurrentLayerFactory.gru(), Map.of("units", 5, "bidirectional", true, "merge", "average", "output", "last"), 7, 3).outputShape());
    // merge only applies to two directions
    assertArrayEquals(new int[] {7, 5}, build(RecurrentLayerFactory.gru(), Map.of("units", 5, "merge", "mul"), 7, 3).outputShape());
  }

  @Test
  void toStringPrintsSizesAndOnlyNonDefaultParameters() {
    assertEquals("lstm(32→64)", build(RecurrentLayerFactory.lstm(), Map.of("units", 64), 10, 32).toString());
    assertEquals("lstm(32→64, layers=2, bidirectional=true)",
        build(RecurrentLayerFactory.lstm(), Map.of("units", 64, "layers", 2, "bidirectional", true), 10, 32).toString());
    assertEquals("rnn(3→4, layers=3, activation=relu, dropout=0.25, bidirectional=true, merge=sum, output=last, initial_state=learned)",
        build(RecurrentLayerFactory.rnn(), Map.of("units", 4, "layers", 3, "activation", "relu", "dropout", 0.25,
            "bidirectional", true, "merge", "sum", "output", "last", "initial_state", "learned"), 5, 3).toString());
    assertEquals("gru(3→4)", build(RecurrentLayerFactory.gru(), Map.of("units", 4), 5, 3).toString());
  }

  @Test
  void identityActivationMakesALinearRnn() {
    RecurrentLayer layer = build(RecurrentLayerFactory.rnn(), Map.of("units", 2, "activation", "identity"), 3, 1);
    assertEquals("rnn(1→2, activation=identity)", layer.toString());
    Map<String, Tensor> p = layer.parameters();
    float[] wih = p.get("weight_ih_l0").data();
    float[] whh = p.get("weight_hh_l0").data();
    float[] bih = p.get("bias_ih_l0").data();
    float[] bhh = p.get("bias_hh_l0").data();
    float[] x = {0.5f, -1.5f, 2f};
    Tensor out = layer.forward(Tensor.of(x.clone(), 1, 3, 1), TestContexts.evaluation(null));
    // h' = W_ih x + b_ih + W_hh h + b_hh, no squashing: values leave [-1, 1] freely
    double[] h = new double[2];
    for (int t = 0; t < 3; t++) {
      double[] next = new double[2];
      for (int j = 0; j < 2; j++) {
        next[j] = wih[j] * x[t] + bih[j] + bhh[j] + whh[j * 2] * h[0] + whh[j * 2 + 1] * h[1];
      }
      h = next;
      assertEquals(h[0], out.data()[t * 2], 1e-6);
      assertEquals(h[1], out.data()[t * 2 + 1], 1e-6);
    }
    Tensor big = layer.forward(Tensor.of(new float[] {100f, 100f, 100f}, 1, 3, 1), TestContexts.evaluation(null));
    double scaled = 0;
    for (float v : big.data()) {
      scaled = Math.max(scaled, Math.abs(v));
    }
    assertTrue(scaled > 1, "a linear rnn's outputs are not bounded by 1");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void rejectsZeroUnits() {
    assertEquals("layer 'enc' (lstm): units: expected an integer >= 1, got 0",
        uncheckedCreateError(RecurrentLayerFactory.lstm(), Map.of("units", 0),
            "test parameters of lstm: lstm.units: expected an integer >= 1, got 0", 5, 3));
  }

  @Test
  void rejectsZeroLayers() {
    assertEquals("layer 'enc' (rnn): layers: expected an integer >= 1, got 0",
        uncheckedCreateError(RecurrentLayerFactory.rnn(), Map.of("units", 2, "layers", 0),
            "test parameters of rnn: rnn.layers: expected an integer >= 1, got 0", 5, 3));
  }

  @Test
  void rejectsDropoutOfOne() {
    assertEquals("layer 'enc' (gru): dropout: expected a number in [0, 1), got 1.0",
        uncheckedCreateError(RecurrentLayerFactory.gru(), Map.of("units", 2, "layers", 2, "dropout", 1.0),
            "test parameters of gru: gru.dropout: expected a number >= 0 and < 1, got 1.0", 5, 3));
  }

  @Test
  void rejectsTokenIdInputAndAsksForAnEmbedding() {
    assertEquals("layer 'enc' (lstm): expects real-valued [time, features] input, got token ids [12] (vocabulary 20); "
        + "add an embedding layer first", createError(RecurrentLayerFactory.lstm(), Map.of("units", 2), 20, 12));
  }

  @Test
  void rejectsInputWithoutATimeAxis() {
    assertEquals("layer 'enc' (rnn): expects [time, features] input per sample, got [12]",
        createError(RecurrentLayerFactory.rnn(), Map.of("units", 2), 0, 12));
    assertEquals("layer 'enc' (gru): expects [time, features] input per sample, got [2, 3, 4]",
        createError(RecurrentLayerFactory.gru(), Map.of("units", 2), 0, 2, 3, 4));
  }

  @Test
  void rejectsABatchOfTheWrongRank() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 2), 4, 3);
    assertEquals("layer 'enc' (lstm): expected input [N, T, 3], got shape [2, 3]",
        forwardError(layer, Tensor.zeros(2, 3), null));
  }

  @Test
  void rejectsTheWrongFeatureSize() {
    RecurrentLayer layer = build(RecurrentLayerFactory.gru(), Map.of("units", 2), 4, 3);
    assertEquals("layer 'enc' (gru): input feature size expected 3, got 5 (input shape [2, 4, 5])",
        forwardError(layer, Tensor.zeros(2, 4, 5), null));
  }

  @Test
  void rejectsAMaskOfTheWrongShape() {
    RecurrentLayer layer = build(RecurrentLayerFactory.rnn(), Map.of("units", 2), 4, 3);
    assertEquals("layer 'enc' (rnn): mask expected [N, T] = [2, 4], got [2, 5]",
        forwardError(layer, Tensor.zeros(2, 4, 3), Tensor.zeros(2, 5)));
  }

  @Test
  void rejectsAMaskThatIsNotZeroOrOne() {
    RecurrentLayer layer = build(RecurrentLayerFactory.rnn(), Map.of("units", 2), 4, 3);
    Tensor mask = TestContexts.mask(4, 4, 2);
    mask.set(0.5f, 1, 1);
    assertEquals("layer 'enc' (rnn): mask row 1, step 1: expected 0 or 1, got 0.5",
        forwardError(layer, Tensor.zeros(2, 4, 3), mask));
  }

  @Test
  void rejectsPaddingBeforeARealStep() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 2), 4, 3);
    Tensor mask = TestContexts.mask(4, 4, 2);
    mask.set(1f, 1, 3);
    assertEquals("layer 'enc' (lstm): mask row 1 has a real step at 3 after padding at 2; "
        + "padding must be at the end of each row", forwardError(layer, Tensor.zeros(2, 4, 3), mask));
  }
}
