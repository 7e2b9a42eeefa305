package io.recur.builtin.optim;

import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** RMSprop with optional momentum and centering: torch.optim.RMSprop. */
public final class RmsPropOptimizerFactory implements OptimizerFactory {
  static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0).byDefault(0.01)
      .doc("step size");
  static final ParamSpec<Double> ALPHA = ParamSpec.ofDouble("alpha").range(0, 1).byDefault(0.99)
      .doc("decay of the running mean of squared gradients");
  static final ParamSpec<Double> EPSILON = ParamSpec.ofDouble("epsilon").min(0).byDefault(1e-8)
      .doc("added to the denominator for numerical stability");
  static final ParamSpec<Double> MOMENTUM = ParamSpec.ofDouble("momentum").min(0).byDefault(0.0)
      .doc("momentum factor; 0 disables the momentum buffer");
  static final ParamSpec<Boolean> CENTERED = ParamSpec.ofBoolean("centered").byDefault(false)
      .doc("normalise by the estimated variance of the gradient instead of its raw second moment");
  static final ParamSpec<Double> WEIGHT_DECAY = ParamSpec.ofDouble("weight_decay").min(0).byDefault(0.0)
      .doc("L2 penalty: weight_decay·p is added to the gradient");

  @Override public String name() {
    return "rmsprop";
  }

  @Override public String doc() {
    return "RMSprop with optional momentum and centering, like torch.optim.RMSprop";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(LEARNING_RATE, ALPHA, EPSILON, MOMENTUM, CENTERED, WEIGHT_DECAY);
  }

  @Override public Optimizer create(Params params, Map<String, Tensor> parameters) {
    return new RmsProp(parameters, params.get(LEARNING_RATE), params.get(ALPHA), params.get(EPSILON),
        params.get(MOMENTUM), params.get(CENTERED), params.get(WEIGHT_DECAY));
  }
}
