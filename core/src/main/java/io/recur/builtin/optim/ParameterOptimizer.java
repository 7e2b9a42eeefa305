package io.recur.builtin.optim;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Optimizer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What every built-in optimizer shares: the named parameters, the learning rate, and per-parameter
 * state slots ({@code <param>.step}, {@code <param>.exp_avg}, … with PyTorch's slot names). Slots
 * are allocated up front, zero-filled, so {@link #state()} lists every key before the first step
 * and a checkpoint can be restored by writing into the tensors it returns. Subclasses update one
 * parameter at a time, in the map's order, and only parameters that have a gradient.
 */
abstract class ParameterOptimizer implements Optimizer {
  static final String STEP = "step";

  private final List<String> names;
  private final List<Tensor> parameters;
  private final List<Tensor> steps = new ArrayList<>();
  /** Per parameter, its slots by name in allocation order, the step count first. */
  private final List<Map<String, Tensor>> slots = new ArrayList<>();
  private double learningRate;

  ParameterOptimizer(Map<String, Tensor> parameters, double learningRate) {
    requireNonNull(parameters, "parameters is null");
    this.names = List.copyOf(parameters.keySet());
    this.parameters = List.copyOf(parameters.values());
    for (int i = 0; i < names.size(); i++) {
      if (this.parameters.get(i).frozen()) {
        // its users may hold work derived from its values (packed weights) that an update would leave stale
        throw new IllegalArgumentException("parameter " + names.get(i) + " is frozen (a loaded model's, for"
            + " inference only) and cannot be optimised");
      }
      slots.add(new LinkedHashMap<>());
      Tensor step = Tensor.zeros(1);
      slots.get(i).put(STEP, step);
      steps.add(step);
    }
    this.learningRate = learningRate;
  }

  /** Adds the state buffer {@code <param>.<slot>} of parameter {@code index}: zeros of the parameter's shape. */
  final float[] slot(int index, String slot) {
    Tensor t = Tensor.zeros(parameters.get(index).shape());
    slots.get(index).put(slot, t);
    return t.data();
  }

  /** How many parameters there are, for subclasses that allocate slots. */
  final int parameterCount() {
    return parameters.size();
  }

  @Override
  public final void step() {
    for (int i = 0; i < parameters.size(); i++) {
      Tensor p = parameters.get(i);
      float[] g = p.grad();
      if (g == null) {
        continue;
      }
      float[] count = steps.get(i).data();
      count[0] += 1f;
      update(i, p.data(), g, count[0]);
    }
  }

  /**
   * Updates parameter {@code index} in place from its gradient.
   *
   * @param step this parameter's step count including the current one (1 on its first update)
   */
  abstract void update(int index, float[] param, float[] grad, float step);

  @Override
  public final void zeroGrad() {
    // zero-filled rather than dropped: PyTorch's zero_grad(set_to_none=False)
    for (Tensor p : parameters) {
      p.zeroGrad();
    }
  }

  @Override
  public final double learningRate() {
    return learningRate;
  }

  @Override
  public final void setLearningRate(double learningRate) {
    if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
      throw new IllegalArgumentException("learning rate must be a finite number >= 0, got " + learningRate);
    }
    this.learningRate = learningRate;
  }

  /** The live state tensors, grouped by parameter in update order; writing into their data restores a checkpoint. */
  @Override
  public final Map<String, Tensor> state() {
    Map<String, Tensor> state = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i);
      slots.get(i).forEach((slot, t) -> state.put(name + "." + slot, t));
    }
    return Collections.unmodifiableMap(state);
  }
}
