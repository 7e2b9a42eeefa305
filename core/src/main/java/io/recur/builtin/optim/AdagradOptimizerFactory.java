package io.recur.builtin.optim;

import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adagrad with learning-rate decay and L2 weight decay: torch.optim.Adagrad. */
public final class AdagradOptimizerFactory implements OptimizerFactory {
  static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0).byDefault(0.01)
      .doc("step size");
  static final ParamSpec<Double> LR_DECAY = ParamSpec.ofDouble("lr_decay").min(0).byDefault(0.0)
      .doc("step t uses learning_rate / (1 + (t − 1)·lr_decay)");
  static final ParamSpec<Double> WEIGHT_DECAY = ParamSpec.ofDouble("weight_decay").min(0).byDefault(0.0)
      .doc("L2 penalty: weight_decay·p is added to the gradient");
  static final ParamSpec<Double> INITIAL_ACCUMULATOR_VALUE = ParamSpec.ofDouble("initial_accumulator_value")
      .min(0).byDefault(0.0).doc("starting value of the sum of squared gradients");
  static final ParamSpec<Double> EPSILON = ParamSpec.ofDouble("epsilon").min(0).byDefault(1e-10)
      .doc("added to the denominator for numerical stability");

  @Override public String name() {
    return "adagrad";
  }

  @Override public String doc() {
    return "Adagrad with learning-rate decay, like torch.optim.Adagrad";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(LEARNING_RATE, LR_DECAY, WEIGHT_DECAY, INITIAL_ACCUMULATOR_VALUE, EPSILON);
  }

  @Override public Optimizer create(Params params, Map<String, Tensor> parameters) {
    return new Adagrad(parameters, params.get(LEARNING_RATE), params.get(LR_DECAY), params.get(WEIGHT_DECAY),
        params.get(INITIAL_ACCUMULATOR_VALUE), params.get(EPSILON));
  }
}
