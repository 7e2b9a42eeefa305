package io.recur.tensor;

import java.util.Arrays;

/**
 * {@link Gemm}'s path without the Vector API, for JVMs started without {@code --add-modules
 * jdk.incubator.vector}: loops shaped for C2's auto-vectoriser. For each {@code NC}-column
 * block and {@code KC}-deep slice, op(B) is copied into one array per row, and four rows of C
 * at a time are accumulated in four row arrays by
 *
 * <pre>{@code for (j = 0; j < n; j++) { b = B[p][j]; c0[j] = fma(a0, b, c0[j]); … c3[j] = fma(a3, b, c3[j]); }}</pre>
 *
 * <p>Every array is indexed from 0 on purpose: Java 17's C2 vectorises that loop only when all
 * its arrays share one offset (with C and B at different run-time offsets it falls back to
 * scalar code, 5× slower). Same per-element fma chain as the vector kernel, so the same bits.
 * About a third of the vector kernel's speed: the accumulators live in L1, not in registers.
 */
final class ScalarRows {
  /** Rows of C per pass. */
  static final int MR = 4;
  /** Columns per block: 4 accumulator rows (8 KiB) stay in L1, the KC × NC B slice in L2. */
  static final int NC = 512;

  private ScalarRows() {}

  /** Rows {@code [i0, i1)} × columns {@code [j0, j1)} of C; {@code j0} is a multiple of NC. */
  static void blocked(boolean transA, boolean transB, int i0, int i1, int j0, int j1, int k,
      float[] a, int aOff, int lda, float[] b, int bOff, int ldb, Gemm.Packed packed,
      float[] c, int cOff, int ldc, boolean accumulate, float[][] rowScratch, float[][] acc) {
    for (int jc = j0; jc < j1; jc += NC) {
      int nc = Math.min(NC, j1 - jc);
      for (int pc = 0; pc < k; pc += Gemm.KC) {
        int kc = Math.min(Gemm.KC, k - pc);
        float[][] rows;
        int first;
        if (packed == null) {
          packRows(transB, b, bOff, ldb, pc, kc, jc, nc, rowScratch);
          rows = rowScratch;
          first = 0;
        } else {
          rows = packed.rows[jc / NC];
          first = pc;
        }
        boolean load = accumulate || pc > 0;
        for (int i = i0; i < i1; i += MR) {
          int mr = Math.min(MR, i1 - i);
          for (int r = 0; r < MR; r++) {
            if (load && r < mr) {
              System.arraycopy(c, cOff + (i + r) * ldc + jc, acc[r], 0, nc);
            } else {
              Arrays.fill(acc[r], 0, nc, 0f);
            }
          }
          for (int p = 0; p < kc; p++) {
            float a0 = at(transA, a, aOff, lda, i, pc + p, mr, 0);
            float a1 = at(transA, a, aOff, lda, i, pc + p, mr, 1);
            float a2 = at(transA, a, aOff, lda, i, pc + p, mr, 2);
            float a3 = at(transA, a, aOff, lda, i, pc + p, mr, 3);
            axpy4(acc[0], acc[1], acc[2], acc[3], rows[first + p], a0, a1, a2, a3, nc);
          }
          for (int r = 0; r < mr; r++) {
            System.arraycopy(acc[r], 0, c, cOff + (i + r) * ldc + jc, nc);
          }
        }
      }
    }
  }

  /** op(A)[i + r, p], or 0 for a row past the block's end. */
  private static float at(boolean transA, float[] a, int aOff, int lda, int i, int p, int rows, int r) {
    if (r >= rows) {
      return 0f;
    }
    return transA ? a[aOff + p * lda + i + r] : a[aOff + (i + r) * lda + p];
  }

  private static void axpy4(float[] c0, float[] c1, float[] c2, float[] c3, float[] b,
      float a0, float a1, float a2, float a3, int n) {
    for (int j = 0; j < n; j++) {
      float bv = b[j];
      c0[j] = Math.fma(a0, bv, c0[j]);
      c1[j] = Math.fma(a1, bv, c1[j]);
      c2[j] = Math.fma(a2, bv, c2[j]);
      c3[j] = Math.fma(a3, bv, c3[j]);
    }
  }

  /** Copies op(B)[pc..pc+kc, jc..jc+nc] into {@code rows[0..kc][0..nc]}. */
  private static void packRows(boolean transB, float[] b, int bOff, int ldb, int pc, int kc, int jc, int nc,
      float[][] rows) {
    for (int p = 0; p < kc; p++) {
      float[] row = rows[p];
      if (transB) {
        for (int j = 0; j < nc; j++) {
          row[j] = b[bOff + (jc + j) * ldb + pc + p];
        }
      } else {
        System.arraycopy(b, bOff + (pc + p) * ldb + jc, row, 0, nc);
      }
    }
  }

  static Gemm.Packed pack(boolean transB, int k, int n, float[] b, int bOff, int ldb, Gemm.Packed reuse) {
    int blocks = (n + NC - 1) / NC;
    float[][][] rows = new float[blocks][Math.max(k, 0)][NC];
    for (int q = 0; q < blocks; q++) {
      int jc = q * NC;
      int nc = Math.min(NC, n - jc);
      for (int pc = 0; pc < k; pc += Gemm.KC) {
        int kc = Math.min(Gemm.KC, k - pc);
        float[][] slice = Arrays.copyOfRange(rows[q], pc, pc + kc);
        packRows(transB, b, bOff, ldb, pc, kc, jc, nc, slice);
      }
    }
    return new Gemm.Packed(k, n, NC, null, rows);
  }
}
