package io.recur.tensor;

/**
 * The raw float32 kernels on flat row-major arrays. No allocation beyond scratch for transposes,
 * no boxing. Loops are written so that the JIT can vectorise the innermost one (a contiguous
 * {@code c[j] += a * b[j]}), and every output element is summed in a fixed order, so results
 * are the same bits however the work is later split across threads (rows are never split).
 */
public final class Kernels {
  private Kernels() {}

  /**
   * {@code C[M,N] (+)= A[M,K] · B[K,N]}; with {@code accumulate=false} C is overwritten.
   * Offsets let callers address sub-blocks (e.g. one time step of a sequence).
   */
  public static void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      if (!accumulate) {
        java.util.Arrays.fill(c, ci, ci + n, 0f);
      }
      int ai = aOff + i * k;
      for (int p = 0; p < k; p++) {
        float av = a[ai + p];
        if (av == 0f) {
          continue; // one-hot inputs are mostly zeros; skipping them cannot change the sum
        }
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }

  /** {@code C[M,N] (+)= A[M,K] · B[N,K]ᵀ} (B stored row-major as [N,K], like a Linear weight). */
  public static void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    float[] bt = transpose(b, bOff, n, k);
    matmul(a, aOff, bt, 0, c, cOff, m, k, n, accumulate);
  }

  /** {@code C[M,N] (+)= A[K,M]ᵀ · B[K,N]}: the weight gradient of a Linear layer. */
  public static void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    if (!accumulate) {
      java.util.Arrays.fill(c, cOff, cOff + m * n, 0f);
    }
    for (int i = 0; i < m; i++) {
      int ci = cOff + i * n;
      for (int p = 0; p < k; p++) {
        float av = a[aOff + p * m + i];
        if (av == 0f) {
          continue;
        }
        int bp = bOff + p * n;
        for (int j = 0; j < n; j++) {
          c[ci + j] += av * b[bp + j];
        }
      }
    }
  }

  /** A fresh {@code [cols, rows]} array holding the transpose of {@code a[rows, cols]} at {@code off}. */
  public static float[] transpose(float[] a, int off, int rows, int cols) {
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      int ar = off + r * cols;
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = a[ar + c];
      }
    }
    return t;
  }

  /** {@code y[i] += x[i]} for {@code n} elements. */
  public static void addInto(float[] x, int xOff, float[] y, int yOff, int n) {
    for (int i = 0; i < n; i++) {
      y[yOff + i] += x[xOff + i];
    }
  }

  /** Adds {@code bias[n]} to every row of {@code y[rows, n]}. */
  public static void addRowVector(float[] bias, float[] y, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      for (int j = 0; j < n; j++) {
        y[o + j] += bias[j];
      }
    }
  }

  /** {@code out[j] += Σ_r g[r, j]}: the gradient of a broadcast bias. */
  public static void sumRowsInto(float[] g, float[] out, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      for (int j = 0; j < n; j++) {
        out[j] += g[o + j];
      }
    }
  }

  public static float sigmoid(float x) {
    // NOTE: written with exp(-|x|) so it never evaluates exp of a large positive number
    if (x >= 0) {
      return (float) (1.0 / (1.0 + StrictMath.exp(-x)));
    }
    double e = StrictMath.exp(x);
    return (float) (e / (1.0 + e));
  }

  public static float tanh(float x) {
    return (float) StrictMath.tanh(x);
  }

  /** Row-wise softmax over the last dimension {@code n}, max-shifted for stability. */
  public static void softmaxRows(float[] x, float[] out, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, x[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        float e = (float) StrictMath.exp(x[o + j] - max);
        out[o + j] = e;
        sum += e;
      }
      float inv = (float) (1.0 / sum);
      for (int j = 0; j < n; j++) {
        out[o + j] *= inv;
      }
    }
  }

  /** Row-wise log-softmax over the last dimension {@code n}. */
  public static void logSoftmaxRows(float[] x, float[] out, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      int o = r * n;
      float max = Float.NEGATIVE_INFINITY;
      for (int j = 0; j < n; j++) {
        max = Math.max(max, x[o + j]);
      }
      double sum = 0;
      for (int j = 0; j < n; j++) {
        sum += StrictMath.exp(x[o + j] - max);
      }
      float lse = (float) (max + StrictMath.log(sum));
      for (int j = 0; j < n; j++) {
        out[o + j] = x[o + j] - lse;
      }
    }
  }
}
