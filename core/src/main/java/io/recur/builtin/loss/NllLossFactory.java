package io.recur.builtin.loss;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.tensor.Shape;
import java.util.List;

/** Negative log-likelihood of log-probabilities (a log-softmax output), PyTorch's {@code NLLLoss}. */
public final class NllLossFactory implements LossFactory {
  static final ParamSpec<String> REDUCTION = Reduction.SPEC;

  @Override public String name() {
    return "nll";
  }

  @Override public String doc() {
    return "negative log-likelihood of log-probabilities and class-index targets, like torch.nn.NLLLoss";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(REDUCTION);
  }

  @Override public Loss create(Params params) {
    return new ReducedLoss(name(), Reduction.of(params.get(REDUCTION)), false, OutputKind.LOG_PROBABILITIES,
        (who, output, target, weights, scale) -> {
          if (!MaskedPositions.holdsClassIndices(output, target)) {
            throw CrossEntropyLossFactory.targetMismatch(who, output, target, "");
          }
          int[] index = MaskedPositions.classIndices(who, target, weights, Shape.last(output.shape()));
          return new NllOp(output, index, scale).forward();
        });
  }
}
