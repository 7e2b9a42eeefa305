package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.List;

/**
 * Whole-sequence exact match: the fraction of sequences whose every unmasked position is
 * predicted right (argmax against the target class, as {@code accuracy}). For an output {@code
 * [N, T, C]} with targets {@code [N, T]} and a mask {@code [N, T]} over the target positions, a
 * sequence counts when all its real steps match; padding steps are ignored, and a sequence with no
 * real step is not counted at all. For a per-sequence output {@code [N, C]} it equals accuracy.
 * Per-symbol accuracy on non-padding positions is the plain {@code accuracy} metric, which skips
 * masked steps too.
 *
 * <pre>
 * metrics: [accuracy, sequence-accuracy]
 * </pre>
 */
public final class SequenceAccuracyMetricFactory implements MetricFactory {
  static final String NAME = "sequence-accuracy";

  @Override public String name() {
    return NAME;
  }

  @Override public String doc() {
    return "fraction of sequences whose every unmasked position is predicted right (exact match)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Metric create(Params params, Loss loss) {
    return new Metric() {
      @Override public String label() {
        return NAME;
      }

      @Override public boolean higherIsBetter() {
        return true;
      }

      @Override public Accumulator newAccumulator() {
        return new Accumulator() {
          private long right;
          private long total;

          @Override public void update(Tensor output, Tensor target, Tensor mask) {
            String who = "metric '" + NAME + "'";
            if (output.rank() < 2) {
              throw new RecurException(who + ": expected an output [N, ..., C] of class scores, got "
                  + Shape.toString(output.shape()));
            }
            int[] truth = Predictions.trueClasses(who, output, target, mask);
            int classes = Shape.last(output.shape());
            int perSequence = truth.length / output.dim(0);
            float[] o = output.data();
            for (int n = 0; n < output.dim(0); n++) {
              boolean any = false;
              boolean all = true;
              for (int p = n * perSequence; p < (n + 1) * perSequence && all; p++) {
                if (truth[p] < 0) {
                  continue;
                }
                any = true;
                int predicted = classes == 1 ? (o[p] > 0.5f ? 1 : 0) : Predictions.argmax(o, p * classes, classes);
                all = predicted == truth[p];
              }
              if (any) {
                total++;
                if (all) {
                  right++;
                }
              }
            }
          }

          @Override public double result() {
            return total == 0 ? Double.NaN : (double) right / total;
          }
        };
      }
    };
  }
}
