package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.recur.spi.LayerFactory;
import io.recur.tensor.Gemm;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestContexts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A loaded model's weights are frozen ({@link Tensor#freeze()}), and a recurrent layer then packs
 * them once instead of at every forward: what a one-token step of generation spent most of its
 * time on. Training's weights change between forwards and are packed every time.
 */
class FrozenWeightsTest {
  private static final int K = 20;
  private static final int N = 36;

  /** {@code x·wᵀ} through a packed weight, and unpacked, for comparison. */
  private static float[] product(Tensor x, Gemm.Packed packed) {
    float[] c = new float[x.dim(0) * N];
    Gemm.multiply(false, x.dim(0), x.data(), 0, K, packed, c, 0, N, false);
    return c;
  }

  private static float[] product(Tensor x, Tensor w) {
    float[] c = new float[x.dim(0) * N];
    Gemm.multiply(false, true, x.dim(0), N, K, x.data(), 0, K, w.data(), 0, K, c, 0, N, false);
    return c;
  }

  @Test
  void aWeightThatTrainingChangesIsPackedAtEveryForwardAndAFrozenOneOnce() {
    Workspace ws = new Workspace();
    Tensor w = CarriedStateTest.random(1, N, K);
    Tensor x = CarriedStateTest.random(2, 5, K);
    Gemm.Packed first = ws.recurrentWeight.of(w, K, N);
    assertArrayEquals(product(x, w), product(x, first));

    // an optimiser step between two forwards: the second forward must see the new values
    w.data()[3] += 0.25f;
    w.data()[K * N - 1] -= 0.5f;
    Gemm.Packed second = ws.recurrentWeight.of(w, K, N);
    assertNotSame(first, second);
    assertArrayEquals(product(x, w), product(x, second));

    w.freeze();
    Gemm.Packed frozen = ws.recurrentWeight.of(w, K, N);
    assertArrayEquals(product(x, w), product(x, frozen));
    assertSame(frozen, ws.recurrentWeight.of(w, K, N));
    assertSame(frozen, ws.recurrentWeight.of(w, K, N));

    // the input projection's weight has a slot of its own
    Tensor wIh = CarriedStateTest.random(3, N, K).freeze();
    Gemm.Packed input = ws.inputWeight.of(wIh, K, N);
    assertArrayEquals(product(x, wIh), product(x, input));
    assertSame(input, ws.inputWeight.of(wIh, K, N));
    assertSame(frozen, ws.recurrentWeight.of(w, K, N));
  }

  static List<LayerFactory> cells() {
    return List.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru());
  }

  /** Outputs of {@code layer} fed one step at a time from the zero state, as generation feeds it. */
  private static List<float[]> stepByStep(RecurrentLayer layer, Tensor x) {
    List<float[]> outputs = new ArrayList<>();
    layer.startFrom(null);
    for (int t = 0; t < x.dim(1); t++) {
      outputs.add(layer.forward(CarriedStateTest.steps(x, t, t + 1), TestContexts.evaluation(null)).data().clone());
      layer.startFrom(layer.finalStates());
    }
    return outputs;
  }

  @ParameterizedTest
  @MethodSource("cells")
  void aFrozenLayerStepsWithTheBitsOfTheSameLayerUnfrozen(LayerFactory cell) {
    RecurrentLayer layer = CarriedStateTest.build(cell, Map.of("units", 5, "layers", 2));
    Tensor x = CarriedStateTest.random(4, 2, 7, 4);
    List<float[]> unfrozen = stepByStep(layer, x);
    layer.parameters().values().forEach(Tensor::freeze);
    List<float[]> frozen = stepByStep(layer, x);
    for (int t = 0; t < unfrozen.size(); t++) {
      assertArrayEquals(unfrozen.get(t), frozen.get(t), "step " + t);
    }
  }
}
