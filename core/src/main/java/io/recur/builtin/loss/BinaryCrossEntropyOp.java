package io.recur.builtin.loss;

import io.recur.tensor.Tensor;

/**
 * ℓ = −(t·max(ln o, −100) + (1 − t)·max(ln(1 − o), −100));
 * ℓ' = (o − t) / max(o(1 − o), 1e-12). PyTorch's {@code BCELoss} on probabilities: the clamp keeps
 * the loss finite at o ∈ {0, 1}, and the backward is PyTorch's formula, not the derivative of the
 * clamped forward, so both agree with it where the clamp is active.
 */
final class BinaryCrossEntropyOp extends PointwiseLossOp {
  private static final double LOG_FLOOR = -100;
  private static final float EPSILON = 1e-12f;

  BinaryCrossEntropyOp(Tensor output, float[] targets, float[] weights, float scale) {
    super(output, targets, weights, scale);
  }

  @Override public String name() {
    return "bce";
  }

  @Override double term(float o, float t) {
    // float logs, as PyTorch computes them on float32 tensors
    double logO = Math.max((float) StrictMath.log(o), LOG_FLOOR);
    double log1mO = Math.max((float) StrictMath.log(1f - o), LOG_FLOOR);
    return (t - 1.0) * log1mO - t * logO;
  }

  @Override float derivative(float o, float t) {
    return (o - t) / Math.max((1f - o) * o, EPSILON);
  }
}
