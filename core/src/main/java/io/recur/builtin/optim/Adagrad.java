package io.recur.builtin.optim;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.Adagrad, with d = g + λ·p at step t:
 * <pre>
 *   lr_t = lr / (1 + (t − 1)·lr_decay)
 *   s = s + d²                        (s starts at initial_accumulator_value)
 *   p = p − lr_t · d / (√s + ε)
 * </pre>
 */
final class Adagrad extends ParameterOptimizer {
  static final String SUM = "sum";

  private final double learningRateDecay;
  private final float weightDecay;
  private final float epsilon;
  private final List<float[]> sums = new ArrayList<>();

  Adagrad(Map<String, Tensor> parameters, double learningRate, double learningRateDecay,
      double weightDecay, double initialAccumulatorValue, double epsilon) {
    super(parameters, learningRate);
    this.learningRateDecay = learningRateDecay;
    this.weightDecay = (float) weightDecay;
    this.epsilon = (float) epsilon;
    for (int i = 0; i < parameterCount(); i++) {
      float[] s = slot(i, SUM);
      Arrays.fill(s, (float) initialAccumulatorValue);
      sums.add(s);
    }
  }

  @Override
  void update(int index, float[] p, float[] g, float step) {
    float[] s = sums.get(index);
    float negClr = (float) -(learningRate() / (1 + (step - 1) * learningRateDecay));
    for (int i = 0; i < p.length; i++) {
      float d = weightDecay != 0 ? g[i] + weightDecay * p[i] : g[i];
      s[i] = s[i] + d * d;
      float std = (float) Math.sqrt(s[i]) + epsilon;
      p[i] = p[i] + negClr * d / std;
    }
  }
}
