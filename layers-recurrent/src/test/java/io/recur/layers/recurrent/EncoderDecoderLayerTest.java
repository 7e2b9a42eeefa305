package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.BuildContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import io.recur.testkit.LayerContract;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code encoder-decoder} layer: the layer contract (shapes, finite-difference gradients of
 * every parameter through encoder, bridge and decoder, determinism, safetensors round trip) for
 * every cell, stacked, embedded, reversed and of another output length; its equality with an
 * encoder and a decoder built from {@code rnn}/{@code lstm}/{@code gru} layers (which hold
 * PyTorch parity); source lengths from the end id; output lengths; masks; messages.
 */
class EncoderDecoderLayerTest extends LayerContract {
  private static final EncoderDecoderLayerFactory FACTORY = new EncoderDecoderLayerFactory();
  private static final int VOCABULARY = 4;
  private static final int STEPS = 5;

  private static Map<String, Object> params(Object... kv) {
    Map<String, Object> p = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      p.put((String) kv[i], kv[i + 1]);
    }
    return p;
  }

  @Override
  protected Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    for (String cell : List.of("rnn", "lstm", "gru")) {
      for (int layers : List.of(1, 2)) {
        cases.add(Case.ids(cell + " layers=" + layers + " end=0", FACTORY,
            params("cell", cell, "units", 3, "layers", layers, "source_end_id", 0), VOCABULARY, STEPS));
      }
    }
    cases.add(Case.ids("lstm embedded reversed, 3 output steps", FACTORY, params("cell", "lstm", "units", 3,
        "embedding_size", 2, "source_end_id", 0, "reverse_source", true, "output_length", 3), VOCABULARY, STEPS));
    cases.add(Case.ids("gru layers=2 context input", FACTORY, params("cell", "gru", "units", 3, "layers", 2,
        "source_end_id", 0, "decoder_input", "context"), VOCABULARY, STEPS));
    cases.add(Case.ids("rnn relu, no end id", FACTORY, params("cell", "rnn", "units", 3, "activation", "relu",
        "output_length", 7), VOCABULARY, STEPS).withEps(1e-3));
    return cases.stream();
  }

  @Override
  protected BuildContext buildContext(String name, int[] inputShape, int inputVocabulary, long seed) {
    return TestBuildContext.of(name, inputShape, inputVocabulary, seed);
  }

  @Override
  protected Params params(Case c) {
    return TestParams.resolve(c.factory(), c.params());
  }

  private static EncoderDecoderLayer build(Map<String, Object> p, int[] targetShape) {
    return (EncoderDecoderLayer) FACTORY.create(TestParams.resolve(FACTORY, p),
        new WithTargets(TestBuildContext.of("s2s", new int[] {STEPS}, VOCABULARY, 42), targetShape));
  }

  /** Rows: "1 2 3 0 0", "3 0 2 1 2" (end at 1, then noise), "2 2 1 1 3" (no end). */
  private static Tensor sources() {
    return Tensor.of(new float[] {1, 2, 3, 0, 0, 3, 0, 2, 1, 2, 2, 2, 1, 1, 3}, 3, STEPS);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"rnn", "lstm", "gru"})
  void equalsAnEncoderWhoseFinalStatesStartADecoderBuiltFromRecurrentLayers(String cell) {
    int units = 3;
    int layers = 2;
    int outSteps = 4;
    EncoderDecoderLayer s2s = build(params("cell", cell, "units", units, "layers", layers, "source_end_id", 0,
        "output_length", outSteps), null);
    Tensor ids = sources();
    Tensor y = s2s.forward(ids, TestContexts.evaluation(null));

    RecurrentLayerFactory factory = switch (cell) {
      case "lstm" -> RecurrentLayerFactory.lstm();
      case "gru" -> RecurrentLayerFactory.gru();
      default -> RecurrentLayerFactory.rnn();
    };
    RecurrentLayer encoder = (RecurrentLayer) factory.create(
        TestParams.resolve(factory, Map.of("units", units, "layers", layers)),
        TestBuildContext.of("enc", new int[] {STEPS, VOCABULARY}, 0, 1));
    copy(s2s, EncoderDecoderLayer.ENCODER, encoder);
    // the lengths the end id gives: 3, 1 and 5 (no end id)
    encoder.forward(ids.oneHot(VOCABULARY), TestContexts.evaluation(TestContexts.mask(STEPS, 3, 1, 5)));
    Tensor hN = encoder.finalStates().get(RecurrentLayer.H_N);
    Tensor cN = encoder.finalStates().get(RecurrentLayer.C_N);

    for (int n = 0; n < 3; n++) {
      RecurrentLayer decoder = (RecurrentLayer) factory.create(
          TestParams.resolve(factory, Map.of("units", units, "layers", layers, "initial_state", "learned")),
          TestBuildContext.of("dec", new int[] {outSteps, 1}, 0, 1));
      copy(s2s, EncoderDecoderLayer.DECODER, decoder);
      for (int k = 0; k < layers; k++) {
        for (int j = 0; j < units; j++) {
          decoder.parameters().get(RecurrentLayer.H0).set(hN.get(k, n, j), k, j);
          if (cN != null) {
            decoder.parameters().get(RecurrentLayer.C0).set(cN.get(k, n, j), k, j);
          }
        }
      }
      Tensor row = decoder.forward(Tensor.zeros(1, outSteps, 1), TestContexts.evaluation(null));
      for (int u = 0; u < outSteps; u++) {
        for (int j = 0; j < units; j++) {
          assertEquals(row.get(0, u, j), y.get(n, u, j), 1e-6, cell + " row " + n + " step " + u);
        }
      }
    }
  }

  private static void copy(EncoderDecoderLayer from, String prefix, RecurrentLayer to) {
    to.parameters().forEach((name, t) -> {
      Tensor w = from.parameters().get(prefix + "." + name);
      if (w != null) {
        System.arraycopy(w.data(), 0, t.data(), 0, t.size());
      }
    });
  }

  @Test
  void stepsAfterEachSourcesEndIdChangeNothing() {
    EncoderDecoderLayer s2s = build(params("cell", "gru", "units", 3, "source_end_id", 0), null);
    Tensor noisy = Tensor.of(new float[] {1, 2, 3, 0, 2, 3, 0, 1, 3, 3, 2, 2, 1, 1, 3}, 3, STEPS);
    assertArrayEquals(bits(s2s.forward(sources(), TestContexts.evaluation(null))),
        bits(s2s.forward(noisy, TestContexts.evaluation(null))));
    assertArrayEquals(new int[] {3, 1, 5}, s2s.sourceLengths(sources()));

    EncoderDecoderLayer whole = build(params("cell", "gru", "units", 3), null);
    assertFalse(java.util.Arrays.equals(bits(whole.forward(sources(), TestContexts.evaluation(null))),
        bits(whole.forward(noisy, TestContexts.evaluation(null)))), "without source_end_id every step counts");
  }

  @Test
  void reverseSourceReadsEachSourceFromItsEnd() {
    EncoderDecoderLayer reversed = build(params("cell", "lstm", "units", 3, "source_end_id", 0, "reverse_source", true),
        null);
    EncoderDecoderLayer forward = build(params("cell", "lstm", "units", 3, "source_end_id", 0), null);
    Tensor mirrored = Tensor.of(new float[] {3, 2, 1, 0, 0, 3, 0, 2, 1, 2, 3, 1, 1, 2, 2}, 3, STEPS);
    float[] a = reversed.forward(sources(), TestContexts.evaluation(null)).data();
    float[] b = forward.forward(mirrored, TestContexts.evaluation(null)).data();
    assertArrayEquals(b, a, 1e-6f);
  }

  @Test
  void theOutputLengthFollowsTheTargetsElseTheInput() {
    assertArrayEquals(new int[] {6, 3}, build(params("cell", "rnn", "units", 3), new int[] {6}).outputShape());
    assertArrayEquals(new int[] {STEPS, 3}, build(params("cell", "rnn", "units", 3), null).outputShape());
    assertArrayEquals(new int[] {STEPS, 3}, build(params("cell", "rnn", "units", 3), new int[] {}).outputShape());
    assertArrayEquals(new int[] {2, 3},
        build(params("cell", "rnn", "units", 3, "output_length", 2), new int[] {6}).outputShape());
    Tensor y = build(params("cell", "lstm", "units", 3), new int[] {6}).forward(sources(),
        TestContexts.evaluation(null));
    assertArrayEquals(new int[] {3, 6, 3}, y.shape());
  }

  @Test
  void theTargetMaskIsLeftToTheLossAndAMaskOfAnotherLengthIsRefused() {
    EncoderDecoderLayer s2s = build(params("cell", "lstm", "units", 3, "source_end_id", 0), new int[] {6});
    Tensor plain = s2s.forward(sources(), TestContexts.evaluation(null));
    Tensor masked = s2s.forward(sources(), TestContexts.evaluation(TestContexts.mask(6, 4, 2, 6)));
    assertArrayEquals(bits(plain), bits(masked));

    RecurException e = assertThrows(RecurException.class,
        () -> s2s.forward(sources(), TestContexts.evaluation(TestContexts.mask(STEPS, 4, 2, 5))));
    assertEquals("layer 's2s' (encoder-decoder): decodes 6 steps, but the batch's mask covers 5 target positions"
        + " [3, 5]; set output_length: 5", e.getMessage());
    EncoderDecoderLayer fixed = build(params("cell", "lstm", "units", 3, "output_length", 4), new int[] {6});
    e = assertThrows(RecurException.class,
        () -> fixed.forward(sources(), TestContexts.evaluation(TestContexts.mask(6, 4, 2, 6))));
    assertEquals("layer 's2s' (encoder-decoder): decodes 4 steps, but the batch's mask covers 6 target positions"
        + " [3, 6]; set output_length: 6 or leave it out", e.getMessage());
  }

  @Test
  void parametersAreNamedAsTheSeedsEncoderAndDecoderRnns() {
    EncoderDecoderLayer s2s = build(params("cell", "lstm", "units", 3, "layers", 2, "embedding_size", 2), null);
    assertEquals(List.of("embedding.weight",
        "encoder.weight_ih_l0", "encoder.weight_hh_l0", "encoder.bias_ih_l0", "encoder.bias_hh_l0",
        "encoder.weight_ih_l1", "encoder.weight_hh_l1", "encoder.bias_ih_l1", "encoder.bias_hh_l1",
        "decoder.weight_ih_l0", "decoder.weight_hh_l0", "decoder.bias_ih_l0", "decoder.bias_hh_l0",
        "decoder.weight_ih_l1", "decoder.weight_hh_l1", "decoder.bias_ih_l1", "decoder.bias_hh_l1"),
        List.copyOf(s2s.parameters().keySet()));
    assertArrayEquals(new int[] {VOCABULARY, 2}, s2s.parameters().get("embedding.weight").shape());
    assertArrayEquals(new int[] {12, 2}, s2s.parameters().get("encoder.weight_ih_l0").shape());
    assertArrayEquals(new int[] {12, 1}, s2s.parameters().get("decoder.weight_ih_l0").shape());
    assertArrayEquals(new int[] {12, 3}, s2s.parameters().get("decoder.weight_ih_l1").shape());
    assertEquals("encoder-decoder(lstm, 4→3 → 5 steps, layers=2, embedding_size=2)", s2s.toString());
    assertEquals("encoder-decoder(rnn, 4→3 → 6 steps, source_end_id=0, reverse_source=true, decoder_input=context)",
        build(params("cell", "rnn", "units", 3, "source_end_id", 0, "reverse_source", true, "decoder_input", "context"),
            new int[] {6}).toString());
    assertArrayEquals(new int[] {3, 3}, build(params("cell", "rnn", "units", 3, "decoder_input", "context"), null)
        .parameters().get("decoder.weight_ih_l0").shape());
  }

  @Test
  void badInputsAndParametersAreNamed() {
    RecurException e = assertThrows(RecurException.class, () -> FACTORY.create(
        TestParams.resolve(FACTORY, params("cell", "rnn", "units", 3)),
        TestBuildContext.of("s2s", new int[] {STEPS, 4}, 0, 1)));
    assertEquals("layer 's2s' (encoder-decoder): expects token ids [time] per sample, got real-valued input [5, 4];"
        + " it embeds the ids itself, so put it first, without an embedding layer", e.getMessage());
    e = assertThrows(RecurException.class, () -> build(params("cell", "lstm", "units", 3, "activation", "relu"), null));
    assertEquals("layer 's2s' (encoder-decoder): activation applies to cell rnn only; lstm has fixed gate"
        + " nonlinearities, so remove activation: relu", e.getMessage());
    e = assertThrows(RecurException.class, () -> build(params("cell", "gru", "units", 3, "source_end_id", 4), null));
    assertEquals("layer 's2s' (encoder-decoder): source_end_id 4 is outside the source vocabulary [0, 4)",
        e.getMessage());
    EncoderDecoderLayer s2s = build(params("cell", "gru", "units", 3), null);
    e = assertThrows(RecurException.class, () -> s2s.forward(Tensor.of(new float[] {1, 7}, 1, 2),
        TestContexts.evaluation(null)));
    assertEquals("layer 's2s' (encoder-decoder): source one-hot index 7.0 outside [0, 4)", e.getMessage());
  }

  /** The module's test context, telling the layer the targets' shape as the engine does. */
  private record WithTargets(BuildContext inner, int[] targets) implements BuildContext {
    @Override public String name() {
      return inner.name();
    }

    @Override public int[] inputShape() {
      return inner.inputShape();
    }

    @Override public int inputVocabulary() {
      return inner.inputVocabulary();
    }

    @Override public int[] targetShape() {
      return targets == null ? null : targets.clone();
    }

    @Override public RandomGenerator random() {
      return inner.random();
    }

    @Override public Initializer initializer(TypedValue value) {
      return inner.initializer(value);
    }

    @Override public Layer layer(TypedValue value, String name, int[] inputShape, int inputVocabulary) {
      return inner.layer(value, name, inputShape, inputVocabulary);
    }

    @Override public RecurrentCell cell(TypedValue value) {
      return inner.cell(value);
    }
  }
}
