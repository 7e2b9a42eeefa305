package io.recur.builtin.loss;

import io.recur.tensor.Tensor;

/** ℓ = (o − t)²; ℓ' = 2(o − t). PyTorch's {@code MSELoss}. */
final class SquaredErrorOp extends PointwiseLossOp {
  SquaredErrorOp(Tensor output, float[] targets, float[] weights, float scale) {
    super(output, targets, weights, scale);
  }

  @Override public String name() {
    return "mse";
  }

  @Override double term(float o, float t) {
    float d = o - t;
    return (double) d * d;
  }

  @Override float derivative(float o, float t) {
    return 2f * (o - t);
  }
}
