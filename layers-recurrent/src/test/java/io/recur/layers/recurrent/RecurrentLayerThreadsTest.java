package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recur.spi.LayerFactory;
import io.recur.tensor.Parallelism;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused sequence ops split each step (and their big products) across threads: outputs,
 * final states and every gradient must be the same bits on 1, 2 and 3 threads, on a batch with
 * padding, two stacked bidirectional layers and steps big enough to be split. Also: a second
 * batch through reused buffers, and forwards in {@link Tensor#noGrad()} (whose lower layers'
 * outputs are reused), give the same bits.
 */
class RecurrentLayerThreadsTest {
  private static final int BATCH = 24;
  private static final int STEPS = 7;
  private static final int FEATURES = 20;
  private static final int UNITS = 64;

  static Stream<LayerFactory> cells() {
    return Stream.of(RecurrentLayerFactory.rnn(), RecurrentLayerFactory.lstm(), RecurrentLayerFactory.gru());
  }

  private static RecurrentLayer build(LayerFactory f) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("units", UNITS);
    p.put("layers", 2);
    p.put("bidirectional", true);
    p.put("initial_state", "learned");
    RecurrentLayer layer = (RecurrentLayer) f.create(TestParams.resolve(f, p),
        TestBuildContext.of("rec", new int[] {STEPS, FEATURES}, 0, 3));
    layer.resetParameters(new Well19937c(5));
    // a learned initial state that is not zero, so its path is exercised
    for (String s : List.of(RecurrentLayer.H0, RecurrentLayer.C0)) {
      Tensor t = layer.parameters().get(s);
      if (t != null) {
        System.arraycopy(GradCheck.random(9, t.shape()).data(), 0, t.data(), 0, t.size());
      }
    }
    return layer;
  }

  private static int[] lengths() {
    int[] lengths = new int[BATCH];
    for (int n = 0; n < BATCH; n++) {
      lengths[n] = n % 5 == 3 ? 0 : STEPS - n % STEPS;
    }
    return lengths;
  }

  /** Output, h_n, then every parameter gradient and the input gradient, after one forward and backward. */
  private static List<float[]> run(RecurrentLayer layer, Tensor x, Tensor mask) {
    layer.parameters().values().forEach(Tensor::zeroGrad);
    Tensor input = x.copy().requireGrad(true);
    Tensor y = layer.forward(input, TestContexts.evaluation(mask));
    Tensor projection = GradCheck.random(11, y.shape());
    y.mul(projection).sum().backward();
    List<float[]> out = new ArrayList<>();
    out.add(y.data().clone());
    out.add(layer.finalStates().get(RecurrentLayer.H_N).data().clone());
    layer.parameters().values().forEach(t -> out.add(t.grad().clone()));
    out.add(input.grad().clone());
    return out;
  }

  private static void assertSameBits(List<float[]> expected, List<float[]> actual, String what) {
    for (int i = 0; i < expected.size(); i++) {
      assertArrayEquals(expected.get(i), actual.get(i), what + ", array " + i);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void oneTwoAndThreeThreadsGiveTheSameBits(LayerFactory f) {
    RecurrentLayer layer = build(f);
    Tensor x = GradCheck.random(7, BATCH, STEPS, FEATURES);
    Tensor mask = TestContexts.mask(STEPS, lengths());
    List<float[]> one = run(layer, x, mask);
    assertSameBits(one, run(layer, x, mask), "a second batch through the reused buffers");
    for (int threads = 2; threads <= 3; threads++) {
      try (Parallelism p = Parallelism.open(threads)) {
        assertSameBits(one, run(layer, x, mask), threads + " threads");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void aForwardWithoutGradientsGivesTheSameBitsAndNoGraph(LayerFactory f) {
    RecurrentLayer layer = build(f);
    Tensor x = GradCheck.random(8, BATCH, STEPS, FEATURES);
    Tensor mask = TestContexts.mask(STEPS, lengths());
    Tensor recorded = layer.forward(x, TestContexts.evaluation(mask));
    float[] hn = layer.finalStates().get(RecurrentLayer.H_N).data().clone();
    List<Tensor> outputs = new ArrayList<>();
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      for (int threads = 1; threads <= 2; threads++) {
        try (Parallelism p = Parallelism.open(threads)) {
          Tensor y = layer.forward(x, TestContexts.evaluation(mask));
          assertNull(y.creator(), "no graph inside noGrad");
          assertArrayEquals(recorded.data(), y.data());
          assertArrayEquals(hn, layer.finalStates().get(RecurrentLayer.H_N).data());
          outputs.add(y);
        }
      }
    }
    // the lower layer's outputs are reused from one forward to the next; what was returned is not
    for (Tensor y : outputs) {
      assertArrayEquals(recorded.data(), y.data(), "an output after a later forward");
    }
  }

  /** One op over one-hot rows (every fourth row padding after step 3), forward and backward. */
  private static List<float[]> oneHotRun(Cell cell, boolean indexPath) {
    int vocabulary = 33;
    Tensor x = Tensor.zeros(BATCH, STEPS, vocabulary);
    int[] lengths = new int[BATCH];
    java.util.Random r = new java.util.Random(4);
    for (int n = 0; n < BATCH; n++) {
      lengths[n] = n % 4 == 0 ? 3 : STEPS;
      for (int t = 0; t < lengths[n]; t++) {
        x.set(1f, n, t, r.nextInt(vocabulary));
      }
    }
    Workspace ws = new Workspace();
    ws.oneHotInputs = indexPath;
    ws.distinctInputs = false;
    SequenceOp op = TestSequenceOps.of(cell, x, UNITS, lengths, cell == Cell.LSTM, true, ws);
    float[] hn = new float[BATCH * UNITS];
    float[] cn = cell.hasCellState() ? new float[BATCH * UNITS] : null;
    Tensor y = op.forward(hn, cn, 0);
    y.mul(GradCheck.random(6, y.shape())).sum().backward();
    return List.of(y.data(), hn, op.weightIh.grad(), op.weightHh.grad(), op.biasIh.grad(), op.biasHh.grad());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cellTypes")
  void oneHotInputsTakeTheIndexPathWithTheProductsBits(Cell cell) {
    assertSameBits(oneHotRun(cell, false), oneHotRun(cell, true), cell + " one-hot");
  }

  /**
   * One op over rows drawn from five (an embedding's output; every fourth sequence padded after
   * step 3), forward and backward, on {@code threads}.
   */
  private static List<float[]> repeatedRowsRun(Cell cell, boolean distinctPath, int threads) {
    float[] table = GradCheck.random(9, 5, FEATURES).data();
    Tensor x = Tensor.zeros(BATCH, STEPS, FEATURES).requireGrad(true);
    int[] lengths = new int[BATCH];
    java.util.Random r = new java.util.Random(5);
    for (int n = 0; n < BATCH; n++) {
      lengths[n] = n % 4 == 0 ? 3 : STEPS;
      for (int t = 0; t < lengths[n]; t++) {
        System.arraycopy(table, r.nextInt(5) * FEATURES, x.data(), (n * STEPS + t) * FEATURES, FEATURES);
      }
    }
    Workspace ws = new Workspace();
    ws.distinctInputs = distinctPath;
    try (Parallelism p = Parallelism.open(threads)) {
      SequenceOp op = TestSequenceOps.of(cell, x, UNITS, lengths, cell == Cell.LSTM, true, ws);
      float[] hn = new float[BATCH * UNITS];
      float[] cn = cell.hasCellState() ? new float[BATCH * UNITS] : null;
      Tensor y = op.forward(hn, cn, 0);
      y.mul(GradCheck.random(6, y.shape())).sum().backward();
      return List.of(y.data(), hn, x.grad(), op.weightIh.grad(), op.weightHh.grad(), op.biasIh.grad(),
          op.biasHh.grad());
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cellTypes")
  void repeatedRowsProjectOnceWithTheProductsBits(Cell cell) {
    List<float[]> product = repeatedRowsRun(cell, false, 1);
    for (int threads = 1; threads <= 2; threads++) {
      assertSameBits(product, repeatedRowsRun(cell, true, threads), cell + " distinct rows, threads " + threads);
    }
  }

  static Stream<Cell> cellTypes() {
    return Stream.of(Cell.values());
  }
}
