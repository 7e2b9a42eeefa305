package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.CellFactory;
import io.recur.spi.CellStep;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
import io.recur.spi.TypedValue;
import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;
import io.recur.testkit.CellGradCheck;
import io.recur.testkit.GradCheck;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The built-in cells on their own (their equations against finite differences through core's
 * {@link CellGradCheck}, the lstm's fused update against its formula) and the {@code recurrent}
 * layer type, which runs any registered cell with the bits of the layer named after it.
 */
class CellsTest {
  static Stream<RecurrentCell> cells() {
    return Stream.of(new LstmCell(), new GruCell(), new RnnCell(RnnCell.Activation.TANH),
        new RnnCell(RnnCell.Activation.IDENTITY));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cells")
  void everyBuiltInCellsBackwardMatchesFiniteDifferencesOfItsForward(RecurrentCell cell) {
    // 37 units: a vector body and a scalar tail on every vector width
    CellGradCheck.check(cell, 3, 37, 11);
  }

  @Test
  void theLstmsFusedUpdateMatchesItsFormula() {
    int h = 37;
    float[] gates = values(4, 4 * h);
    for (int i = 0; i < 4 * h; i++) {
      gates[i] = Kernels.sigmoid(gates[i] * 3);
    }
    float[] cPrev = values(5, h);
    float[] c = new float[h];
    float[] tc = new float[h];
    float[] hOut = new float[h];
    LstmCell.update(gates, 0, cPrev, 0, c, 0, tc, 0, hOut, 0, h);
    float[] dh = values(6, h);
    float[] dc = values(7, h);
    float[] dG = new float[4 * h];
    float[] dcPrev = new float[h];
    LstmCell.updateBackward(gates, 0, cPrev, 0, tc, 0, dh, 0, dc, 0, dG, 0, dcPrev, 0, h);
    for (int j = 0; j < h; j++) {
      float i = gates[j];
      float f = gates[h + j];
      float g = gates[2 * h + j];
      float o = gates[3 * h + j];
      float cv = f * cPrev[j] + i * g;
      assertEquals(cv, c[j]);
      assertEquals(Kernels.tanh(cv), tc[j]);
      assertEquals(o * Kernels.tanh(cv), hOut[j]);
      float dct = dc[j] + dh[j] * o * (1f - tc[j] * tc[j]);
      assertEquals(dct * g * i * (1f - i), dG[j]);
      assertEquals(dct * cPrev[j] * f * (1f - f), dG[h + j]);
      assertEquals(dct * i * (1f - g * g), dG[2 * h + j]);
      assertEquals(dh[j] * tc[j] * o * (1f - o), dG[3 * h + j]);
      assertEquals(dct * f, dcPrev[j]);
    }
  }

  @Test
  void theGrusFusedStepMatchesItsFormula() {
    int h = 37;
    float[] xp = values(8, 3 * h);
    float[] hh = values(9, 3 * h);
    float[] bhn = values(10, h);
    float[] hPrev = values(11, h);
    float[] gates = new float[3 * h];
    float[] q = new float[h];
    float[] hOut = new float[h];
    GruCell.step(xp, 0, hh, 0, bhn, 0, hPrev, 0, gates, 0, q, 0, hOut, 0, h);
    for (int j = 0; j < h; j++) {
      float r = Kernels.sigmoid(xp[j] + hh[j]);
      float z = Kernels.sigmoid(xp[h + j] + hh[h + j]);
      float qv = hh[2 * h + j] + bhn[j];
      float n = Kernels.tanh(xp[2 * h + j] + r * qv);
      assertEquals(r, gates[j]);
      assertEquals(z, gates[h + j]);
      assertEquals(n, gates[2 * h + j]);
      assertEquals(qv, q[j]);
      assertEquals((1f - z) * n + z * hPrev[j], hOut[j]);
    }
  }

  private static float[] values(long seed, int n) {
    SplittableRandom r = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) (r.nextDouble() * 4 - 2);
    }
    return v;
  }

  static Stream<String> cellNames() {
    return Stream.of("lstm", "gru", "rnn");
  }

  /** The same weights, outputs, final states and gradients as the layer type named after the cell. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("cellNames")
  void recurrentWithACellGivesTheBitsOfTheLayerNamedAfterIt(String cell) {
    Map<String, Object> common = Map.of("units", 5, "layers", 2, "bidirectional", true, "output", "last");
    LayerFactory namedFactory = switch (cell) {
      case "lstm" -> RecurrentLayerFactory.lstm();
      case "gru" -> RecurrentLayerFactory.gru();
      default -> RecurrentLayerFactory.rnn();
    };
    RecurrentLayer named = RecurrentLayerFactoryTest.build(namedFactory, common, 6, 3);
    Map<String, Object> withCell = new java.util.HashMap<>(common);
    withCell.put("cell", cell);
    RecurrentLayer generic = RecurrentLayerFactoryTest.build(RecurrentLayerFactory.recurrent(), withCell, 6, 3);
    assertEquals(named.parameters().keySet(), generic.parameters().keySet());
    Tensor x = GradCheck.random(8, 4, 6, 3);
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0}, 4, 6);
    List<float[]> a = run(named, x, mask);
    List<float[]> b = run(generic, x, mask);
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i), b.get(i), 0f, "result " + i);
    }
    assertEquals(named.finalStates().keySet(), generic.finalStates().keySet());
  }

  private static List<float[]> run(RecurrentLayer layer, Tensor x, Tensor mask) {
    layer.parameters().values().forEach(Tensor::zeroGrad);
    Tensor y = layer.forward(x, TestContexts.evaluation(mask));
    y.mul(GradCheck.random(9, y.shape())).sum().backward();
    List<float[]> out = new java.util.ArrayList<>(List.of(y.data(), layer.finalStates().get(RecurrentLayer.H_N).data()));
    layer.parameters().values().forEach(p -> out.add(p.data()));
    layer.parameters().values().forEach(p -> out.add(p.grad()));
    return out;
  }

  @Test
  void aRecurrentLayerSaysWhichCellItRuns() {
    Map<String, Object> p = Map.of("cell", "rnn", "units", 4);
    assertEquals("recurrent(rnn, 3→4)", RecurrentLayerFactoryTest.build(RecurrentLayerFactory.recurrent(), p, 6, 3)
        .toString());
  }

  /** A plugin cell that declares a layout the layers cannot run is refused when the layer is built. */
  @Test
  void aCellWithAnImpossibleLayoutIsRefusedNamingTheLayerAndTheCell() {
    RecurrentCell noGates = new RecurrentCell() {
      @Override
      public List<String> gates() {
        return List.of();
      }

      @Override
      public void forward(CellStep step, int row) {}

      @Override
      public void backward(CellStep step, int row) {}
    };
    CellFactory factory = new BuiltInCellFactory("empty", "no gates", List.of(), p -> noGates);
    RecurException e = assertThrows(RecurException.class, () -> RecurrentLayerFactory.of(factory, "test")
        .create(TestParams.resolve(RecurrentLayerFactory.of(factory, "test"), Map.of("units", 2)),
            TestBuildContext.of("odd", new int[] {3, 2}, 0, 1)));
    assertEquals("layer 'odd' (empty): cell 'empty' declares no gate blocks; gates() must name at least one",
        e.getMessage());
  }

  /** The encoder–decoder's own activation (from before cells were types) is the rnn cell's activation. */
  @Test
  void theEncoderDecodersActivationKeyAndTheCellsOwnBuildTheSameLayer() {
    EncoderDecoderLayerFactory f = new EncoderDecoderLayerFactory();
    Map<String, Object> legacy = Map.of("cell", "rnn", "activation", "relu", "units", 3);
    TypedValue relu = TypedValue.of(Kind.CELL, "rnn", Params.of(Map.of("activation", "relu")));
    Map<String, Object> own = Map.of("cell", relu, "units", 3);
    Layer a = f.create(TestParams.resolve(f, legacy), TestBuildContext.of("s2s", new int[] {5}, 4, 42));
    Layer b = f.create(TestParams.resolve(f, own), TestBuildContext.of("s2s", new int[] {5}, 4, 42));
    assertEquals(a.toString(), b.toString());
    assertEquals("encoder-decoder(rnn, 4→3 → 5 steps, activation=relu)", b.toString());
    Tensor ids = Tensor.of(new float[] {1, 2, 3, 0, 0, 3, 1, 2, 2, 1}, 2, 5);
    assertArrayEquals(a.forward(ids, TestContexts.evaluation(null)).data(),
        b.forward(ids, TestContexts.evaluation(null)).data(), 0f);
    Map<String, Object> both = Map.of("cell", relu, "activation", "identity", "units", 3);
    RecurException e = assertThrows(RecurException.class,
        () -> f.create(TestParams.resolve(f, both), TestBuildContext.of("s2s", new int[] {5}, 4, 42)));
    assertEquals("layer 's2s' (encoder-decoder): activation: identity contradicts the cell's own activation: relu;"
        + " give it once, in cell", e.getMessage());
  }
}
