package io.recur.builtin.optim;

import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adam with bias correction, optional AMSGrad and L2 weight decay: torch.optim.Adam. */
public final class AdamOptimizerFactory implements OptimizerFactory {
  static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0).byDefault(0.001)
      .doc("step size");
  static final ParamSpec<Double> BETA1 = ParamSpec.ofDouble("beta1").range(0, 1).byDefault(0.9)
      .doc("decay of the running mean of gradients, below 1");
  static final ParamSpec<Double> BETA2 = ParamSpec.ofDouble("beta2").range(0, 1).byDefault(0.999)
      .doc("decay of the running mean of squared gradients, below 1");
  static final ParamSpec<Double> EPSILON = ParamSpec.ofDouble("epsilon").min(0).byDefault(1e-8)
      .doc("added to the denominator for numerical stability");
  static final ParamSpec<Double> WEIGHT_DECAY = ParamSpec.ofDouble("weight_decay").min(0).byDefault(0.0)
      .doc("L2 penalty: weight_decay·p is added to the gradient (not decoupled, unlike AdamW)");
  static final ParamSpec<Boolean> AMSGRAD = ParamSpec.ofBoolean("amsgrad").byDefault(false)
      .doc("divide by the largest second moment seen so far (AMSGrad)");

  @Override public String name() {
    return "adam";
  }

  @Override public String doc() {
    return "Adam with bias correction and optional AMSGrad, like torch.optim.Adam";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(LEARNING_RATE, BETA1, BETA2, EPSILON, WEIGHT_DECAY, AMSGRAD);
  }

  @Override public Optimizer create(Params params, Map<String, Tensor> parameters) {
    double beta1 = params.get(BETA1);
    double beta2 = params.get(BETA2);
    // a beta of exactly 1 makes the bias correction 1 − βᵗ zero: every step would divide by it
    if (beta1 >= 1 || beta2 >= 1) {
      throw new RecurException("optimizer 'adam': beta1 and beta2 must be below 1, got " + beta1 + " and " + beta2);
    }
    return new Adam(parameters, params.get(LEARNING_RATE), beta1, beta2, params.get(EPSILON),
        params.get(WEIGHT_DECAY), params.get(AMSGRAD));
  }
}
