package io.recur.builtin.metric;

import static java.util.Objects.requireNonNull;

import io.recur.builtin.loss.MaskedPositions;
import io.recur.builtin.loss.Reduction;
import io.recur.builtin.loss.ReducedLoss;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.tensor.Tensor;

/**
 * The experiment's loss over a whole split. A mean loss is averaged over batches weighted by the
 * number of terms each batch's mean divided by, so the result equals the loss of the split taken
 * as one batch; a sum loss is summed. Losses from plugins are taken to be means over their
 * unmasked positions.
 */
final class LossMetric implements Metric {
  static final String LABEL = "loss";
  private final Loss loss;

  LossMetric(Loss loss) {
    this.loss = requireNonNull(loss, "loss is null");
  }

  @Override public String label() {
    return LABEL;
  }

  @Override public boolean higherIsBetter() {
    return false;
  }

  @Override public Accumulator newAccumulator() {
    return new Accumulator() {
      private double weighted;
      private double weights;
      private boolean seen;

      @Override public void update(Tensor output, Tensor target, Tensor mask) {
        // detached: evaluation needs the value only, not a graph hanging off the model's parameters
        double value = loss.compute(output.detach(), target, mask).item();
        seen = true;
        if (loss instanceof ReducedLoss r && r.reduction() == Reduction.SUM) {
          weighted += value;
          return;
        }
        double weight = loss instanceof ReducedLoss r ? r.terms(output, mask)
            : MaskedPositions.count(MaskedPositions.weights("metric 'loss'", output, mask));
        weighted += value * weight;
        weights += weight;
      }

      @Override public double result() {
        if (loss instanceof ReducedLoss r && r.reduction() == Reduction.SUM) {
          return seen ? weighted : Double.NaN;
        }
        return weights == 0 ? Double.NaN : weighted / weights;
      }
    };
  }
}
