package io.recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Gemm} against a double-precision reference and against its own contract: every element
 * is the fma chain over k in order, so the result must equal that chain bit for bit, whatever
 * the blocking, the kernel (Vector API or scalar) or the number of threads.
 */
class GemmTest {
  /** A product's shape and layout: op(A) is m × k, op(B) is k × n; leading dims ≥ the row width. */
  record Shape(int m, int n, int k, boolean transA, boolean transB, int padA, int padB, int padC, int offset) {
    int lda() {
      return (transA ? m : k) + padA;
    }

    int ldb() {
      return (transB ? k : n) + padB;
    }

    int ldc() {
      return n + padC;
    }

    @Override
    public String toString() {
      return m + "x" + n + "x" + k + (transA ? " Aᵀ" : "") + (transB ? " Bᵀ" : "")
          + (padA + padB + padC > 0 ? " padded" : "") + (offset > 0 ? " offset " + offset : "");
    }
  }

  static Stream<Arguments> shapes() {
    return Stream.of(
        new Shape(1, 1, 1, false, false, 0, 0, 0, 0),
        new Shape(3, 5, 7, false, false, 0, 0, 0, 0),
        new Shape(7, 13, 5, true, false, 2, 0, 1, 3),
        new Shape(17, 19, 23, false, true, 0, 3, 0, 1),
        new Shape(31, 29, 37, true, true, 1, 1, 1, 5),
        // past SMALL: packed and tiled, with edge tiles in both directions
        new Shape(37, 53, 41, false, false, 0, 0, 0, 0),
        new Shape(101, 67, 300, false, true, 3, 0, 2, 7),
        new Shape(64, 130, 257, true, false, 0, 5, 0, 2),
        new Shape(97, 3100, 33, true, true, 0, 0, 0, 0),
        new Shape(200, 33, 520, false, false, 1, 2, 3, 4),
        // the last 7 or 8 rows of a block go as two short strips (4 + 3, 4 + 4): packed A and A in place
        new Shape(32, 300, 70, false, true, 0, 0, 0, 0),
        new Shape(31, 100, 90, true, false, 0, 0, 0, 0),
        new Shape(32, 96, 60, false, true, 0, 0, 1, 0),
        new Shape(55, 180, 40, true, true, 0, 0, 0, 0),
        // eight-row tiles: whole (the batch of 32 in place), 5–7 rows left (a full tile on scratch)
        new Shape(32, 512, 130, false, false, 0, 0, 0, 0),
        new Shape(47, 70, 300, true, false, 0, 0, 0, 0),
        new Shape(45, 200, 64, false, true, 2, 0, 0, 1),
        // A in place with a column edge of half a tile (straight into C) or less (on scratch):
        // a 65-class output layer's 65th column
        new Shape(40, 80, 50, false, false, 0, 0, 1, 2),
        new Shape(24, 16, 90, true, false, 0, 0, 0, 0),
        new Shape(64, 65, 128, false, true, 0, 0, 0, 0),
        new Shape(19, 72, 33, true, true, 1, 0, 0, 3)
    ).map(s -> Arguments.of(s.toString(), s));
  }

  private static float[] random(long seed, int size) {
    Random r = new Random(seed);
    float[] a = new float[size];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat() * 2 - 1;
    }
    return a;
  }

  private static float opA(Shape s, float[] a, int i, int p) {
    return s.transA() ? a[s.offset() + p * s.lda() + i] : a[s.offset() + i * s.lda() + p];
  }

  private static float opB(Shape s, float[] b, int p, int j) {
    return s.transB() ? b[s.offset() + j * s.ldb() + p] : b[s.offset() + p * s.ldb() + j];
  }

  /** The contract: c = fma(a[i,p], b[p,j], c) for p = 0 … k−1 in order. */
  private static float[] fmaChain(Shape s, float[] a, float[] b, float[] c, boolean accumulate) {
    float[] out = c.clone();
    for (int i = 0; i < s.m(); i++) {
      for (int j = 0; j < s.n(); j++) {
        int at = s.offset() + i * s.ldc() + j;
        float v = accumulate ? out[at] : 0f;
        for (int p = 0; p < s.k(); p++) {
          v = Math.fma(opA(s, a, i, p), opB(s, b, p, j), v);
        }
        out[at] = v;
      }
    }
    return out;
  }

  /** The default engine, the scalar one, and one on each Vector API kernel (whichever this CPU would pick). */
  private static List<Gemm> engines() {
    List<Gemm> all = new ArrayList<>(List.of(Gemm.standard(), Gemm.scalar()));
    all.addAll(Gemm.vectorEngines());
    return all;
  }

  private static float[] run(Gemm engine, Shape s, float[] a, float[] b, float[] c, boolean accumulate) {
    float[] out = c.clone();
    engine.gemm(s.transA(), s.transB(), s.m(), s.n(), s.k(), a, s.offset(), s.lda(), b, s.offset(), s.ldb(),
        out, s.offset(), s.ldc(), accumulate);
    return out;
  }

  private static float[][] inputs(Shape s) {
    int aRows = s.transA() ? s.k() : s.m();
    int bRows = s.transB() ? s.n() : s.k();
    return new float[][] {
        random(1, s.offset() + aRows * s.lda()),
        random(2, s.offset() + bRows * s.ldb()),
        random(3, s.offset() + s.m() * s.ldc() + 5)};
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void matchesDoublePrecisionReference(String name, Shape s) {
    float[][] in = inputs(s);
    float[] got = run(Gemm.standard(), s, in[0], in[1], in[2], true);
    for (int i = 0; i < s.m(); i++) {
      for (int j = 0; j < s.n(); j++) {
        double ref = in[2][s.offset() + i * s.ldc() + j];
        double scale = Math.abs(ref);
        for (int p = 0; p < s.k(); p++) {
          double t = (double) opA(s, in[0], i, p) * opB(s, in[1], p, j);
          ref += t;
          scale += Math.abs(t);
        }
        float v = got[s.offset() + i * s.ldc() + j];
        // k roundings of at most half an ulp of the running magnitude each
        assertEquals(ref, v, 1e-6 * scale * (s.k() + 1) + 1e-30, "C[" + i + "," + j + "]");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void everyElementIsTheFmaChainBitForBit(String name, Shape s) {
    float[][] in = inputs(s);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] expected = fmaChain(s, in[0], in[1], in[2], accumulate);
      for (Gemm engine : engines()) {
        assertArrayEquals(expected, run(engine, s, in[0], in[1], in[2], accumulate), engine.name() + " engine");
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("shapes")
  void twoThreadsGiveTheSameBitsAsOne(String name, Shape s) {
    float[][] in = inputs(s);
    float[] one = run(Gemm.standard(), s, in[0], in[1], in[2], true);
    try (Parallelism p = Parallelism.open(2)) {
      for (Gemm engine : engines()) {
        assertArrayEquals(one, run(engine, s, in[0], in[1], in[2], true), engine.name() + " engine, 2 threads");
      }
    }
  }

  @Test
  void aLargeProductIsSplitAcrossThreadsWithIdenticalBits() {
    // big enough to pass PARALLEL_MIN both tall (split by rows) and wide (split by columns)
    for (Shape s : new Shape[] {new Shape(300, 70, 90, false, true, 0, 0, 0, 0),
        new Shape(40, 700, 90, true, false, 0, 0, 0, 0)}) {
      assertTrue((long) s.m() * s.n() * s.k() >= Gemm.PARALLEL_MIN, s.toString());
      float[][] in = inputs(s);
      float[] expected = fmaChain(s, in[0], in[1], in[2], false);
      for (int threads = 1; threads <= 3; threads++) {
        try (Parallelism p = Parallelism.open(threads)) {
          for (Gemm engine : engines()) {
            assertArrayEquals(expected, run(engine, s, in[0], in[1], in[2], false), threads + " threads, " + engine.name());
          }
        }
      }
    }
  }

  @Test
  void aPackedRightHandSideGivesTheSameBits() {
    int m = 45;
    int k = 300;
    int n = 70;
    float[] a = random(4, m * k);
    float[] w = random(5, n * k);
    float[] expected = new float[m * n];
    Gemm.multiply(false, true, m, n, k, a, 0, k, w, 0, k, expected, 0, n, false);
    for (Gemm engine : engines()) {
      Gemm.Packed packed = engine.packB(true, k, n, w, 0, k, null);
      float[] c = new float[m * n];
      // two row blocks, as a recurrent step split across threads does it
      engine.gemmPacked(false, 20, a, 0, k, packed, c, 0, n, false);
      engine.gemmPacked(false, m - 20, a, 20 * k, k, packed, c, 20 * n, n, false);
      assertArrayEquals(expected, c);
      Gemm.Packed again = engine.packB(true, k, n, w, 0, k, packed);
      float[] c2 = new float[m * n];
      engine.gemmPacked(false, m, a, 0, k, again, c2, 0, n, false);
      assertArrayEquals(expected, c2);
    }
  }

  @Test
  void aWidePackedRightHandSideGivesTheFmaChainsBitsOnOneAndTwoThreads() {
    // more rows than a row block, deeper than a k slice, wider than a column block: the packed
    // product's loops (A packed once per slice and row block) against the plain fma chain
    Shape s = new Shape(60, Gemm.NC + 90, Gemm.KC + 70, false, true, 0, 0, 0, 0);
    float[][] in = inputs(s);
    for (boolean accumulate : new boolean[] {false, true}) {
      float[] expected = fmaChain(s, in[0], in[1], in[2], accumulate);
      for (int threads = 1; threads <= 2; threads++) {
        try (Parallelism p = Parallelism.open(threads)) {
          for (Gemm engine : engines()) {
            Gemm.Packed packed = engine.packB(true, s.k(), s.n(), in[1], 0, s.k(), null);
            float[] c = in[2].clone();
            engine.gemmPacked(false, s.m(), in[0], 0, s.k(), packed, c, 0, s.n(), accumulate);
            assertArrayEquals(expected, c, threads + " threads, " + engine.name() + ", accumulate " + accumulate);
          }
        }
      }
    }
  }

  /** A large weight is packed by every thread, a range of strips each: the same packed values, edge strip included. */
  @Test
  void aWeightPackedOnTwoThreadsIsTheOnePackedOnOne() {
    int k = Gemm.KC + 70;
    int n = Gemm.NC + 90;
    float[] w = random(6, k * n);
    for (boolean transB : new boolean[] {false, true}) {
      for (Gemm engine : Gemm.vectorEngines()) {
        float[] one = engine.packB(transB, k, n, w, 0, transB ? k : n, null).data.clone();
        try (Parallelism p = Parallelism.open(2)) {
          assertArrayEquals(one, engine.packB(transB, k, n, w, 0, transB ? k : n, null).data,
              engine.name() + (transB ? " Bᵀ" : " B"));
        }
      }
    }
  }

  @Test
  void zeroDepthClearsOrKeepsC() {
    float[] c = {1, 2, 3, 4};
    Gemm.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, true);
    assertArrayEquals(new float[] {1, 2, 3, 4}, c);
    Gemm.multiply(false, false, 2, 2, 0, new float[0], 0, 0, new float[0], 0, 2, c, 0, 2, false);
    assertArrayEquals(new float[4], c);
  }
}
