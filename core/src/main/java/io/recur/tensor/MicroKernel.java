package io.recur.tensor;

/**
 * The register-tiled inner kernel of {@link Gemm}: one {@code MR × NR} tile of C from an
 * {@code MR}-row strip of packed A and an {@code NR}-column strip of packed B.
 *
 * <p>Contract, which makes every implementation give the same bits: each element is updated as
 * {@code c = fma(a[i,p], b[p,j], c)} for {@code p = 0 … kc−1} in order, starting from the
 * element's value in C ({@code load}) or from 0. Packed A holds, for each p, the MR values
 * {@code a[0..MR, p]}; packed B holds, for each p, the NR values {@code b[p, 0..NR]}.
 */
abstract class MicroKernel {
  /** Rows of a tile. */
  final int mr;
  /** Columns of a tile. */
  final int nr;

  MicroKernel(int mr, int nr) {
    this.mr = mr;
    this.nr = nr;
  }

  /** A short name for benchmarks and messages ("vector-256", "scalar"). */
  abstract String name();

  /**
   * {@code C[0..MR, 0..NR] (+)= Ap · Bp} on a full tile at {@code c[cOff]} with row stride
   * {@code ldc}.
   */
  abstract void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load);

  /**
   * {@link #tile} for the first four rows only (of a strip packed for MR rows): an edge strip of
   * at most four rows costs about two thirds of a full tile instead of a whole one.
   */
  abstract void tile4(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load);

  /**
   * Runs {@code rounds × 12} independent vector fmas (no loads or stores) and returns the
   * number of floating-point operations done, for a peak measurement; {@code sink} keeps the
   * JIT from dropping the work.
   */
  abstract long fmaLoop(int rounds, float[] sink);

  /** Copies NR floats, {@code dst[d..d+NR) = src[s..s+NR)}: one row of a packed B strip. */
  abstract void copyStrip(float[] src, int s, float[] dst, int d);

  /**
   * Like {@link #tile} but reads A in place, {@code a[i, p] = a[aOff + i·lda + p]}, or with
   * {@code transA} {@code a[aOff + p·lda + i]}. A little slower per tile than packed A (a step's
   * values lie a row apart, or its rows are eight streams), but needs no packing, which pays
   * when C is narrow and A would be packed for a few tiles only.
   */
  abstract void tileUnpacked(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load);

  /**
   * {@link #tileUnpacked} for the first {@code NR / 2} columns only (one vector), for a
   * column-edge strip of at most that many columns. It saves the second vector's multiply-adds
   * but not the eight broadcasts of A per step, which bound it: on a Zen 5 core it costs about
   * nine tenths of a whole tile.
   */
  abstract void tileUnpackedHalf(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load);
}
