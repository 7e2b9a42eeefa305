package io.recur.datasets.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class HmmTest {
  /** Three states, three symbols, nothing symmetric, so a wrong index shows. */
  private static final Hmm TINY = new Hmm(
      new double[] {0.6, 0.3, 0.1},
      new double[][] {{0.7, 0.2, 0.1}, {0.25, 0.5, 0.25}, {0.05, 0.15, 0.8}},
      new double[][] {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}, {0.2, 0.2, 0.6}});

  private static final Hmm GC = new Hmm(new double[] {0.5, 0.5},
      new double[][] {{0.5, 0.5}, {0.4, 0.6}},
      new double[][] {{0.2, 0.3, 0.3, 0.2}, {0.3, 0.2, 0.2, 0.3}});

  /** P(s_t = k | x) by summing P(path, x) over all K^T paths. */
  private static double[][] bruteForce(double[] start, double[][] a, double[][] e, int[] x) {
    int k = start.length;
    int steps = x.length;
    double[][] joint = new double[steps][k];
    double total = 0;
    int paths = (int) Math.pow(k, steps);
    int[] s = new int[steps];
    for (int code = 0; code < paths; code++) {
      int c = code;
      for (int t = 0; t < steps; t++) {
        s[t] = c % k;
        c /= k;
      }
      double p = start[s[0]] * e[s[0]][x[0]];
      for (int t = 1; t < steps; t++) {
        p *= a[s[t - 1]][s[t]] * e[s[t]][x[t]];
      }
      total += p;
      for (int t = 0; t < steps; t++) {
        joint[t][s[t]] += p;
      }
    }
    for (double[] row : joint) {
      for (int j = 0; j < k; j++) {
        row[j] /= total;
      }
    }
    return joint;
  }

  @Test
  void forwardBackwardEqualsEnumeratingEveryPathOfFourSteps() {
    double[] start = {0.6, 0.3, 0.1};
    double[][] a = {{0.7, 0.2, 0.1}, {0.25, 0.5, 0.25}, {0.05, 0.15, 0.8}};
    double[][] e = {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}, {0.2, 0.2, 0.6}};
    // every one of the 3^4 symbol sequences
    for (int code = 0; code < 81; code++) {
      int[] x = {code % 3, code / 3 % 3, code / 9 % 3, code / 27};
      double[][] expected = bruteForce(start, a, e, x);
      double[][] actual = TINY.posteriors(x);
      for (int t = 0; t < 4; t++) {
        assertArrayEquals(expected[t], actual[t], 1e-13, "x = " + java.util.Arrays.toString(x) + ", t = " + t);
      }
    }
  }

  @Test
  void filteringEqualsEnumeratingEveryPathOfTheStepsSoFar() {
    double[] start = {0.6, 0.3, 0.1};
    double[][] a = {{0.7, 0.2, 0.1}, {0.25, 0.5, 0.25}, {0.05, 0.15, 0.8}};
    double[][] e = {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}, {0.2, 0.2, 0.6}};
    int[] x = {2, 0, 1, 2};
    double[][] filtered = TINY.filtered(x);
    for (int t = 0; t < x.length; t++) {
      // P(s_t | x_0..x_t) is the last step's posterior of the prefix
      double[][] prefix = bruteForce(start, a, e, java.util.Arrays.copyOf(x, t + 1));
      assertArrayEquals(prefix[t], filtered[t], 1e-13, "t = " + t);
    }
    assertArrayEquals(TINY.posteriors(x)[3], filtered[3], 1e-13, "at the last step both see everything");
  }

  @Test
  void decodingPicksTheLargestPosteriorAtEachStep() {
    int[] x = {0, 2, 2, 1};
    double[][] g = TINY.posteriors(x);
    int[] path = TINY.decode(x);
    for (int t = 0; t < x.length; t++) {
      for (double p : g[t]) {
        assertTrue(g[t][path[t]] >= p);
      }
    }
  }

  @Test
  void longSequencesNeitherUnderflowNorDrift() {
    int n = 100_000;
    int[] states = new int[n];
    int[] symbols = new int[n];
    GC.sample(new Well19937c(5), states, symbols);
    double[][] g = GC.posteriors(symbols);
    for (double[] row : g) {
      assertTrue(Double.isFinite(row[0]) && row[0] >= 0 && row[0] <= 1);
      assertEquals(1.0, row[0] + row[1], 1e-12);
    }
    int right = 0;
    int[] path = GC.decode(symbols);
    for (int t = 0; t < n; t++) {
      right += path[t] == states[t] ? 1 : 0;
    }
    // the emissions say little: posterior decoding beats always answering L (≈ 0.556) by a few points only
    double accuracy = right / (double) n;
    assertTrue(accuracy > 0.58 && accuracy < 0.65, "posterior decoding accuracy " + accuracy);
  }

  @Test
  void samplesFollowTheTransitionAndEmissionProbabilities() {
    int n = 200_000;
    int[] states = new int[n];
    int[] symbols = new int[n];
    TINY.sample(new Well19937c(11), states, symbols);
    long[][] moves = new long[3][3];
    long[][] emits = new long[3][3];
    for (int t = 0; t < n; t++) {
      emits[states[t]][symbols[t]]++;
      if (t > 0) {
        moves[states[t - 1]][states[t]]++;
      }
    }
    double[][] a = {{0.7, 0.2, 0.1}, {0.25, 0.5, 0.25}, {0.05, 0.15, 0.8}};
    double[][] e = {{0.5, 0.4, 0.1}, {0.1, 0.3, 0.6}, {0.2, 0.2, 0.6}};
    for (int j = 0; j < 3; j++) {
      long from = moves[j][0] + moves[j][1] + moves[j][2];
      long in = emits[j][0] + emits[j][1] + emits[j][2];
      for (int k = 0; k < 3; k++) {
        assertEquals(a[j][k], moves[j][k] / (double) from, 0.01, "transition " + j + " → " + k);
        assertEquals(e[j][k], emits[j][k] / (double) in, 0.01, "emission " + j + " → " + k);
      }
    }
  }

  @Test
  void anImpossibleSequenceIsRefused() {
    Hmm onlyA = new Hmm(new double[] {1}, new double[][] {{1}}, new double[][] {{1, 0}});
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> onlyA.posteriors(new int[] {0, 1}));
    assertEquals("the sequence has probability 0 under the model (at step 1)", e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> onlyA.posteriors(new int[] {2}));
  }
}
