package io.recur.builtin.loss;

import io.recur.tensor.Tensor;

/** ℓ = |o − t|; ℓ' = sign(o − t), 0 where o = t as in PyTorch's {@code L1Loss}. */
final class AbsoluteErrorOp extends PointwiseLossOp {
  AbsoluteErrorOp(Tensor output, float[] targets, float[] weights, float scale) {
    super(output, targets, weights, scale);
  }

  @Override public String name() {
    return "mae";
  }

  @Override double term(float o, float t) {
    return Math.abs(o - t);
  }

  @Override float derivative(float o, float t) {
    return Math.signum(o - t);
  }
}
