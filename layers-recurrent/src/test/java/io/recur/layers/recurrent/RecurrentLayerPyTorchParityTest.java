package io.recur.layers.recurrent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.spi.ForwardContext;
import io.recur.spi.LayerFactory;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Holds the layers to PyTorch: each fixture of {@code tools/pytorch/make_recurrent_fixtures.py}
 * is loaded into a layer by weight name, then output, final states and every gradient must equal
 * PyTorch's (computed in float64 from the same float32 weights) within 1e-5, absolute for values
 * up to 1 and relative above.
 */
class RecurrentLayerPyTorchParityTest {
  private static final double TOLERANCE = 1e-5;

  static Stream<String> fixtures() {
    return Fixture.NAMES.stream();
  }

  static Stream<String> bidirectionalFixtures() {
    return Fixture.NAMES.stream().filter(n -> Fixture.load(n).bool("bidirectional"));
  }

  /** A layer configured like the fixture's PyTorch module, its weights copied in by name. */
  static RecurrentLayer build(Fixture f, String output, String merge) {
    LayerFactory factory = switch (f.string("cell")) {
      case "rnn" -> RecurrentLayerFactory.rnn();
      case "lstm" -> RecurrentLayerFactory.lstm();
      default -> RecurrentLayerFactory.gru();
    };
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("units", f.integer("units"));
    p.put("layers", f.integer("layers"));
    p.put("bidirectional", f.bool("bidirectional"));
    p.put("merge", merge);
    p.put("output", output);
    p.put("initial_state", f.string("initial_state"));
    if (f.string("cell").equals("rnn")) {
      p.put("activation", f.string("activation"));
    }
    RecurrentLayer layer = (RecurrentLayer) factory.create(TestParams.resolve(factory, p),
        TestBuildContext.of("parity", new int[] {f.integer("steps"), f.integer("features")}, 0, 99));
    Map<String, Tensor> params = layer.parameters();
    for (String name : f.parameterNames()) {
      float[] w = Fixture.toFloats(f.parameter(name));
      assertEquals(params.get(name).size(), w.length, name);
      System.arraycopy(w, 0, params.get(name).data(), 0, w.length);
    }
    for (String state : List.of("h0", "c0")) {
      if (f.has(state)) {
        float[] w = Fixture.toFloats(f.array(state));
        System.arraycopy(w, 0, params.get(state).data(), 0, w.length);
      }
    }
    return layer;
  }

  static Tensor input(Fixture f) {
    return Tensor.of(Fixture.toFloats(f.array("input")), f.integer("batch"), f.integer("steps"),
        f.integer("features")).requireGrad(true);
  }

  static ForwardContext context(Fixture f) {
    int[] lengths = f.lengths();
    return TestContexts.evaluation(lengths == null ? null : TestContexts.mask(f.integer("steps"), lengths));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void parameterNamesShapesAndOrderAreExactlyPyTorchs(String name) {
    Fixture f = Fixture.load(name);
    Map<String, Tensor> params = build(f, "sequence", "concat").parameters();
    List<String> expected = new ArrayList<>(f.parameterNames());
    for (String state : List.of("h0", "c0")) {
      if (f.has(state)) {
        expected.add(state);
      }
    }
    assertEquals(expected, List.copyOf(params.keySet()));
    List<int[]> shapes = f.parameterShapes();
    for (int i = 0; i < shapes.size(); i++) {
      assertArrayEquals(shapes.get(i), params.get(f.parameterNames().get(i)).shape(), f.parameterNames().get(i));
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void sequenceOutputFinalStatesAndGradientsMatchPyTorch(String name) {
    Fixture f = Fixture.load(name);
    RecurrentLayer layer = build(f, "sequence", "concat");
    Tensor x = input(f);
    Tensor y = layer.forward(x, context(f));
    assertClose(name + " output", f.array("output"), y.data());
    assertClose(name + " h_n", f.array("h_n"), layer.finalStates().get(RecurrentLayer.H_N).data());
    if (f.has("c_n")) {
      assertClose(name + " c_n", f.array("c_n"), layer.finalStates().get(RecurrentLayer.C_N).data());
    }
    y.backward(Fixture.toFloats(f.array("r_sequence")));
    assertGradients(f, "sequence", layer, x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void lastOutputIsTheTopLayersFinalStateAndItsGradientsMatchPyTorch(String name) {
    Fixture f = Fixture.load(name);
    RecurrentLayer layer = build(f, "last", "concat");
    Tensor x = input(f);
    Tensor y = layer.forward(x, context(f));
    assertClose(name + " last", topState(f), y.data());
    y.backward(Fixture.toFloats(f.array("r_last")));
    assertGradients(f, "last", layer, x);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("bidirectionalFixtures")
  void sumMulAndAverageCombineTheTwoDirectionsOfPyTorchsOutput(String name) {
    Fixture f = Fixture.load(name);
    int h = f.integer("units");
    for (String merge : List.of("sum", "mul", "average")) {
      double[] seq = merge(merge, f.array("output"), h);
      assertClose(name + " sequence " + merge, seq, build(f, "sequence", merge).forward(input(f), context(f)).data());
      double[] last = merge(merge, topState(f), h);
      assertClose(name + " last " + merge, last, build(f, "last", merge).forward(input(f), context(f)).data());
    }
  }

  /** PyTorch's h_n of the top layer, {@code [forward | backward]} per row: {@code [N, D·H]}. */
  private static double[] topState(Fixture f) {
    int n = f.integer("batch");
    int h = f.integer("units");
    int d = f.bool("bidirectional") ? 2 : 1;
    int top = (f.integer("layers") - 1) * d;
    double[] hn = f.array("h_n");
    double[] out = new double[n * d * h];
    for (int row = 0; row < n; row++) {
      for (int dir = 0; dir < d; dir++) {
        System.arraycopy(hn, ((top + dir) * n + row) * h, out, (row * d + dir) * h, h);
      }
    }
    return out;
  }

  /** Combines the two H-wide halves of every {@code 2H} row. */
  private static double[] merge(String merge, double[] concat, int h) {
    double[] out = new double[concat.length / 2];
    for (int r = 0; r < out.length / h; r++) {
      for (int j = 0; j < h; j++) {
        double a = concat[r * 2 * h + j];
        double b = concat[r * 2 * h + h + j];
        out[r * h + j] = switch (merge) {
          case "sum" -> a + b;
          case "mul" -> a * b;
          default -> (a + b) / 2;
        };
      }
    }
    return out;
  }

  private static void assertGradients(Fixture f, String loss, RecurrentLayer layer, Tensor x) {
    String label = f.string("name") + " " + loss + " loss, gradient of ";
    assertClose(label + "input", f.grad(loss, "input"), grad(x));
    for (Map.Entry<String, Tensor> e : layer.parameters().entrySet()) {
      assertClose(label + e.getKey(), f.grad(loss, e.getKey()), grad(e.getValue()));
    }
  }

  private static float[] grad(Tensor t) {
    return t.grad() == null ? new float[t.size()] : t.grad();
  }

  static void assertClose(String what, double[] expected, float[] actual) {
    assertEquals(expected.length, actual.length, what + ": length");
    List<String> bad = new ArrayList<>();
    for (int i = 0; i < expected.length; i++) {
      double diff = Math.abs(expected[i] - actual[i]);
      if (!(diff <= TOLERANCE * Math.max(1, Math.abs(expected[i])))) {
        bad.add(String.format(Locale.ROOT, "[%d] expected %.9g, got %.9g", i, expected[i], actual[i]));
      }
    }
    if (!bad.isEmpty()) {
      throw new AssertionError(what + ": " + bad.size() + " of " + expected.length + " values differ from PyTorch: "
          + String.join(", ", bad.subList(0, Math.min(6, bad.size()))));
    }
  }
}
