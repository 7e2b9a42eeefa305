package io.recur.builtin.optim;

import static java.util.Objects.requireNonNull;

import io.recur.tensor.Tensor;
import java.util.Collection;

/** Gradient clipping as PyTorch's {@code torch.nn.utils.clip_grad_norm_} does it (L2 norm). */
public final class GradientClipping {
  private GradientClipping() {}

  /**
   * Scales every gradient by {@code maxNorm / (total + 1e-6)} when that factor is below 1, where
   * {@code total} is the L2 norm of all gradients taken together. Tensors without a gradient are
   * skipped.
   *
   * @return the total norm before clipping
   */
  public static double clipByGlobalNorm(Collection<Tensor> params, double maxNorm) {
    requireNonNull(params, "params is null");
    if (!(maxNorm > 0)) {
      throw new IllegalArgumentException("maxNorm must be > 0, got " + maxNorm);
    }
    double sumSquares = 0;
    for (Tensor p : params) {
      float[] g = p.grad();
      if (g != null) {
        for (float v : g) {
          sumSquares += (double) v * v;
        }
      }
    }
    double total = Math.sqrt(sumSquares);
    // torch computes the coefficient on a float32 tensor: (float) total + 1e-6, then the division
    float coef = (float) maxNorm / ((float) total + 1e-6f);
    if (coef < 1f) {
      for (Tensor p : params) {
        float[] g = p.grad();
        if (g != null) {
          for (int i = 0; i < g.length; i++) {
            g[i] *= coef;
          }
        }
      }
    }
    return total;
  }
}
