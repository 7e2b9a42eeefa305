package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.recur.model.Model;
import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.Metric;
import io.recur.spi.Split;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Windows against stream on a model whose state is easy to follow: a running sum, whose output for
 * a sample is its input plus the output the previous forward of that row ended in.
 */
class EvaluatorTest {
  /** {@code y = x + s}, {@code s} the last output of the row (0 from its own initial state). */
  private static final class RunningSum implements StatefulLayer {
    final List<Boolean> trainingFlags = new ArrayList<>();
    final List<Integer> batchSizes = new ArrayList<>();
    private Map<String, Tensor> start;
    private Map<String, Tensor> last = Map.of();

    @Override public Tensor forward(Tensor input, ForwardContext context) {
      trainingFlags.add(context.training());
      batchSizes.add(input.dim(0));
      float[] y = input.data().clone();
      if (start != null) {
        float[] s = start.get("sum").data();
        for (int i = 0; i < y.length; i++) {
          y[i] += s[i];
        }
      }
      start = null;
      Tensor out = Tensor.of(y, input.shape());
      last = Map.of("sum", out.copy());
      return out;
    }

    @Override public Map<String, Tensor> finalStates() {
      return last;
    }

    @Override public void startFrom(Map<String, Tensor> states) {
      start = states == null || states.isEmpty() ? null : states;
    }

    @Override public Map<String, Tensor> parameters() {
      return Map.of();
    }

    @Override public int[] outputShape() {
      return new int[] {1};
    }
  }

  /** {@code y = 2x}, no state. */
  private static final class Doubler implements Layer {
    @Override public Tensor forward(Tensor input, ForwardContext context) {
      float[] y = input.data().clone();
      for (int i = 0; i < y.length; i++) {
        y[i] *= 2;
      }
      return Tensor.of(y, input.shape());
    }

    @Override public Map<String, Tensor> parameters() {
      return Map.of();
    }

    @Override public int[] outputShape() {
      return new int[] {1};
    }
  }

  /** A metric named {@code label} summing the outputs (or, with {@code error}, |output - target|). */
  private static Metric sum(String label, boolean error) {
    return new Metric() {
      @Override public String label() {
        return label;
      }

      @Override public boolean higherIsBetter() {
        return false;
      }

      @Override public Accumulator newAccumulator() {
        return new Accumulator() {
          double total;
          boolean seen;

          @Override public void update(Tensor output, Tensor target, Tensor mask) {
            seen = true;
            for (int i = 0; i < output.size(); i++) {
              total += error ? Math.abs(output.data()[i] - target.data()[i]) : output.data()[i];
            }
          }

          @Override public double result() {
            return seen ? total : Double.NaN;
          }
        };
      }
    };
  }

  /** Samples 1 … n as {@code [n, 1]}; the target of sample i is the sum 1 + … + i. */
  private static Split counting(int n) {
    float[] x = new float[n];
    float[] y = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i + 1;
      y[i] = (i + 1) * (i + 2) / 2f;
    }
    return new Split(Tensor.of(x, n, 1), Tensor.of(y, n, 1), null);
  }

  private static Model model(Layer layer) {
    return Model.of(List.of(new Model.NamedLayer("sum", "running-sum", layer)), new int[] {1});
  }

  @Test
  void windowsStartEverySampleFromTheInitialState() {
    RunningSum layer = new RunningSum();
    Map<String, Double> r = Evaluator.evaluate(model(layer), counting(4), List.of(sum("out", false)));
    assertEquals(Map.of("out", 10.0), r, "1 + 2 + 3 + 4: nothing carried");
    assertEquals(List.of(4), layer.batchSizes, "four samples are one batch");
  }

  @Test
  void aStreamContinuesEachSampleFromTheStatesThePreviousOneEndedIn() {
    RunningSum layer = new RunningSum();
    Map<String, Double> r = Evaluator.evaluate(model(layer), counting(4),
        List.of(sum("out", false), sum("error", true)), Evaluator.Mode.STREAM);
    // outputs 1, 3, 6, 10: each the running sum, which is also each target
    assertEquals(20.0, r.get("out"));
    assertEquals(0.0, r.get("error"));
    assertEquals(List.of("out", "error"), List.copyOf(r.keySet()), "the metrics' order");
    assertEquals(List.of(1, 1, 1, 1), layer.batchSizes, "one sample per forward");
  }

  @Test
  void theSameModelScoredAgainStartsAgainFromItsInitialState() {
    RunningSum layer = new RunningSum();
    Model model = model(layer);
    Evaluator.evaluateStream(model, counting(4), List.of(sum("out", false)));
    // the first sample of a second pass must not continue from the last of the first
    assertEquals(20.0, Evaluator.evaluateStream(model, counting(4), List.of(sum("out", false))).get("out"));
    assertEquals(10.0, Evaluator.evaluate(model, counting(4), List.of(sum("out", false))).get("out"));
  }

  @Test
  void windowsRunInBatchesOf256AndSeeEverySampleOnce() {
    RunningSum layer = new RunningSum();
    int n = 600;
    Map<String, Double> r = Evaluator.evaluate(model(layer), counting(n), List.of(sum("out", false)),
        Evaluator.Mode.WINDOWS);
    assertEquals(n * (n + 1) / 2.0, r.get("out"));
    assertEquals(List.of(256, 256, 88), layer.batchSizes);
  }

  @Test
  void withoutAStatefulLayerStreamAndWindowsGiveTheSameBits() {
    Split split = counting(300);
    List<Metric> metrics = List.of(sum("out", false), sum("error", true));
    Map<String, Double> windows = Evaluator.evaluate(model(new Doubler()), split, metrics, Evaluator.Mode.WINDOWS);
    Map<String, Double> stream = Evaluator.evaluate(model(new Doubler()), split, metrics, Evaluator.Mode.STREAM);
    assertEquals(300 * 301.0, windows.get("out"));
    assertEquals(windows, stream);
  }

  @Test
  void evaluationRunsInEvaluationMode() {
    RunningSum layer = new RunningSum();
    Evaluator.evaluate(model(layer), counting(3), List.of(), Evaluator.Mode.STREAM);
    assertEquals(List.of(false, false, false), layer.trainingFlags);
    assertFalse(layer.trainingFlags.contains(true));
  }

  @Test
  void anEmptySplitGivesNaNForEveryMetric() {
    Split empty = new Split(Tensor.zeros(0, 1), Tensor.zeros(0, 1), null);
    Map<String, Double> r = Evaluator.evaluate(model(new RunningSum()), empty, List.of(sum("out", false)));
    assertEquals(Double.NaN, r.get("out"));
  }

  @Test
  void modesAreNamedInConfigsInLowerCase() {
    assertEquals("windows", Evaluator.Mode.WINDOWS.key());
    assertEquals("stream", Evaluator.Mode.STREAM.key());
  }
}
