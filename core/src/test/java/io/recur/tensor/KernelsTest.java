package io.recur.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast transcendentals against StrictMath in double, and the array kernels (Vector API bodies
 * when the module is present, which the test runner adds) against their scalar twins, bit for
 * bit.
 */
class KernelsTest {
  private static float[] values(long seed, int n, float range) {
    Random r = new Random(seed);
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = (r.nextFloat() * 2 - 1) * range;
    }
    // the branch and clamp points, and zeros of both signs
    float[] special = {0f, -0f, 0.625f, -0.625f, 0.62499994f, 87.3f, -87.3f, 88.3f, 100f, -100f, 1e-8f, -1e-8f};
    System.arraycopy(special, 0, x, 0, Math.min(special.length, n));
    return x;
  }

  private static double ulp(double v) {
    return Math.ulp((float) v);
  }

  @Test
  void expIsWithinTwoUlpOfStrictMath() {
    for (float x : values(1, 200_000, 87f)) {
      if (x < Kernels.EXP_LO || x > Kernels.EXP_HI) {
        // documented clamp: 2ⁿ must stay a normal float
        assertEquals(Kernels.exp(Math.max(Kernels.EXP_LO, Math.min(Kernels.EXP_HI, x))), Kernels.exp(x));
        continue;
      }
      double ref = StrictMath.exp(x);
      assertEquals(ref, Kernels.exp(x), 2 * ulp(ref), "exp(" + x + ")");
    }
  }

  @Test
  void sigmoidAndTanhAreWithinAFewUlp() {
    for (float x : values(2, 200_000, 20f)) {
      double s = 1 / (1 + StrictMath.exp(-(double) x));
      assertEquals(s, Kernels.sigmoid(x), 3 * ulp(s) + 1e-38, "sigmoid(" + x + ")");
      double t = StrictMath.tanh(x);
      assertEquals(t, Kernels.tanh(x), 3 * ulp(t) + 1e-38, "tanh(" + x + ")");
    }
    assertEquals(1f, Kernels.sigmoid(100f));
    assertTrue(Kernels.sigmoid(-100f) >= 0f && Kernels.sigmoid(-100f) < 1e-37f);
    assertEquals(1f, Kernels.tanh(50f));
    assertEquals(-1f, Kernels.tanh(-50f));
  }

  @Test
  void arrayKernelsGiveTheirScalarTwinsBits() {
    int n = 1003; // a vector body and a scalar tail
    float[] x = values(3, n, 12f);
    // in the vector body too: infinities and NaNs of both signs (NaN bits compare as one NaN)
    float[] edges = {Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, Float.intBitsToFloat(0xFFC00000),
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE};
    System.arraycopy(edges, 0, x, 16, edges.length);
    float[] y = new float[n + 3];
    Kernels.sigmoid(x, 0, y, 3, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(Kernels.sigmoid(x[i])), Float.floatToIntBits(y[3 + i]), "sigmoid " + i);
    }
    Kernels.tanh(x, 0, y, 2, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(Kernels.tanh(x[i])), Float.floatToIntBits(y[2 + i]), "tanh " + i);
    }
    // exp's vector body fixes up the lanes beyond its clamp after the polynomial: cover both sides
    float[] wide = values(5, n, 120f);
    System.arraycopy(edges, 0, wide, 16, edges.length);
    Kernels.expShifted(wide, 0, 0f, y, 1, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(Kernels.exp(wide[i])), Float.floatToIntBits(y[1 + i]), "exp " + i);
    }
    // a vector body, then the tail again as one whole vector when y does not overlap x
    for (int m : new int[] {3, 16, 17, 65, 997}) {
      float[] z = new float[m + 2];
      Kernels.expShifted(wide, 5, 1.5f, z, 2, m);
      for (int i = 0; i < m; i++) {
        assertEquals(Float.floatToIntBits(Kernels.exp(wide[5 + i] - 1.5f)), Float.floatToIntBits(z[2 + i]),
            "exp of " + m + ", element " + i);
      }
    }
    float[] inPlace = java.util.Arrays.copyOf(wide, 65);
    Kernels.expShifted(inPlace, 0, 0f, inPlace, 0, 65);
    for (int i = 0; i < 65; i++) {
      assertEquals(Float.floatToIntBits(Kernels.exp(wide[i])), Float.floatToIntBits(inPlace[i]), "exp in place " + i);
    }
    float[] scaled = x.clone();
    Kernels.scale(scaled, 1, n - 1, 0.37f);
    assertEquals(Float.floatToIntBits(x[0]), Float.floatToIntBits(scaled[0]));
    for (int i = 1; i < n; i++) {
      assertEquals(Float.floatToIntBits(x[i] * 0.37f), Float.floatToIntBits(scaled[i]), "scale " + i);
    }
    float[] b = values(4, n, 12f);
    Kernels.sigmoidOfSum(x, 0, b, 0, y, 1, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(Kernels.sigmoid(x[i] + b[i])), Float.floatToIntBits(y[1 + i]), "σ(a + b) " + i);
    }
  }

  /** Bits, not values: a signed zero or a NaN payload apart anywhere (vector body or tail) makes ranges differ. */
  @Test
  void sameBitsComparesBitsAndEqualBitsHashAlike() {
    int n = 37;
    float[] x = values(7, 2 * n, 5f);
    System.arraycopy(x, 0, x, n, n);
    assertTrue(Kernels.sameBits(x, 0, x, n, n));
    assertEquals(Kernels.hashBits(x, 0, n), Kernels.hashBits(x, n, n));
    for (int at : new int[] {0, 15, 16, 36}) {
      for (float[] pair : new float[][] {{0f, -0f}, {Float.intBitsToFloat(0x7fc00000), Float.intBitsToFloat(0x7fc00001)}}) {
        float[] y = x.clone();
        y[at] = pair[0];
        y[n + at] = pair[1];
        assertTrue(!Kernels.sameBits(y, 0, y, n, n), "values " + pair[0] + " and " + pair[1] + " at " + at);
        y[n + at] = pair[0];
        assertTrue(Kernels.sameBits(y, 0, y, n, n));
        assertEquals(Kernels.hashBits(y, 0, n), Kernels.hashBits(y, n, n));
      }
    }
    assertTrue(Kernels.sameBits(x, 3, x, 5, 0));
  }

  /** Math.max's answer in any order: NaN wins, +0 beats −0, wherever they sit (body or tail). */
  @Test
  void maxIsMathMaxOverAllValues() {
    float[] x = values(6, 70, 50f);
    float expected = Float.NEGATIVE_INFINITY;
    for (float v : x) {
      expected = Math.max(expected, v);
    }
    assertEquals(expected, Kernels.max(x, 0, 70));
    assertEquals(Float.NEGATIVE_INFINITY, Kernels.max(x, 3, 0));
    float[] zeros = {-0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, -0f, 0f};
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Kernels.max(zeros, 0, zeros.length)), "+0 in the tail");
    zeros[17] = -0f;
    zeros[3] = 0f;
    assertEquals(Float.floatToIntBits(0f), Float.floatToIntBits(Kernels.max(zeros, 0, zeros.length)), "+0 in the body");
    zeros[3] = -0f;
    assertEquals(Float.floatToIntBits(-0f), Float.floatToIntBits(Kernels.max(zeros, 0, zeros.length)));
    for (int at = 0; at < 70; at++) {
      float[] peak = x.clone();
      peak[at] = 1000f;
      assertEquals(1000f, Kernels.max(peak, 0, 70), "the largest at " + at);
    }
    for (int at : new int[] {2, 40, 64, 69}) {
      float[] withNaN = x.clone();
      withNaN[at] = Float.NaN;
      assertTrue(Float.isNaN(Kernels.max(withNaN, 0, 70)), "NaN at " + at);
    }
  }
}
