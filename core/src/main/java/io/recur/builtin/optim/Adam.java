package io.recur.builtin.optim;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.Adam (non-fused, non-capturable path), with d = g + λ·p at step t:
 * <pre>
 *   m = β1·m + (1 − β1)·d
 *   v = β2·v + (1 − β2)·d²
 *   v̂ = max(v̂, v) (amsgrad), else v̂ = v
 *   p = p − (lr / (1 − β1ᵗ)) · m / (√v̂ / √(1 − β2ᵗ) + ε)
 * </pre>
 * The bias corrections are computed in double, as PyTorch computes them in Python floats; the
 * element updates in float32 with the hyper-parameters rounded to float, as on a float32 tensor.
 */
final class Adam extends ParameterOptimizer {
  static final String EXP_AVG = "exp_avg";
  static final String EXP_AVG_SQ = "exp_avg_sq";
  static final String MAX_EXP_AVG_SQ = "max_exp_avg_sq";

  private final double beta1;
  private final double beta2;
  private final float epsilon;
  private final float weightDecay;
  private final boolean amsgrad;
  private final List<float[]> firstMoments = new ArrayList<>();
  private final List<float[]> secondMoments = new ArrayList<>();
  private final List<float[]> maxSecondMoments = new ArrayList<>();

  Adam(Map<String, Tensor> parameters, double learningRate, double beta1, double beta2,
      double epsilon, double weightDecay, boolean amsgrad) {
    super(parameters, learningRate);
    this.beta1 = beta1;
    this.beta2 = beta2;
    this.epsilon = (float) epsilon;
    this.weightDecay = (float) weightDecay;
    this.amsgrad = amsgrad;
    for (int i = 0; i < parameterCount(); i++) {
      firstMoments.add(slot(i, EXP_AVG));
      secondMoments.add(slot(i, EXP_AVG_SQ));
      if (amsgrad) {
        maxSecondMoments.add(slot(i, MAX_EXP_AVG_SQ));
      }
    }
  }

  @Override
  void update(int index, float[] p, float[] g, float step) {
    float[] m = firstMoments.get(index), v = secondMoments.get(index);
    float[] vMax = amsgrad ? maxSecondMoments.get(index) : null;
    float b1 = (float) beta1, oneMinusB1 = (float) (1 - beta1);
    float b2 = (float) beta2, oneMinusB2 = (float) (1 - beta2);
    // StrictMath.pow: Math.pow may differ in the last bit between JVMs, and these feed every element
    double stepSize = learningRate() / (1 - StrictMath.pow(beta1, step));
    float negStepSize = (float) -stepSize;
    float correction2Sqrt = (float) Math.sqrt(1 - StrictMath.pow(beta2, step));
    for (int i = 0; i < p.length; i++) {
      float d = weightDecay != 0 ? g[i] + weightDecay * p[i] : g[i];
      m[i] = m[i] * b1 + oneMinusB1 * d;
      v[i] = v[i] * b2 + oneMinusB2 * d * d;
      float second = v[i];
      if (vMax != null) {
        vMax[i] = Math.max(vMax[i], v[i]);
        second = vMax[i];
      }
      float denom = (float) Math.sqrt(second) / correction2Sqrt + epsilon;
      p[i] = p[i] + negStepSize * m[i] / denom;
    }
  }
}
