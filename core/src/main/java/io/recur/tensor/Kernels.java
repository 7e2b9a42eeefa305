package io.recur.tensor;

/**
 * The raw float32 kernels on flat row-major arrays: matrix products (through {@link Gemm}),
 * the activations and their gradients. No allocation, no boxing. (The recurrent cells keep their
 * fused gate math in their own classes, built on these and on {@link VectorMath}.)
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
   * Whether the Vector API bodies run: {@code jdk.incubator.vector} is in the module graph and
   * not turned off with {@code -Drecur.vector=false}. Code outside core that has a vector form
   * (through {@link VectorMath}) takes it only when this is true, so that on any JVM a kernel and
   * its scalar twin are chosen the same way as core's own.
   */
  public static boolean vectorApi() {
    return VECTOR;
  }

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

  /**
   * The largest of n values by {@link Math#max} (NaN if any is NaN, +0 over −0), which gives the
   * same value in any order: the vector body takes the lanes apart.
   */
  public static float max(float[] x, int xOff, int n) {
    if (VECTOR) {
      return VectorKernels.max(x, xOff, n);
    }
    float max = Float.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, x[xOff + i]);
    }
    return max;
  }

  /**
   * A hash of n values' bits ({@link Float#floatToRawIntBits}), for finding equal ranges: equal
   * bits give equal hashes within one JVM (the vector and scalar bodies hash differently).
   */
  public static int hashBits(float[] x, int xOff, int n) {
    return VECTOR ? VectorKernels.hashBits(x, xOff, n) : hashBitsScalar(x, xOff, n, 0);
  }

  /**
   * The scalar hash of values {@code [from, n)}, in four interleaved chains (one chain of
   * dependent multiplies took 4% of a character model's forward).
   */
  static int hashBitsScalar(float[] x, int xOff, int n, int from) {
    int h0 = 1;
    int h1 = 7;
    int h2 = 17;
    int h3 = 37;
    int i = from;
    for (; i + 4 <= n; i += 4) {
      h0 = 31 * h0 + Float.floatToRawIntBits(x[xOff + i]);
      h1 = 31 * h1 + Float.floatToRawIntBits(x[xOff + i + 1]);
      h2 = 31 * h2 + Float.floatToRawIntBits(x[xOff + i + 2]);
      h3 = 31 * h3 + Float.floatToRawIntBits(x[xOff + i + 3]);
    }
    for (; i < n; i++) {
      h0 = 31 * h0 + Float.floatToRawIntBits(x[xOff + i]);
    }
    return ((h0 * 31 + h1) * 31 + h2) * 31 + h3;
  }

  /**
   * Whether n values of x and of y are the same bits: unlike {@code ==}, −0.0 differs from +0.0
   * and two NaNs are equal only with equal payloads.
   */
  public static boolean sameBits(float[] x, int xOff, float[] y, int yOff, int n) {
    int i = 0;
    if (VECTOR) {
      i = VectorKernels.sameBitsBound(n);
      if (!VectorKernels.sameBits(x, xOff, y, yOff, i)) {
        return false;
      }
    }
    for (; i < n; i++) {
      if (Float.floatToRawIntBits(x[xOff + i]) != Float.floatToRawIntBits(y[yOff + i])) {
        return false;
      }
    }
    return true;
  }

  /** {@code x[i] *= factor} for n elements. */
  public static void scale(float[] x, int xOff, int n, float factor) {
    int i = VECTOR ? VectorKernels.scale(x, xOff, n, factor) : 0;
    for (; i < n; i++) {
      x[xOff + i] *= factor;
    }
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

  /**
   * {@code y[i] = σ(a[i] + b[i])} for n elements: {@link #add} and {@link #sigmoid} in one pass
   * (the same bits), for gates whose two pre-activation halves come apart. y may be a's or b's
   * range.
   */
  public static void sigmoidOfSum(float[] a, int aOff, float[] b, int bOff, float[] y, int yOff, int n) {
    int i = VECTOR ? VectorKernels.sigmoidOfSum(a, aOff, b, bOff, y, yOff, n) : 0;
    for (; i < n; i++) {
      y[yOff + i] = sigmoid(a[aOff + i] + b[bOff + i]);
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
