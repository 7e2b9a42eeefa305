package io.recur.builtin.loss;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** Mean squared error, PyTorch's {@code MSELoss}: {@code (o − t)²} per element. */
public final class MseLossFactory implements LossFactory {
  static final ParamSpec<String> REDUCTION = Reduction.SPEC;

  @Override public String name() {
    return "mse";
  }

  @Override public String doc() {
    return "mean squared error (o − t)² per element, like torch.nn.MSELoss; class-index targets become one-hot";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(REDUCTION);
  }

  @Override public Loss create(Params params) {
    return new ReducedLoss(name(), Reduction.of(params.get(REDUCTION)), true, OutputKind.VALUES,
        (who, output, target, weights, scale) -> new SquaredErrorOp(output,
            PointwiseLossOp.values(who, output, target, weights), weights, scale).forward());
  }
}
