package io.recur.builtin.loss;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.List;

/**
 * Binary cross-entropy on probabilities, PyTorch's {@code BCELoss} (logs clamped at −100).
 * Class-index targets become one-hot rows when the output has C > 1 columns (a softmax trained
 * with BCE, as seed task 000 does) and stay 0/1 values for a single sigmoid unit.
 */
public final class BceLossFactory implements LossFactory {
  static final ParamSpec<String> REDUCTION = Reduction.SPEC;

  @Override public String name() {
    return "bce";
  }

  @Override public String doc() {
    return "binary cross-entropy on probabilities in [0, 1], like torch.nn.BCELoss; class-index targets become one-hot";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(REDUCTION);
  }

  @Override public Loss create(Params params) {
    return new ReducedLoss(name(), Reduction.of(params.get(REDUCTION)), true, OutputKind.PROBABILITIES,
        (who, output, target, weights, scale) -> {
          requireProbabilities(who, output);
          return new BinaryCrossEntropyOp(output, PointwiseLossOp.values(who, output, target, weights),
              weights, scale).forward();
        });
  }

  /** PyTorch refuses values outside [0, 1] too: they usually mean the model ends in logits, not a sigmoid. */
  private static void requireProbabilities(String who, Tensor output) {
    float[] o = output.data();
    for (int i = 0; i < o.length; i++) {
      if (o[i] < 0f || o[i] > 1f) {
        throw new RecurException(who + ": expects probabilities in [0, 1] (end the model with a sigmoid or softmax"
            + " activation, or use cross-entropy on logits), got " + o[i] + " at element " + i);
      }
    }
  }
}
