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
    float[] b = values(4, n, 12f);
    Kernels.sigmoidOfSum(x, 0, b, 0, y, 1, n);
    for (int i = 0; i < n; i++) {
      assertEquals(Float.floatToIntBits(Kernels.sigmoid(x[i] + b[i])), Float.floatToIntBits(y[1 + i]), "σ(a + b) " + i);
    }
  }
}
