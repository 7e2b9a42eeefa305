package io.recur.tensor;

/**
 * The raw float32 kernels on flat row-major arrays: matrix products (through {@link Gemm}),
 * the activations and the fused gate math of the recurrent cells. No allocation, no boxing.
 *
 * <p>Bits: every kernel computes each output element by one fixed sequence of float
 * operations, however the work is split into threads and whether it runs on the Vector API
 * ({@code VectorKernels}, when {@code jdk.incubator.vector} is in the module graph) or on the
 * scalar twins here: a vector body and its scalar twin do the same operations in the same
 * order, and Java float arithmetic (fma included) is exactly rounded everywhere.
 *
 * <p>NOTE: {@link #exp}, {@link #sigmoid} and {@link #tanh} are not StrictMath: a call of
 * {@code StrictMath.exp} costs ~20 ns and the LSTM of {@code charlm-large} makes 16 million of
 * them per forward. They are Cephes' single-precision polynomials (error ≤ 2 ulp) written with
 * +, ×, fma and exponent bits only, so they are still the same bits on every JVM and CPU, and
 * vectorise.
 */
public final class Kernels {
  private Kernels() {}

  /** True when the Vector API versions run (the module is present and not disabled). */
  static final boolean VECTOR = Gemm.vectorAvailable();

  /**
   * {@code C[M,N] (+)= A[M,K] · B[K,N]}; with {@code accumulate=false} C is overwritten.
   * Offsets let callers address sub-blocks (e.g. one time step of a sequence).
   */
  public static void matmul(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    Gemm.multiply(false, false, m, n, k, a, aOff, k, b, bOff, n, c, cOff, n, accumulate);
  }

  /** {@code C[M,N] (+)= A[M,K] · B[N,K]ᵀ} (B stored row-major as [N,K], like a Linear weight). */
  public static void matmulTransB(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    Gemm.multiply(false, true, m, n, k, a, aOff, k, b, bOff, k, c, cOff, n, accumulate);
  }

  /** {@code C[M,N] (+)= A[K,M]ᵀ · B[K,N]}: the weight gradient of a Linear layer. */
  public static void matmulTransA(float[] a, int aOff, float[] b, int bOff, float[] c, int cOff,
      int m, int k, int n, boolean accumulate) {
    Gemm.multiply(true, false, m, n, k, a, aOff, m, b, bOff, n, c, cOff, n, accumulate);
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
    add(y, yOff, x, xOff, y, yOff, n);
  }

  /** Adds {@code bias[n]} to every row of {@code y[rows, n]}. */
  public static void addRowVector(float[] bias, float[] y, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      add(y, r * n, bias, 0, y, r * n, n);
    }
  }

  /** {@code out[j] += Σ_r g[r, j]}, rows in order: the gradient of a broadcast bias. */
  public static void sumRowsInto(float[] g, float[] out, int rows, int n) {
    sumRowsInto(g, 0, n, out, 0, rows, n);
  }

  /**
   * {@code out[outOff + j] += Σ_r g[gOff + r·ld + j]} for {@code j < n}, rows in order: column
   * sums of a strided block.
   */
  public static void sumRowsInto(float[] g, int gOff, int ld, float[] out, int outOff, int rows, int n) {
    for (int r = 0; r < rows; r++) {
      add(out, outOff, g, gOff + r * ld, out, outOff, n);
    }
  }

  // ------------------------------------------------------------------ transcendentals

  static final float EXP_LO = -87.3f;
  static final float EXP_HI = 88.3f;
  static final float LOG2E = 1.44269504088896341f;
  /** 1.5·2²³: adding it rounds a float of magnitude < 2²² to an integer, kept in the low mantissa bits. */
  static final float ROUND = 12582912f;
  static final int ROUND_BITS = 0x4B400000;
  static final float LN2_HI = 0.693359375f;
  static final float LN2_LO = -2.12194440e-4f;
  static final float E0 = 1.9875691500e-4f;
  static final float E1 = 1.3981999507e-3f;
  static final float E2 = 8.3334519073e-3f;
  static final float E3 = 4.1665795894e-2f;
  static final float E4 = 1.6666665459e-1f;
  static final float E5 = 5.0000001201e-1f;
  static final float TANH_SMALL = 0.625f;
  static final float T0 = -5.70498872745e-3f;
  static final float T1 = 2.06390887954e-2f;
  static final float T2 = -5.37397155531e-2f;
  static final float T3 = 1.33314422036e-1f;
  static final float T4 = -3.33332819422e-1f;

  /**
   * eˣ for x clamped to [−87.3, 88.3] (so 2ⁿ stays a normal float): x = n·ln2 + r, |r| ≤ ln2/2,
   * e^r by Cephes' degree-7 polynomial, times 2ⁿ built from exponent bits.
   */
  public static float exp(float x) {
    x = Math.min(Math.max(x, EXP_LO), EXP_HI);
    float t = Math.fma(x, LOG2E, ROUND);
    float n = t - ROUND;
    float r = Math.fma(n, -LN2_HI, x);
    r = Math.fma(n, -LN2_LO, r);
    float p = Math.fma(E0, r, E1);
    p = Math.fma(p, r, E2);
    p = Math.fma(p, r, E3);
    p = Math.fma(p, r, E4);
    p = Math.fma(p, r, E5);
    float y = Math.fma(p, r * r, r) + 1f;
    return y * Float.intBitsToFloat((Float.floatToRawIntBits(t) - ROUND_BITS + 127) << 23);
  }

  /** σ(x) = 1 / (1 + e^−x); tends to 0 and 1 without overflow (exp is clamped). */
  public static float sigmoid(float x) {
    return 1f / (1f + exp(-x));
  }

  /**
   * tanh x: Cephes' odd polynomial for |x| &lt; 0.625, else sign(x)·(1 − 2 / (e^{2|x|} + 1)),
   * which has no cancellation there.
   */
  public static float tanh(float x) {
    float ax = Math.abs(x);
    if (ax < TANH_SMALL) {
      float z = x * x;
      float p = Math.fma(T0, z, T1);
      p = Math.fma(p, z, T2);
      p = Math.fma(p, z, T3);
      p = Math.fma(p, z, T4);
      return Math.fma(p * z, x, x);
    }
    float t = 1f - 2f / (exp(ax + ax) + 1f);
    return Math.copySign(t, x);
  }

  /** {@code y[i] = exp(x[i] − shift)} for n elements (a max-shifted softmax numerator). */
  public static void expShifted(float[] x, int xOff, float shift, float[] y, int yOff, int n) {
    int i = VECTOR ? VectorKernels.expShifted(x, xOff, shift, y, yOff, n) : 0;
    for (; i < n; i++) {
      y[yOff + i] = exp(x[xOff + i] - shift);
    }
  }

  /** {@code y[i] = σ(x[i])} for n elements; x and y may be the same range. */
  public static void sigmoid(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = VECTOR ? VectorKernels.sigmoid(x, xOff, y, yOff, n) : 0;
    for (; i < n; i++) {
      y[yOff + i] = sigmoid(x[xOff + i]);
    }
  }

  /** {@code y[i] = tanh(x[i])} for n elements; x and y may be the same range. */
  public static void tanh(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = VECTOR ? VectorKernels.tanh(x, xOff, y, yOff, n) : 0;
    for (; i < n; i++) {
      y[yOff + i] = tanh(x[xOff + i]);
    }
  }

  /** {@code y[i] = a[i] + b[i]} for n elements. */
  public static void add(float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
    int i = VECTOR ? VectorKernels.add(a, aOff, b, bOff, y, yOff, n) : 0;
    for (; i < n; i++) {
      y[yOff + i] = a[aOff + i] + b[bOff + i];
    }
  }

  // ------------------------------------------------------------------ fused recurrent cells
  // EXPERIMENTAL (issue 7): the gate math of layers-recurrent's fused cells; the signatures may
  // change with those layers.

  /**
   * LSTM state update of one row from its activated gates: {@code c = f·c_prev + i·g}, {@code
   * tc = tanh c}, {@code h = o·tc}.
   */
  public static void lstmCell(float[] gates, int gOff, float[] cPrev, int cpOff, float[] c, int cOff,
      float[] tc, int tOff, float[] h, int hOff, int n) {
    int j = VECTOR ? VectorKernels.lstmCell(gates, gOff, cPrev, cpOff, c, cOff, tc, tOff, h, hOff, n) : 0;
    for (; j < n; j++) {
      float i = gates[gOff + j];
      float f = gates[gOff + n + j];
      float g = gates[gOff + 2 * n + j];
      float o = gates[gOff + 3 * n + j];
      float cv = f * cPrev[cpOff + j] + i * g;
      float t = tanh(cv);
      c[cOff + j] = cv;
      tc[tOff + j] = t;
      h[hOff + j] = o * t;
    }
  }

  /**
   * LSTM backward of one row: with {@code dct = dc + dh·o·(1 − tc²)}, writes the
   * pre-activation gradients {@code dG = [dct·g·i(1−i), dct·c_prev·f(1−f), dct·i(1−g²),
   * dh·tc·o(1−o)]} and {@code dcPrev = dct·f}.
   */
  public static void lstmCellBackward(float[] gates, int gOff, float[] cPrev, int cpOff, float[] tc, int tOff,
      float[] dh, int dhOff, float[] dc, int dcOff, float[] dG, int dgOff, float[] dcPrev, int dcpOff, int n) {
    int j = VECTOR
        ? VectorKernels.lstmCellBackward(gates, gOff, cPrev, cpOff, tc, tOff, dh, dhOff, dc, dcOff, dG, dgOff,
            dcPrev, dcpOff, n)
        : 0;
    for (; j < n; j++) {
      float i = gates[gOff + j];
      float f = gates[gOff + n + j];
      float g = gates[gOff + 2 * n + j];
      float o = gates[gOff + 3 * n + j];
      float t = tc[tOff + j];
      float d = dh[dhOff + j];
      float dct = dc[dcOff + j] + d * o * (1f - t * t);
      dG[dgOff + j] = dct * g * i * (1f - i);
      dG[dgOff + n + j] = dct * cPrev[cpOff + j] * f * (1f - f);
      dG[dgOff + 2 * n + j] = dct * i * (1f - g * g);
      dG[dgOff + 3 * n + j] = d * t * o * (1f - o);
      dcPrev[dcpOff + j] = dct * f;
    }
  }

  /**
   * GRU step of one row: {@code xp} ({@code 3n}, order r, z, n) holds {@code W_i x + b_i} plus
   * {@code b_hr, b_hz}; {@code hh = W_h h} without bias; {@code bhn = b_hn}. Writes {@code gates
   * = [r, z, n]}, {@code q = hh_n + b_hn} and {@code h = (1 − z)·n + z·h_prev}, with {@code r =
   * σ(xp_r + hh_r)}, {@code z = σ(xp_z + hh_z)}, {@code n = tanh(xp_n + r·q)}.
   */
  public static void gruCell(float[] xp, int xOff, float[] hh, int hOff, float[] bhn, int bOff, float[] hPrev,
      int hpOff, float[] gates, int gOff, float[] q, int qOff, float[] h, int hNewOff, int n) {
    add(xp, xOff, hh, hOff, gates, gOff, 2 * n);
    sigmoid(gates, gOff, gates, gOff, 2 * n);
    int j = VECTOR
        ? VectorKernels.gruCell(xp, xOff, hh, hOff, bhn, bOff, hPrev, hpOff, gates, gOff, q, qOff, h, hNewOff, n)
        : 0;
    for (; j < n; j++) {
      float r = gates[gOff + j];
      float z = gates[gOff + n + j];
      float qv = hh[hOff + 2 * n + j] + bhn[bOff + j];
      float nv = tanh(xp[xOff + 2 * n + j] + r * qv);
      gates[gOff + 2 * n + j] = nv;
      q[qOff + j] = qv;
      h[hNewOff + j] = (1f - z) * nv + z * hPrev[hpOff + j];
    }
  }

  /**
   * GRU backward of one row: {@code da_n = dh·(1−z)·(1−n²)}, {@code da_z = dh·(h_prev −
   * n)·z(1−z)}, {@code da_r = da_n·q·r(1−r)}. Writes the recurrent-side gradient {@code dG =
   * [da_r, da_z, da_n·r]}, the input-side n gradient {@code dn = da_n}, and {@code dhPrev =
   * dh·z} (the direct path; the caller adds {@code dG·W_hh}).
   */
  public static void gruCellBackward(float[] gates, int gOff, float[] q, int qOff, float[] hPrev, int hpOff,
      float[] dh, int dhOff, float[] dG, int dgOff, float[] dn, int dnOff, float[] dhPrev, int dhpOff, int n) {
    int j = VECTOR
        ? VectorKernels.gruCellBackward(gates, gOff, q, qOff, hPrev, hpOff, dh, dhOff, dG, dgOff, dn, dnOff,
            dhPrev, dhpOff, n)
        : 0;
    for (; j < n; j++) {
      float r = gates[gOff + j];
      float z = gates[gOff + n + j];
      float nv = gates[gOff + 2 * n + j];
      float d = dh[dhOff + j];
      float dan = d * (1f - z) * (1f - nv * nv);
      float daz = d * (hPrev[hpOff + j] - nv) * z * (1f - z);
      float dar = dan * q[qOff + j] * r * (1f - r);
      dG[dgOff + j] = dar;
      dG[dgOff + n + j] = daz;
      dG[dgOff + 2 * n + j] = dan * r;
      dn[dnOff + j] = dan;
      dhPrev[dhpOff + j] = d * z;
    }
  }

  /** {@code dx = dy·(1 − y²)}: the tanh backward from its output y, written (not added). */
  public static void tanhBackward(float[] dy, int dyOff, float[] y, int yOff, float[] dx, int dxOff, int n) {
    int j = VECTOR ? VectorKernels.tanhBackward(dy, dyOff, y, yOff, dx, dxOff, n) : 0;
    for (; j < n; j++) {
      float v = y[yOff + j];
      dx[dxOff + j] = dy[dyOff + j] * (1f - v * v);
    }
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
