package io.recur.builtin.optim;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.RMSprop, with d = g + λ·p:
 * <pre>
 *   s = α·s + (1 − α)·d²
 *   a = α·a + (1 − α)·d,  r = √(s − a²) + ε     (centered)
 *   r = √s + ε                                  (otherwise)
 *   b = μ·b + d / r,  p = p − lr·b              (momentum > 0)
 *   p = p − lr·d / r                            (otherwise)
 * </pre>
 */
final class RmsProp extends ParameterOptimizer {
  static final String SQUARE_AVG = "square_avg";
  static final String GRAD_AVG = "grad_avg";
  static final String MOMENTUM_BUFFER = "momentum_buffer";

  private final float alpha;
  private final float oneMinusAlpha;
  private final float epsilon;
  private final float momentum;
  private final boolean centered;
  private final float weightDecay;
  private final List<float[]> squareAverages = new ArrayList<>();
  private final List<float[]> gradAverages = new ArrayList<>();
  private final List<float[]> buffers = new ArrayList<>();

  RmsProp(Map<String, Tensor> parameters, double learningRate, double alpha, double epsilon,
      double momentum, boolean centered, double weightDecay) {
    super(parameters, learningRate);
    this.alpha = (float) alpha;
    this.oneMinusAlpha = (float) (1 - alpha);
    this.epsilon = (float) epsilon;
    this.momentum = (float) momentum;
    this.centered = centered;
    this.weightDecay = (float) weightDecay;
    for (int i = 0; i < parameterCount(); i++) {
      squareAverages.add(slot(i, SQUARE_AVG));
      if (momentum > 0) {
        buffers.add(slot(i, MOMENTUM_BUFFER));
      }
      if (centered) {
        gradAverages.add(slot(i, GRAD_AVG));
      }
    }
  }

  @Override
  void update(int index, float[] p, float[] g, float step) {
    float[] s = squareAverages.get(index);
    float[] a = centered ? gradAverages.get(index) : null;
    float[] b = momentum > 0 ? buffers.get(index) : null;
    float negLr = (float) -learningRate();
    for (int i = 0; i < p.length; i++) {
      float d = weightDecay != 0 ? g[i] + weightDecay * p[i] : g[i];
      s[i] = s[i] * alpha + oneMinusAlpha * d * d;
      float r;
      if (a != null) {
        a[i] = a[i] * alpha + oneMinusAlpha * d;
        r = (float) Math.sqrt(s[i] - a[i] * a[i]) + epsilon;
      } else {
        r = (float) Math.sqrt(s[i]) + epsilon;
      }
      if (b != null) {
        b[i] = b[i] * momentum + d / r;
        p[i] = p[i] + negLr * b[i];
      } else {
        p[i] = p[i] + negLr * d / r;
      }
    }
  }
}
