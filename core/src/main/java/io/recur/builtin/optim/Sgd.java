package io.recur.builtin.optim;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * torch.optim.SGD: with d = g + λ·p,
 * <pre>
 *   b = d                        on a parameter's first step (no dampening then)
 *   b = μ·b + (1 − τ)·d          afterwards
 *   d = d + μ·b (nesterov)  or  d = b
 *   p = p − lr·d
 * </pre>
 * Without momentum (μ = 0) there is no buffer and the update is p − lr·d.
 */
final class Sgd extends ParameterOptimizer {
  static final String MOMENTUM_BUFFER = "momentum_buffer";

  private final float momentum;
  private final float oneMinusDampening;
  private final boolean nesterov;
  private final float weightDecay;
  private final List<float[]> buffers = new ArrayList<>();

  Sgd(Map<String, Tensor> parameters, double learningRate, double momentum, double dampening,
      boolean nesterov, double weightDecay) {
    super(parameters, learningRate);
    this.momentum = (float) momentum;
    this.oneMinusDampening = (float) (1 - dampening);
    this.nesterov = nesterov;
    this.weightDecay = (float) weightDecay;
    if (momentum != 0) {
      for (int i = 0; i < parameterCount(); i++) {
        buffers.add(slot(i, MOMENTUM_BUFFER));
      }
    }
  }

  @Override
  void update(int index, float[] p, float[] g, float step) {
    float negLr = (float) -learningRate();
    float[] b = momentum != 0 ? buffers.get(index) : null;
    for (int i = 0; i < p.length; i++) {
      float d = weightDecay != 0 ? g[i] + weightDecay * p[i] : g[i];
      if (b != null) {
        b[i] = step == 1f ? d : b[i] * momentum + oneMinusDampening * d;
        d = nesterov ? d + momentum * b[i] : b[i];
      }
      p[i] = p[i] + negLr * d;
    }
  }
}
