package io.recur.builtin.optim;

import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Stochastic gradient descent with optional momentum, Nesterov momentum and L2 weight decay: torch.optim.SGD. */
public final class SgdOptimizerFactory implements OptimizerFactory {
  static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0)
      .doc("step size");
  static final ParamSpec<Double> MOMENTUM = ParamSpec.ofDouble("momentum").min(0).byDefault(0.0)
      .doc("momentum factor μ; 0 disables the momentum buffer");
  static final ParamSpec<Double> DAMPENING = ParamSpec.ofDouble("dampening").range(0, 1).byDefault(0.0)
      .doc("the buffer adds (1 − dampening)·gradient after the first step");
  static final ParamSpec<Boolean> NESTEROV = ParamSpec.ofBoolean("nesterov").byDefault(false)
      .doc("Nesterov momentum; needs momentum > 0 and dampening 0");
  static final ParamSpec<Double> WEIGHT_DECAY = ParamSpec.ofDouble("weight_decay").min(0).byDefault(0.0)
      .doc("L2 penalty: weight_decay·p is added to the gradient");

  @Override public String name() {
    return "sgd";
  }

  @Override public String doc() {
    return "stochastic gradient descent with optional (Nesterov) momentum, like torch.optim.SGD";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(LEARNING_RATE, MOMENTUM, DAMPENING, NESTEROV, WEIGHT_DECAY);
  }

  @Override public Optimizer create(Params params, Map<String, Tensor> parameters) {
    double momentum = params.get(MOMENTUM);
    double dampening = params.get(DAMPENING);
    boolean nesterov = params.get(NESTEROV);
    if (nesterov && (momentum <= 0 || dampening != 0)) {
      throw new RecurException("optimizer 'sgd': nesterov needs momentum > 0 and dampening 0, got momentum "
          + momentum + " and dampening " + dampening);
    }
    return new Sgd(parameters, params.get(LEARNING_RATE), momentum, dampening, nesterov, params.get(WEIGHT_DECAY));
  }
}
