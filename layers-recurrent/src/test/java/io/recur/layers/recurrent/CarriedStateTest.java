package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.LayerFactory;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestContexts;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Truncated back-propagation through time and stepwise sampling rest on one property: a forward
 * over two windows, the second started from the states the first ended in ({@link
 * RecurrentLayer#startFrom}), computes what one forward over the whole sequence computes, and the
 * gradient of the second window's outputs with respect to its inputs is the whole sequence's.
 */
class CarriedStateTest {
  private static final int N = 3;
  private static final int T = 7;
  private static final int SPLIT = 3;
  private static final int F = 4;

  static Stream<LayerFactory> cells() {
    return Stream.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru());
  }

  static RecurrentLayer build(LayerFactory factory, Map<String, ?> params) {
    return RecurrentLayerFactoryTest.build(factory, params, T, F);
  }

  static Tensor random(long seed, int... shape) {
    SplittableRandom r = new SplittableRandom(seed);
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (r.nextDouble() * 2 - 1);
    }
    return t;
  }

  /** Steps {@code [from, to)} of {@code x [N, T, F]}. */
  static Tensor steps(Tensor x, int from, int to) {
    int n = x.dim(0);
    int t = x.dim(1);
    int f = x.dim(2);
    float[] out = new float[n * (to - from) * f];
    for (int row = 0; row < n; row++) {
      System.arraycopy(x.data(), (row * t + from) * f, out, row * (to - from) * f, (to - from) * f);
    }
    return Tensor.of(out, n, to - from, f);
  }

  @ParameterizedTest
  @MethodSource("cells")
  void twoWindowsWithCarriedStateComputeTheWholeSequence(LayerFactory cell) {
    RecurrentLayer layer = build(cell, Map.of("units", 5, "layers", 2));
    Tensor x = random(1, N, T, F);
    Tensor whole = layer.forward(x, TestContexts.evaluation(null));
    Map<String, Tensor> wholeStates = layer.finalStates();

    Tensor first = layer.forward(steps(x, 0, SPLIT), TestContexts.evaluation(null));
    layer.startFrom(layer.finalStates());
    Tensor second = layer.forward(steps(x, SPLIT, T), TestContexts.evaluation(null));

    assertArrayEquals(steps(whole, 0, SPLIT).data(), first.data(), 1e-6f);
    assertArrayEquals(steps(whole, SPLIT, T).data(), second.data(), 1e-6f);
    for (String key : wholeStates.keySet()) {
      assertArrayEquals(wholeStates.get(key).data(), layer.finalStates().get(key).data(), 1e-6f, key);
    }
  }

  @ParameterizedTest
  @MethodSource("cells")
  void theSecondWindowsInputGradientIsTheWholeSequences(LayerFactory cell) {
    RecurrentLayer layer = build(cell, Map.of("units", 5, "layers", 2));
    Tensor x = random(2, N, T, F);
    Tensor projection = random(3, N, T - SPLIT, 5);

    Tensor xWhole = x.copy().requireGrad(true);
    Tensor outWhole = layer.forward(xWhole, TestContexts.evaluation(null));
    Tensor wholeWeights = Tensor.zeros(N, T, 5);
    for (int row = 0; row < N; row++) {
      System.arraycopy(projection.data(), row * (T - SPLIT) * 5, wholeWeights.data(), (row * T + SPLIT) * 5,
          (T - SPLIT) * 5);
    }
    outWhole.mul(wholeWeights).sum().backward();

    layer.forward(steps(x, 0, SPLIT), TestContexts.evaluation(null));
    layer.startFrom(layer.finalStates());
    Tensor x2 = steps(x, SPLIT, T).requireGrad(true);
    layer.forward(x2, TestContexts.evaluation(null)).mul(projection).sum().backward();

    assertArrayEquals(steps(Tensor.of(xWhole.grad(), N, T, F), SPLIT, T).data(), x2.grad(), 1e-5f);
  }

  @Test
  void aCarriedStartIsAConstantAndTheLearnedInitialStateGetsNoGradient() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 5, "initial_state", "learned"));
    Tensor x = random(4, N, T, F);
    layer.forward(x, TestContexts.evaluation(null));
    layer.startFrom(layer.finalStates());
    layer.forward(x, TestContexts.training(null, 1)).sum().backward();
    assertNull(layer.parameters().get(RecurrentLayer.H0).grad());
    assertNull(layer.parameters().get(RecurrentLayer.C0).grad());
  }

  @Test
  void theStartAppliesToTheNextForwardOnly() {
    RecurrentLayer layer = build(RecurrentLayerFactory.gru(), Map.of("units", 5));
    Tensor x = random(5, N, T, F);
    Tensor fresh = layer.forward(x, TestContexts.evaluation(null));
    layer.startFrom(layer.finalStates());
    layer.forward(x, TestContexts.evaluation(null));
    assertArrayEquals(fresh.data(), layer.forward(x, TestContexts.evaluation(null)).data());
  }

  @Test
  void aBidirectionalLayerCannotCarryItsState() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 5, "bidirectional", true));
    layer.forward(random(6, N, T, F), TestContexts.evaluation(null));
    RecurException e = assertThrows(RecurException.class, () -> layer.startFrom(layer.finalStates()));
    assertEquals("layer 'enc' (lstm): a bidirectional layer cannot carry its state into the next forward: its reverse"
        + " direction starts at the end of each sequence", e.getMessage());
  }

  @Test
  void statesOfAnotherLayoutOrBatchAreRejected() {
    RecurrentLayer layer = build(RecurrentLayerFactory.lstm(), Map.of("units", 5));
    RecurException missing = assertThrows(RecurException.class,
        () -> layer.startFrom(Map.of(RecurrentLayer.H_N, Tensor.zeros(1, N, 5))));
    assertEquals("layer 'enc' (lstm): the states to start from have no 'c_n'; expected h_n and c_n, got [h_n]",
        missing.getMessage());
    RecurException shape = assertThrows(RecurException.class, () -> layer.startFrom(
        Map.of(RecurrentLayer.H_N, Tensor.zeros(2, N, 5), RecurrentLayer.C_N, Tensor.zeros(2, N, 5))));
    assertEquals("layer 'enc' (lstm): state 'h_n' expected [1, N, 5], got [2, 3, 5]", shape.getMessage());
    layer.startFrom(Map.of(RecurrentLayer.H_N, Tensor.zeros(1, 2, 5), RecurrentLayer.C_N, Tensor.zeros(1, 2, 5)));
    RecurException batch = assertThrows(RecurException.class,
        () -> layer.forward(random(7, N, T, F), TestContexts.evaluation(null)));
    assertEquals("layer 'enc' (lstm): the states to start from hold 2 rows, the batch 3", batch.getMessage());
  }
}
