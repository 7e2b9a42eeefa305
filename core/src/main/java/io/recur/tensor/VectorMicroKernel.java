package io.recur.tensor;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The micro-kernel on the JDK's Vector API: a {@code 6 × 2V} tile (V = the preferred vector's
 * lanes: 6 × 16 with AVX2, 6 × 32 with AVX-512) held in 12 vector registers, with 2 loads of B
 * and 6 broadcasts of A per step of k. With AVX2's 16 registers this leaves room for the B
 * vectors and a broadcast; a 4 × 3V tile (12 accumulators, 3 B vectors, 1 broadcast) needs all
 * 16 and measured 40% slower, spilling. With AVX-512's 32 registers the taller {@link
 * VectorMicroKernel8} runs instead. Loaded only when {@code jdk.incubator.vector} is in the
 * module graph (see {@link Gemm}); same contract and bits as the scalar path.
 */
class VectorMicroKernel extends MicroKernel {
  static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
  static final int V = S.length();
  static final int MR = 6;
  static final int NR = 2 * V;

  VectorMicroKernel() {
    super(MR, NR);
  }

  /** For a taller tile of the same width (the edge kernel {@link #tile4} reads strips of {@code mr} rows). */
  VectorMicroKernel(int mr) {
    super(mr, NR);
  }

  /** Whether the preferred vectors leave room for a taller tile: 32 registers come with 512-bit ones. */
  static boolean wideRegisters() {
    return S.vectorBitSize() >= 512;
  }

  @Override
  String name() {
    return "vector-" + S.vectorBitSize() + " " + mr + "x" + nr;
  }

  @Override
  void tile(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
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
    }
    // The loop counts B's offset itself: with p as the counter C2 (17) kept the index
    // arithmetic for both arrays in the loop and ran at ~80% of the FMA peak; counting bo, the
    // loop is short enough to issue at the peak (measured 97 against 79 GFLOPS in L1).
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
    }
    // the row offsets are recomputed here rather than kept from the start: live through the
    // loop they crowd out its registers, and C2 then parks A's offset in a vector register,
    // which lengthens each step (measured 53 against 71 GFLOPS on the step product)
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
  }

  @Override
  void tile4(int kc, float[] ap, int aOff, float[] bp, int bOff, float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31;
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
    }
    int ao = aOff;
    int strip = mr; // the packed strip's height, 6 or 8, of which this tile reads four rows
    for (int bo = bOff, end = bOff + kc * NR; bo < end; bo += NR, ao += strip) {
      FloatVector b0 = FloatVector.fromArray(S, bp, bo);
      FloatVector b1 = FloatVector.fromArray(S, bp, bo + V);
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
  }

  @Override
  long fmaLoop(int rounds, float[] sink) {
    FloatVector a = FloatVector.broadcast(S, 0.999f);
    FloatVector b = FloatVector.broadcast(S, 1e-3f);
    FloatVector x0 = FloatVector.broadcast(S, 1f);
    FloatVector x1 = x0, x2 = x0, x3 = x0, x4 = x0, x5 = x0, x6 = x0, x7 = x0, x8 = x0, x9 = x0, x10 = x0, x11 = x0;
    for (int i = 0; i < rounds; i++) {
      x0 = x0.fma(a, b);
      x1 = x1.fma(a, b);
      x2 = x2.fma(a, b);
      x3 = x3.fma(a, b);
      x4 = x4.fma(a, b);
      x5 = x5.fma(a, b);
      x6 = x6.fma(a, b);
      x7 = x7.fma(a, b);
      x8 = x8.fma(a, b);
      x9 = x9.fma(a, b);
      x10 = x10.fma(a, b);
      x11 = x11.fma(a, b);
    }
    sink[0] += x0.add(x1).add(x2).add(x3).add(x4).add(x5).add(x6).add(x7).add(x8).add(x9).add(x10).add(x11)
        .reduceLanes(jdk.incubator.vector.VectorOperators.ADD);
    return (long) rounds * 12 * 2 * V;
  }

  @Override
  void copyStrip(float[] src, int s, float[] dst, int d) {
    FloatVector.fromArray(S, src, s).intoArray(dst, d);
    FloatVector.fromArray(S, src, s + V).intoArray(dst, d + V);
  }

  @Override
  void tileUnpacked(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51;
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
      }
    }
    // the row offsets are recomputed here rather than kept from the start: live through the
    // loop they crowd out its registers, and C2 then parks A's offset in a vector register,
    // which lengthens each step (measured 53 against 71 GFLOPS on the step product)
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
  }

  @Override
  void tileUnpackedHalf(int kc, float[] a, int aOff, int lda, boolean transA, float[] bp, int bOff,
      float[] c, int cOff, int ldc, boolean load) {
    FloatVector c0, c1, c2, c3, c4, c5;
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
    } else {
      FloatVector z = FloatVector.zero(S);
      c0 = z;
      c1 = z;
      c2 = z;
      c3 = z;
      c4 = z;
      c5 = z;
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
      for (int p = 0; p < kc; p++) {
        int bo = bOff + p * NR;
        FloatVector b0 = FloatVector.fromArray(S, bp, bo);
        c0 = b0.fma(FloatVector.broadcast(S, a[a0 + p]), c0);
        c1 = b0.fma(FloatVector.broadcast(S, a[a1 + p]), c1);
        c2 = b0.fma(FloatVector.broadcast(S, a[a2 + p]), c2);
        c3 = b0.fma(FloatVector.broadcast(S, a[a3 + p]), c3);
        c4 = b0.fma(FloatVector.broadcast(S, a[a4 + p]), c4);
        c5 = b0.fma(FloatVector.broadcast(S, a[a5 + p]), c5);
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
  }
}
