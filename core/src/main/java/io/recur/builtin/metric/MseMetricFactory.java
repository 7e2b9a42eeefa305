package io.recur.builtin.metric;

import io.recur.builtin.loss.MaskedPositions;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Mean squared error of real-valued outputs against targets of the same shape, over every
 * element of the unmasked positions, whatever loss the model was trained with; lower is better.
 *
 * <p>{@code warmup: k} leaves out the first k steps of every sequence of an {@code [N, T, F]}
 * output and reports the column as {@code mse-after-<k>}. Next-step prediction of a signal
 * starts blind: at t = 0 the model has seen one value, and a sinusoid's next value depends on
 * its phase, which one value does not give (seed 004's sinusoids: the first step alone costs
 * about 0.17 / T of the mean). The warm-up columns measure how well the model predicts once the
 * past determines the future; the plain {@code mse} column (and the loss) keep every step.
 *
 * <pre>
 * metrics: [mse, {type: mse, warmup: 2}]
 * </pre>
 */
public final class MseMetricFactory implements MetricFactory {
  static final ParamSpec<Integer> WARMUP = ParamSpec.ofInt("warmup").min(0).byDefault(0)
      .doc("steps at the start of every sequence left out (outputs [N, T, F] only)");

  @Override public String name() {
    return "mse";
  }

  @Override public String doc() {
    return "mean squared error over unmasked elements, optionally leaving out each sequence's first steps";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(WARMUP);
  }

  @Override public Metric create(Params params, Loss loss) {
    int warmup = params.get(WARMUP);
    return new MseMetric(warmup == 0 ? "mse" : "mse-after-" + warmup, warmup);
  }

  private record MseMetric(String label, int warmup) implements Metric {
    @Override public boolean higherIsBetter() {
      return false;
    }

    @Override public Accumulator newAccumulator() {
      return new Accumulator() {
        private double sum;
        private long terms;

        @Override public void update(Tensor output, Tensor target, Tensor mask) {
          String who = "metric '" + label + "'";
          if (!Arrays.equals(output.shape(), target.shape())) {
            throw new RecurException(who + ": output " + Shape.toString(output.shape()) + " and target "
                + Shape.toString(target.shape()) + " differ in shape; mse compares real values element by element");
          }
          if (warmup > 0 && output.rank() < 3) {
            throw new RecurException(who + ": warmup " + warmup + " needs outputs with a time axis [N, T, F], got "
                + Shape.toString(output.shape()));
          }
          float[] weights = MaskedPositions.weights(who, output, mask);
          int features = Shape.last(output.shape());
          int steps = output.rank() >= 3 ? output.size() / (output.dim(0) * features) : 1;
          float[] o = output.data();
          float[] t = target.data();
          for (int p = 0; p < weights.length; p++) {
            if (weights[p] == 0f || p % steps < warmup) {
              continue;
            }
            for (int f = p * features; f < (p + 1) * features; f++) {
              double d = (double) o[f] - t[f];
              sum += d * d;
            }
            terms += features;
          }
        }

        @Override public double result() {
          return terms == 0 ? Double.NaN : sum / terms;
        }
      };
    }
  }
}
