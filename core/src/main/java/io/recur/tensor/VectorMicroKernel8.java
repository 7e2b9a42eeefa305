package io.recur.tensor;

import jdk.incubator.vector.FloatVector;

/**
 * The Vector API micro-kernel for CPUs with 32 vector registers (AVX-512): an {@code 8 × 2V}
 * tile (8 × 32 floats) in 16 registers, with 2 loads of B and 8 broadcasts of A per step of k.
 * Against the six-row tile it does a third more multiply-adds per load of B and per loop step,
 * and the batches of 32 and 64 rows that recurrent steps use split into whole tiles: on a Zen 5
 * core the step product {@code [32, 512] · [512, 2048]} ran at 202 against 170 GFLOPS
 * (docs/benchmarks.md). With 16 registers (AVX2) its accumulators would spill, so {@link Gemm}
 * takes it only where {@link VectorMicroKernel#wideRegisters()}. Same contract and bits as
 * every kernel: each element is one fma chain over k in order.
 */
final class VectorMicroKernel8 extends VectorMicroKernel {
  static final int MR = 8;

  VectorMicroKernel8() {
    super(MR);
  }

  @Override
  void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
    if (load) {
      int r = cOff;
      c00 = FloatVector.fromArray(S, c, r);
      c01 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c10 = FloatVector.fromArray(S, c, r);
      c11 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c20 = FloatVector.fromArray(S, c, r);
      c21 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c30 = FloatVector.fromArray(S, c, r);
      c31 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c40 = FloatVector.fromArray(S, c, r);
      c41 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c50 = FloatVector.fromArray(S, c, r);
      c51 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c60 = FloatVector.fromArray(S, c, r);
      c61 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c70 = FloatVector.fromArray(S, c, r);
      c71 = FloatVector.fromArray(S, c, r + V);
    } else {
      FloatVector z = FloatVector.zero(S);
      c00 = z;
      c01 = z;
      c10 = z;
      c11 = z;
      c20 = z;
      c21 = z;
      c30 = z;
      c31 = z;
      c40 = z;
      c41 = z;
      c50 = z;
      c51 = z;
      c60 = z;
      c61 = z;
      c70 = z;
      c71 = z;
    }
    // B's offset counts the loop, as in the six-row kernel (C2 keeps the loop short that way)
    int ao = aOff;
    for (int bo = bOff, end = bOff + kc * NR; bo < end; bo += NR, ao += MR) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bo);
      FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
      // b·a + c: the product is exact inside fma, so this is fma(a, b, c) bit for bit
      FloatVector a = FloatVector.broadcast(S, ap[ao]);
      c00 = b0.fma(a, c00);
      c01 = b1.fma(a, c01);
      a = FloatVector.broadcast(S, ap[ao + 1]);
      c10 = b0.fma(a, c10);
      c11 = b1.fma(a, c11);
      a = FloatVector.broadcast(S, ap[ao + 2]);
      c20 = b0.fma(a, c20);
      c21 = b1.fma(a, c21);
      a = FloatVector.broadcast(S, ap[ao + 3]);
      c30 = b0.fma(a, c30);
      c31 = b1.fma(a, c31);
      a = FloatVector.broadcast(S, ap[ao + 4]);
      c40 = b0.fma(a, c40);
      c41 = b1.fma(a, c41);
      a = FloatVector.broadcast(S, ap[ao + 5]);
      c50 = b0.fma(a, c50);
      c51 = b1.fma(a, c51);
      a = FloatVector.broadcast(S, ap[ao + 6]);
      c60 = b0.fma(a, c60);
      c61 = b1.fma(a, c61);
      a = FloatVector.broadcast(S, ap[ao + 7]);
      c70 = b0.fma(a, c70);
      c71 = b1.fma(a, c71);
    }
    // row offsets recomputed after the loop, not kept through it (see the six-row kernel)
    int r = cOff;
    c00.intoArray(c, r);
    c01.intoArray(c, r + V);
    r += ldc;
    c10.intoArray(c, r);
    c11.intoArray(c, r + V);
    r += ldc;
    c20.intoArray(c, r);
    c21.intoArray(c, r + V);
    r += ldc;
    c30.intoArray(c, r);
    c31.intoArray(c, r + V);
    r += ldc;
    c40.intoArray(c, r);
    c41.intoArray(c, r + V);
    r += ldc;
    c50.intoArray(c, r);
    c51.intoArray(c, r + V);
    r += ldc;
    c60.intoArray(c, r);
    c61.intoArray(c, r + V);
    r += ldc;
    c70.intoArray(c, r);
    c71.intoArray(c, r + V);
  }

  @Override
  void tileUnpacked(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
    if (load) {
      int r = cOff;
      c00 = FloatVector.fromArray(S, c, r);
      c01 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c10 = FloatVector.fromArray(S, c, r);
      c11 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c20 = FloatVector.fromArray(S, c, r);
      c21 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c30 = FloatVector.fromArray(S, c, r);
      c31 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c40 = FloatVector.fromArray(S, c, r);
      c41 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c50 = FloatVector.fromArray(S, c, r);
      c51 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c60 = FloatVector.fromArray(S, c, r);
      c61 = FloatVector.fromArray(S, c, r + V);
      r += ldc;
      c70 = FloatVector.fromArray(S, c, r);
      c71 = FloatVector.fromArray(S, c, r + V);
    } else {
      FloatVector z = FloatVector.zero(S);
      c00 = z;
      c01 = z;
      c10 = z;
      c11 = z;
      c20 = z;
      c21 = z;
      c30 = z;
      c31 = z;
      c40 = z;
      c41 = z;
      c50 = z;
      c51 = z;
      c60 = z;
      c61 = z;
      c70 = z;
      c71 = z;
    }
    if (transA) {
      // A stored transposed: a step's values of the strip's rows are adjacent, as in a packed strip
      for (int bo = bOff, end = bOff + kc * NR, ao = aOff; bo < end; bo += NR, ao += lda) {
        FloatVector b0 = FloatVector.fromArray(S, bp, bo);
        FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
        FloatVector av = FloatVector.broadcast(S, a[ao]);
        c00 = b0.fma(av, c00);
        c01 = b1.fma(av, c01);
        av = FloatVector.broadcast(S, a[ao + 1]);
        c10 = b0.fma(av, c10);
        c11 = b1.fma(av, c11);
        av = FloatVector.broadcast(S, a[ao + 2]);
        c20 = b0.fma(av, c20);
        c21 = b1.fma(av, c21);
        av = FloatVector.broadcast(S, a[ao + 3]);
        c30 = b0.fma(av, c30);
        c31 = b1.fma(av, c31);
        av = FloatVector.broadcast(S, a[ao + 4]);
        c40 = b0.fma(av, c40);
        c41 = b1.fma(av, c41);
        av = FloatVector.broadcast(S, a[ao + 5]);
        c50 = b0.fma(av, c50);
        c51 = b1.fma(av, c51);
        av = FloatVector.broadcast(S, a[ao + 6]);
        c60 = b0.fma(av, c60);
        c61 = b1.fma(av, c61);
        av = FloatVector.broadcast(S, a[ao + 7]);
        c70 = b0.fma(av, c70);
        c71 = b1.fma(av, c71);
      }
    } else {
      // A's rows in place: p counts the loop so that every index is affine in it and C2 checks
      // the bounds once before the loop, not once per row and step (a third of the time)
      int a0 = aOff;
      int a1 = a0 + lda;
      int a2 = a1 + lda;
      int a3 = a2 + lda;
      int a4 = a3 + lda;
      int a5 = a4 + lda;
      int a6 = a5 + lda;
      int a7 = a6 + lda;
      for (int p = 0; p < kc; p++) {
        int bo = bOff + p * NR;
        FloatVector b0 = FloatVector.fromArray(S, bp, bo);
        FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
        FloatVector av = FloatVector.broadcast(S, a[a0 + p]);
        c00 = b0.fma(av, c00);
        c01 = b1.fma(av, c01);
        av = FloatVector.broadcast(S, a[a1 + p]);
        c10 = b0.fma(av, c10);
        c11 = b1.fma(av, c11);
        av = FloatVector.broadcast(S, a[a2 + p]);
        c20 = b0.fma(av, c20);
        c21 = b1.fma(av, c21);
        av = FloatVector.broadcast(S, a[a3 + p]);
        c30 = b0.fma(av, c30);
        c31 = b1.fma(av, c31);
        av = FloatVector.broadcast(S, a[a4 + p]);
        c40 = b0.fma(av, c40);
        c41 = b1.fma(av, c41);
        av = FloatVector.broadcast(S, a[a5 + p]);
        c50 = b0.fma(av, c50);
        c51 = b1.fma(av, c51);
        av = FloatVector.broadcast(S, a[a6 + p]);
        c60 = b0.fma(av, c60);
        c61 = b1.fma(av, c61);
        av = FloatVector.broadcast(S, a[a7 + p]);
        c70 = b0.fma(av, c70);
        c71 = b1.fma(av, c71);
      }
    }
    int r = cOff;
    c00.intoArray(c, r);
    c01.intoArray(c, r + V);
    r += ldc;
    c10.intoArray(c, r);
    c11.intoArray(c, r + V);
    r += ldc;
    c20.intoArray(c, r);
    c21.intoArray(c, r + V);
    r += ldc;
    c30.intoArray(c, r);
    c31.intoArray(c, r + V);
    r += ldc;
    c40.intoArray(c, r);
    c41.intoArray(c, r + V);
    r += ldc;
    c50.intoArray(c, r);
    c51.intoArray(c, r + V);
    r += ldc;
    c60.intoArray(c, r);
    c61.intoArray(c, r + V);
    r += ldc;
    c70.intoArray(c, r);
    c71.intoArray(c, r + V);
  }

  @Override
  void tileUnpackedHalf(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c0, c1, c2, c3, c4, c5, c6, c7;
    if (load) {
      int r = cOff;
      c0 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c1 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c2 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c3 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c4 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c5 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c6 = FloatVector.fromArray(S, c, r);
      r += ldc;
      c7 = FloatVector.fromArray(S, c, r);
    } else {
      FloatVector z = FloatVector.zero(S);
      c0 = z;
      c1 = z;
      c2 = z;
      c3 = z;
      c4 = z;
      c5 = z;
      c6 = z;
      c7 = z;
    }
    if (transA) {
      // A stored transposed: a step's values of the strip's rows are adjacent, as in a packed strip
      for (int bo = bOff, end = bOff + kc * NR, ao = aOff; bo < end; bo += NR, ao += lda) {
        FloatVector b0 = FloatVector.fromArray(S, bp, bo);
        c0 = b0.fma(FloatVector.broadcast(S, a[ao]), c0);
        c1 = b0.fma(FloatVector.broadcast(S, a[ao + 1]), c1);
        c2 = b0.fma(FloatVector.broadcast(S, a[ao + 2]), c2);
        c3 = b0.fma(FloatVector.broadcast(S, a[ao + 3]), c3);
        c4 = b0.fma(FloatVector.broadcast(S, a[ao + 4]), c4);
        c5 = b0.fma(FloatVector.broadcast(S, a[ao + 5]), c5);
        c6 = b0.fma(FloatVector.broadcast(S, a[ao + 6]), c6);
        c7 = b0.fma(FloatVector.broadcast(S, a[ao + 7]), c7);
      }
    } else {
      // A's rows in place: p counts the loop so that every index is affine in it and C2 checks
      // the bounds once before the loop, not once per row and step (a third of the time)
      int a0 = aOff;
      int a1 = a0 + lda;
      int a2 = a1 + lda;
      int a3 = a2 + lda;
      int a4 = a3 + lda;
      int a5 = a4 + lda;
      int a6 = a5 + lda;
      int a7 = a6 + lda;
      for (int p = 0; p < kc; p++) {
        int bo = bOff + p * NR;
        FloatVector b0 = FloatVector.fromArray(S, bp, bo);
        c0 = b0.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
        c1 = b0.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
        c2 = b0.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
        c3 = b0.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        c4 = b0.fma(FloatVector.broadcast(S, a[a4 + p]), c4);
        c5 = b0.fma(FloatVector.broadcast(S, a[a5 + p]), c5);
        c6 = b0.fma(FloatVector.broadcast(S, a[a6 + p]), c6);
        c7 = b0.fma(FloatVector.broadcast(S, a[a7 + p]), c7);
      }
    }
    int r = cOff;
    c0.intoArray(c, r);
    r += ldc;
    c1.intoArray(c, r);
    r += ldc;
    c2.intoArray(c, r);
    r += ldc;
    c3.intoArray(c, r);
    r += ldc;
    c4.intoArray(c, r);
    r += ldc;
    c5.intoArray(c, r);
    r += ldc;
    c6.intoArray(c, r);
    r += ldc;
    c7.intoArray(c, r);
  }
}
