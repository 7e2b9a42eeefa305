package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.tensor.Tensor;
import java.util.List;

/**
 * Balanced accuracy: the mean over classes of each class's accuracy (recall), over the classes
 * that occur in the split (see {@link ConfusionMatrix#balancedAccuracy}). On an imbalanced set
 * such as the names data (Russian is 47% of it) a majority-class guess scores 1/K here while its
 * plain accuracy looks respectable. Masked positions are skipped.
 *
 * <pre>
 * metrics: [accuracy, balanced-accuracy]
 * </pre>
 */
public final class BalancedAccuracyMetricFactory implements MetricFactory {
  static final String NAME = "balanced-accuracy";

  @Override public String name() {
    return NAME;
  }

  @Override public String doc() {
    return "mean over the classes present of each class's accuracy (recall), as sklearn's balanced_accuracy_score";
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
          private ConfusionMatrix matrix;

          @Override public void update(Tensor output, Tensor target, Tensor mask) {
            if (matrix == null) {
              matrix = new ConfusionMatrix(ConfusionMatrix.classesOf(output));
            }
            matrix.add(output, target, mask);
          }

          @Override public double result() {
            return matrix == null ? Double.NaN : matrix.balancedAccuracy();
          }
        };
      }
    };
  }
}
