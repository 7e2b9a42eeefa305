package io.recur.layers.recurrent;

import io.recur.spi.LayerFactory;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Finite-difference checks of the hand-written backward through time, w.r.t. the input and
 * every parameter (the learned initial states included), for every cell × {uni, bi} × {1, 2
 * layers} × {sequence, last} × {no mask, mask with varied lengths} × {zero, learned initial
 * state}, plus the merges and dropout. Sizes are tiny so the whole grid stays fast.
 */
class RecurrentLayerGradientTest {
  private static final int BATCH = 3;
  private static final int STEPS = 4;
  private static final int FEATURES = 3;
  private static final int UNITS = 2;
  /** Row 1 keeps a single step and row 2 three, so both directions meet padding. */
  private static final int[] LENGTHS = {4, 1, 3};

  /**
   * One configuration.
   *
   * @param eps finite-difference step: smaller for relu so no kink falls inside it
   */
  record Case(String name, LayerFactory factory, Map<String, Object> params, boolean masked,
      boolean training, double eps) {
    @Override
    public String toString() {
      return name;
    }
  }

  static Stream<Case> grid() {
    List<Case> cases = new ArrayList<>();
    for (String cell : List.of("rnn", "rnn-relu", "rnn-identity", "lstm", "gru")) {
      for (boolean bi : List.of(false, true)) {
        for (int layers : List.of(1, 2)) {
          for (String output : List.of("sequence", "last")) {
            for (boolean masked : List.of(false, true)) {
              for (String init : List.of("zero", "learned")) {
                Map<String, Object> p = new LinkedHashMap<>();
                p.put("units", UNITS);
                p.put("layers", layers);
                p.put("bidirectional", bi);
                p.put("output", output);
                p.put("initial_state", init);
                String name = cell + (bi ? " bi" : " uni") + " layers=" + layers + " " + output
                    + (masked ? " masked" : "") + (init.equals("learned") ? " learned-state" : "");
                cases.add(of(name, cell, p, masked, false));
              }
            }
          }
        }
      }
    }
    return cases.stream();
  }

  static Stream<Case> mergesAndDropout() {
    List<Case> cases = new ArrayList<>();
    for (String cell : List.of("rnn", "lstm", "gru")) {
      for (String merge : List.of("sum", "mul", "average")) {
        for (String output : List.of("sequence", "last")) {
          Map<String, Object> p = new LinkedHashMap<>();
          p.put("units", UNITS);
          p.put("layers", 2);
          p.put("bidirectional", true);
          p.put("merge", merge);
          p.put("output", output);
          cases.add(of(cell + " bi merge=" + merge + " " + output + " masked", cell, p, true, false));
        }
      }
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("units", UNITS);
      p.put("layers", 2);
      p.put("dropout", 0.5);
      p.put("bidirectional", true);
      cases.add(of(cell + " bi layers=2 dropout=0.5 training masked", cell, p, true, true));
    }
    return cases.stream();
  }

  private static Case of(String name, String cell, Map<String, Object> p, boolean masked, boolean training) {
    LayerFactory factory = switch (cell) {
      case "lstm" -> RecurrentLayerFactory.lstm();
      case "gru" -> RecurrentLayerFactory.gru();
      default -> RecurrentLayerFactory.rnn();
    };
    double eps = GradCheck.DEFAULT_EPS;
    if (cell.equals("rnn-relu")) {
      p.put("activation", "relu");
      eps = 1e-3;
    } else if (cell.equals("rnn-identity")) {
      p.put("activation", "identity");
    }
    return new Case(name, factory, p, masked, training, eps);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("grid")
  void backwardMatchesFiniteDifferences(Case c) {
    check(c);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("mergesAndDropout")
  void backwardMatchesFiniteDifferencesForMergesAndDropout(Case c) {
    check(c);
  }

  private static void check(Case c) {
    RecurrentLayer layer = (RecurrentLayer) c.factory().create(TestParams.resolve(c.factory(), c.params()),
        TestBuildContext.of("grad", new int[] {STEPS, FEATURES}, 0, 11));
    SplittableRandom rng = new SplittableRandom(5);
    for (Map.Entry<String, Tensor> e : layer.parameters().entrySet()) {
      if (e.getKey().equals(RecurrentLayer.H0) || e.getKey().equals(RecurrentLayer.C0)) {
        // learned states start at zero; move them so their gradient is checked away from a special point
        float[] d = e.getValue().data();
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) (rng.nextDouble() - 0.5);
        }
      }
    }
    Tensor x = GradCheck.random(3, BATCH, STEPS, FEATURES);
    Tensor mask = c.masked() ? TestContexts.mask(STEPS, LENGTHS) : null;
    List<Tensor> inputs = new ArrayList<>();
    inputs.add(x);
    inputs.addAll(layer.parameters().values());
    GradCheck.check(in -> layer.forward(x, c.training()
            ? TestContexts.training(mask, 7) : TestContexts.evaluation(mask)),
        inputs, c.eps(), GradCheck.DEFAULT_ATOL, GradCheck.DEFAULT_RTOL);
  }
}
