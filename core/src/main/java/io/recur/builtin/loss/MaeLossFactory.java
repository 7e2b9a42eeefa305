package io.recur.builtin.loss;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** Mean absolute error, PyTorch's {@code L1Loss}: {@code |o − t|} per element. */
public final class MaeLossFactory implements LossFactory {
  static final ParamSpec<String> REDUCTION = Reduction.SPEC;

  @Override public String name() {
    return "mae";
  }

  @Override public String doc() {
    return "mean absolute error |o − t| per element, like torch.nn.L1Loss; class-index targets become one-hot";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(REDUCTION);
  }

  @Override public Loss create(Params params) {
    return new ReducedLoss(name(), Reduction.of(params.get(REDUCTION)), true, OutputKind.VALUES,
        (who, output, target, weights, scale) -> new AbsoluteErrorOp(output,
            PointwiseLossOp.values(who, output, target, weights), weights, scale).forward());
  }
}
