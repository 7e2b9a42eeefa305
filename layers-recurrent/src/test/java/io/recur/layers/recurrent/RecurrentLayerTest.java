package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.LayerFactory;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Masks, final states, dropout and determinism of a built layer. */
class RecurrentLayerTest {
  private static final int STEPS = 5;
  private static final int FEATURES = 3;
  private static final int UNITS = 3;

  static Stream<LayerFactory> cells() {
    return Stream.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru());
  }

  private static RecurrentLayer build(LayerFactory f, Map<String, ?> params) {
    Map<String, Object> p = new LinkedHashMap<>(params);
    p.putIfAbsent("units", UNITS);
    return (RecurrentLayer) f.create(TestParams.resolve(f, p),
        TestBuildContext.of("rec", new int[] {STEPS, FEATURES}, 0, 3));
  }

  /** Row {@code row} of {@code x [N, T, F]}, cut to its first {@code length} steps: {@code [1, length, F]}. */
  private static Tensor prefix(Tensor x, int row, int length) {
    float[] out = new float[length * FEATURES];
    System.arraycopy(x.data(), row * STEPS * FEATURES, out, 0, out.length);
    return Tensor.of(out, 1, length, FEATURES);
  }

  private static void assertNear(float[] expected, float[] actual, int expectedOff, int actualOff, int n, String what) {
    for (int i = 0; i < n; i++) {
      assertEquals(expected[expectedOff + i], actual[actualOff + i], 1e-6f, what + " [" + i + "]");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void aPaddedRowGivesWhatItsValidPrefixGivesAloneAndZerosAfter(LayerFactory f) {
    RecurrentLayer layer = build(f, Map.of("layers", 2, "bidirectional", true));
    int[] lengths = {5, 2, 4, 0};
    int width = 2 * UNITS;
    Tensor x = GradCheck.random(17, lengths.length, STEPS, FEATURES);
    Tensor y = layer.forward(x, TestContexts.evaluation(TestContexts.mask(STEPS, lengths)));
    Tensor hn = layer.finalStates().get(RecurrentLayer.H_N);
    for (int row = 0; row < lengths.length; row++) {
      int len = lengths[row];
      int rowOff = row * STEPS * width;
      if (len > 0) {
        Tensor alone = layer.forward(prefix(x, row, len), TestContexts.evaluation(null));
        assertNear(alone.data(), y.data(), 0, rowOff, len * width, f.name() + " row " + row);
        Tensor aloneHn = layer.finalStates().get(RecurrentLayer.H_N);
        for (int i = 0; i < 4; i++) {
          assertNear(aloneHn.data(), hn.data(), i * UNITS, (i * lengths.length + row) * UNITS, UNITS, "h_n " + i + " row " + row);
        }
      } else {
        for (int i = 0; i < 4; i++) {
          assertNear(new float[UNITS], hn.data(), 0, (i * lengths.length + row) * UNITS, UNITS, "empty row keeps h0");
        }
      }
      for (int t = len; t < STEPS; t++) {
        assertNear(new float[width], y.data(), 0, rowOff + t * width, width, "padding row " + row + " t " + t);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void lastIsEachRowsStateAtItsTrueEndAndTheReverseStateAtTimeZero(LayerFactory f) {
    int[] lengths = {5, 3, 1};
    Tensor x = GradCheck.random(4, lengths.length, STEPS, FEATURES);
    Tensor mask = TestContexts.mask(STEPS, lengths);
    RecurrentLayer seqLayer = build(f, Map.of("bidirectional", true));
    RecurrentLayer lastLayer = build(f, Map.of("bidirectional", true, "output", "last"));
    float[] seq = seqLayer.forward(x, TestContexts.evaluation(mask)).data();
    float[] last = lastLayer.forward(x, TestContexts.evaluation(mask)).data();
    int width = 2 * UNITS;
    for (int row = 0; row < lengths.length; row++) {
      int end = (row * STEPS + lengths[row] - 1) * width;
      int start = row * STEPS * width + UNITS;
      assertNear(seq, last, end, row * width, UNITS, "forward half = output at the true end");
      assertNear(seq, last, start, row * width + UNITS, UNITS, "backward half = output at t = 0");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void finalStatesHavePyTorchsLayoutAndCellStatesOnlyForLstm(LayerFactory f) {
    RecurrentLayer layer = build(f, Map.of("layers", 2, "bidirectional", true));
    assertTrue(layer.finalStates().isEmpty(), "no states before the first forward");
    Tensor x = GradCheck.random(8, 2, STEPS, FEATURES);
    Tensor y = layer.forward(x, TestContexts.evaluation(null));
    Map<String, Tensor> states = layer.finalStates();
    assertEquals(f.name().equals("lstm") ? List.of("h_n", "c_n") : List.of("h_n"), List.copyOf(states.keySet()));
    Tensor hn = states.get(RecurrentLayer.H_N);
    assertArrayEquals(new int[] {4, 2, UNITS}, hn.shape());
    assertFalse(hn.requiresGrad(), "final states are detached");
    for (int row = 0; row < 2; row++) {
      // top forward (index 2) is the last output step's first half; top reverse (3) is t = 0's second half
      assertNear(y.data(), hn.data(), (row * STEPS + STEPS - 1) * 2 * UNITS, (2 * 2 + row) * UNITS, UNITS, "h_n[2]");
      assertNear(y.data(), hn.data(), row * STEPS * 2 * UNITS + UNITS, (3 * 2 + row) * UNITS, UNITS, "h_n[3]");
    }
    if (states.containsKey(RecurrentLayer.C_N)) {
      assertArrayEquals(new int[] {4, 2, UNITS}, states.get(RecurrentLayer.C_N).shape());
    }
    layer.forward(GradCheck.random(9, 3, STEPS, FEATURES), TestContexts.evaluation(null));
    assertNotSame(hn, layer.finalStates().get(RecurrentLayer.H_N));
    assertArrayEquals(new int[] {4, 3, UNITS}, layer.finalStates().get(RecurrentLayer.H_N).shape());
  }

  @Test
  void aLearnedInitialStateIsWhereEveryRowStarts() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("initial_state", "learned", "bidirectional", true));
    float[] h0 = layer.parameters().get("h0").data();
    float[] c0 = layer.parameters().get("c0").data();
    for (int i = 0; i < h0.length; i++) {
      h0[i] = 0.1f * (i + 1);
      c0[i] = -0.2f * (i + 1);
    }
    Tensor x = GradCheck.random(2, 2, STEPS, FEATURES);
    Tensor y = layer.forward(x, TestContexts.evaluation(TestContexts.mask(STEPS, 0, 3)));
    Map<String, Tensor> s = layer.finalStates();
    // row 0 is empty: its final states are h0 and c0 for both directions, its outputs are all zero
    for (int d = 0; d < 2; d++) {
      assertNear(h0, s.get("h_n").data(), d * UNITS, d * 2 * UNITS, UNITS, "h_n of an empty row");
      assertNear(c0, s.get("c_n").data(), d * UNITS, d * 2 * UNITS, UNITS, "c_n of an empty row");
    }
    assertArrayEquals(new float[STEPS * 2 * UNITS], Arrays.copyOf(y.data(), STEPS * 2 * UNITS));
  }

  @Test
  void dropoutActsOnlyWhileTrainingBetweenLayersAndRepeatsWithTheSameStream() {
    RecurrentLayer layer = build(RecurrentLayerFactory.gru(), Map.of("layers", 2, "dropout", 0.5));
    Tensor x = GradCheck.random(6, 2, STEPS, FEATURES);
    float[] eval = layer.forward(x, TestContexts.evaluation(null)).data();
    float[] train1 = layer.forward(x, TestContexts.training(null, 7)).data();
    float[] train2 = layer.forward(x, TestContexts.training(null, 7)).data();
    float[] train3 = layer.forward(x, TestContexts.training(null, 8)).data();
    assertArrayEquals(train1, train2);
    assertFalse(Arrays.equals(eval, train1), "dropout changed nothing while training");
    assertFalse(Arrays.equals(train1, train3), "dropout ignores its stream");

    RecurrentLayer single = build(RecurrentLayerFactory.gru(), Map.of("dropout", 0.5));
    assertArrayEquals(single.forward(x, TestContexts.evaluation(null)).data(),
        single.forward(x, TestContexts.training(null, 7)).data(), "one layer: nothing to drop between");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void theSameInputGivesTheSameBits(LayerFactory f) {
    RecurrentLayer a = build(f, Map.of("layers", 2, "bidirectional", true));
    RecurrentLayer b = build(f, Map.of("layers", 2, "bidirectional", true));
    Tensor xa = GradCheck.random(12, 3, STEPS, FEATURES);
    Tensor xb = GradCheck.random(12, 3, STEPS, FEATURES);
    Tensor mask = TestContexts.mask(STEPS, 5, 2, 4);
    Tensor ya = a.forward(xa, TestContexts.evaluation(mask));
    Tensor yb = b.forward(xb, TestContexts.evaluation(mask));
    assertArrayEquals(RecurrentLayerFactoryTest.bits(ya), RecurrentLayerFactoryTest.bits(yb));
    float[] r = new float[ya.size()];
    Arrays.fill(r, 0.5f);
    ya.backward(r);
    yb.backward(r);
    assertArrayEquals(xa.grad(), xb.grad(), "input gradient");
    for (String name : a.parameters().keySet()) {
      assertArrayEquals(a.parameters().get(name).grad(), b.parameters().get(name).grad(), name);
    }
  }

  @Test
  void sequencesMayBeLongerOrShorterThanTheBuildShape() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("bidirectional", true));
    assertArrayEquals(new int[] {2, 9, 2 * UNITS},
        layer.forward(GradCheck.random(1, 2, 9, FEATURES), TestContexts.evaluation(null)).shape());
    assertArrayEquals(new int[] {2, 1, 2 * UNITS},
        layer.forward(GradCheck.random(1, 2, 1, FEATURES), TestContexts.evaluation(null)).shape());
  }
}
