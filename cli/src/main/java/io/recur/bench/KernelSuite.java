package io.recur.bench;

import io.recur.bench.PeerSuite.Case;
import io.recur.bench.PeerSuite.Result;
import io.recur.tensor.Gemm;
import java.util.List;
import java.util.Random;

/**
 * {@code recur bench --suite kernels}: the matrix products the peer cases spend their time in,
 * each alone at its own shape, for work on the kernels (docs/benchmarks.md). A change that
 * helps {@code gemm-2048} can still hurt the 32-row recurrent step, which is most of a
 * character model's forward pass.
 */
public final class KernelSuite implements BenchSuite {
  /** The cases, in report order. */
  public static final List<Case> CASES = List.of(
      new Case("gemm-step", "GFLOPS",
          "charlm-large's recurrent step: [32, 512] · packed W_hhᵀ [512, 2048], added to the gates"),
      new Case("gemm-step-small", "GFLOPS", "charlm-small's recurrent step: [32, 128] · packed W_hhᵀ [128, 384]"),
      new Case("gemm-input", "GFLOPS",
          "charlm-large's second-layer input projection: [3200, 512] · W_ihᵀ [512, 2048]"),
      new Case("gemm-narrow", "GFLOPS",
          "classify's backward product for dh: [64, 512] · W_hh [512, 128] (A read in place)"),
      new Case("gemm-weight-grad", "GFLOPS",
          "charlm-small's recurrent weight gradient: dGᵀ [384, 3200] · h [3200, 128] (A read in place, transposed)"));

  /** How the right-hand side reaches the product. */
  private enum RightHandSide { PACKED_ONCE, TRANSPOSED, AS_STORED, AS_STORED_LEFT_TRANSPOSED }

  private final StepTimer timer;

  /** @param seconds how long each case is measured, after its warm-up */
  public KernelSuite(double seconds) {
    this.timer = new StepTimer(seconds);
  }

  @Override
  public List<Case> cases() {
    return CASES;
  }

  @Override
  public Result run(Case c, int threads) {
    return switch (c.name()) {
      case "gemm-step" -> product(c, threads, 32, 512, 2048, RightHandSide.PACKED_ONCE);
      case "gemm-step-small" -> product(c, threads, 32, 128, 384, RightHandSide.PACKED_ONCE);
      case "gemm-input" -> product(c, threads, 3200, 512, 2048, RightHandSide.TRANSPOSED);
      case "gemm-narrow" -> product(c, threads, 64, 512, 128, RightHandSide.AS_STORED);
      case "gemm-weight-grad" -> product(c, threads, 384, 3200, 128, RightHandSide.AS_STORED_LEFT_TRANSPOSED);
      default -> throw new IllegalArgumentException("unknown case " + c.name());
    };
  }

  /**
   * {@code C[m, n] (+)= A[m, k] · B[k, n]}, B given as the layers give it (and A stored
   * transposed, {@code [k, m]}, for a weight's gradient).
   */
  private Result product(Case c, int threads, int m, int k, int n, RightHandSide rhs) {
    Random r = new Random(5);
    float[] a = random(r, m * k);
    float[] w = random(r, k * n); // [n, k] for a weight used transposed, [k, n] as stored
    float[] out = new float[m * n];
    Runnable step = switch (rhs) {
      case PACKED_ONCE -> {
        Gemm.Packed packed = Gemm.pack(true, k, n, w, 0, k);
        yield () -> Gemm.multiply(false, m, a, 0, k, packed, out, 0, n, true);
      }
      case TRANSPOSED -> () -> Gemm.multiply(false, true, m, n, k, a, 0, k, w, 0, k, out, 0, n, false);
      case AS_STORED -> () -> Gemm.multiply(false, false, m, n, k, a, 0, k, w, 0, n, out, 0, n, false);
      case AS_STORED_LEFT_TRANSPOSED -> () -> Gemm.multiply(true, false, m, n, k, a, 0, m, w, 0, n, out, 0, n, false);
    };
    double median = timer.medianSeconds(step);
    double gflops = 2.0 * m * n * k / median / 1e9;
    return new Result(c.name(), threads, gflops, c.unit(), median * 1e3, gflops);
  }

  private static float[] random(Random r, int size) {
    float[] values = new float[size];
    for (int i = 0; i < size; i++) {
      // accumulated step after step into the same C, sums of these grow like a random walk
      // (about √steps), far from overflow in the few thousand steps a case runs
      values[i] = r.nextFloat() - 0.5f;
    }
    return values;
  }
}
