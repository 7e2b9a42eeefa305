package io.recur.layers.ngram;

import static io.recur.layers.ngram.NgramLayerTest.eval;
import static io.recur.layers.ngram.NgramLayerTest.ids;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Params;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * Interpolated modified Kneser–Ney against probabilities worked out by hand, on the text of
 * {@link NgramLayerTest}: {@code a b a b c a} (inputs {@code a b a b c}, targets {@code b a b c
 * a}), order 1.
 *
 * <pre>
 * raw bigram counts (the highest order):   a → b 2      b → a 1, c 1      c → a 1
 *   count-of-counts n1 = 3, n2 = 1, n3 = n4 = 0: Y = 3/5, D1 = 1 − 2·0.6·1/3 = 0.6, D2 = 2, D3+ = 2
 * continuation counts of the unigrams (distinct tokens before each):   a 2 (b, c), b 1 (a), c 1 (b)
 *   total 4; n1 = 2, n2 = 1: Y = 1/2, D1 = 1 − 2·0.5·1/2 = 0.5, D2 = 2, D3+ = 2
 *   γ = (0.5·2 + 2·1) / 4 = 3/4;  P(a) = 0 + 3/4·1/3 = 0.25,  P(b) = P(c) = 0.5/4 + 0.25 = 0.375
 * P(· | a): total 2, one pair counted twice: γ = 2·1/2 = 1                → a 0.25, b 0.375, c 0.375
 * P(· | b): total 2, two pairs counted once: γ = 0.6·2/2 = 0.6
 *           a (1 − 0.6)/2 + 0.6·0.25 = 0.35,  b 0.6·0.375 = 0.225,  c 0.2 + 0.6·0.375 = 0.425
 * P(· | c): total 1: γ = 0.6                 → a 0.4 + 0.15 = 0.55,  b 0.225,  c 0.225
 * </pre>
 */
class KneserNeyTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;

  private static NgramLayer layer(int order, int steps, int vocabulary) {
    return (NgramLayer) new NgramLayerFactory().create(
        Params.of(Map.of("order", order, "k", 0.1, "smoothing", NgramLayerFactory.KNESER_NEY)),
        NgramLayerTest.context(steps, vocabulary));
  }

  private static double[] row(Tensor out, int position, int vocabulary) {
    double[] p = new double[vocabulary];
    for (int j = 0; j < vocabulary; j++) {
      p[j] = Math.exp(out.get(0, position, j));
    }
    return p;
  }

  @Test
  void bigramProbabilitiesMatchTheHandWorkedExample() {
    NgramLayer l = layer(1, 5, 3);
    l.resetFit();
    l.fit(ids(A, B, A, B, C), ids(B, A, B, C, A), null);
    Tensor out = l.forward(ids(A, B, C), eval(null));
    assertArrayEquals(new double[] {0.25, 0.375, 0.375}, row(out, 0, 3), 1e-6);
    assertArrayEquals(new double[] {0.35, 0.225, 0.425}, row(out, 1, 3), 1e-6);
    assertArrayEquals(new double[] {0.55, 0.225, 0.225}, row(out, 2, 3), 1e-6);
  }

  @Test
  void discountsFollowChenAndGoodmanAndStayWithinTheirCounts() {
    assertArrayEquals(new double[] {0.6, 2, 2}, KneserNey.discounts(new long[] {0, 3, 1, 0, 0}), 1e-12);
    // n1 = 10, n2 = 5, n3 = 3, n4 = 2: Y = 0.5; D1 = 0.5, D2 = 2 − 1.5·3/5 = 1.1, D3+ = 3 − 2·2/3
    assertArrayEquals(new double[] {0.5, 1.1, 3 - 4.0 / 3}, KneserNey.discounts(new long[] {0, 10, 5, 3, 2}), 1e-12);
    // nothing counted: every estimate falls back, none is negative
    double[] none = KneserNey.discounts(new long[5]);
    for (double d : none) {
      assertTrue(d >= 0 && d <= 1, "discount " + d);
    }
  }

  @Test
  void everyDistributionSumsToOneAtEveryOrderAndPosition() {
    int vocabulary = 5;
    Well19937c random = new Well19937c(7);
    float[] text = new float[401];
    for (int i = 0; i < text.length; i++) {
      text[i] = random.nextInt(i % 7 == 0 ? vocabulary : 3);
    }
    Tensor inputs = Tensor.of(java.util.Arrays.copyOf(text, 400), 1, 400);
    Tensor targets = Tensor.of(java.util.Arrays.copyOfRange(text, 1, 401), 1, 400);
    for (int order = 0; order <= 4; order++) {
      NgramLayer l = layer(order, 400, vocabulary);
      l.resetFit();
      l.fit(inputs, targets, null);
      Tensor out = l.forward(inputs, eval(null));
      for (int p = 0; p < 400; p++) {
        double sum = 0;
        for (double q : row(out, p, vocabulary)) {
          assertTrue(q > 0, "order " + order + ", position " + p + ": a zero probability");
          sum += q;
        }
        assertEquals(1.0, sum, 1e-6, "order " + order + ", position " + p);
      }
    }
  }

  @Test
  void onHeldOutTextItBeatsAddKWhereContextsAreSparse() {
    int vocabulary = 8;
    // a second-order Markov source with some noise: contexts repeat, counts are sparse
    Well19937c random = new Well19937c(3);
    int n = 6001;
    float[] text = new float[n];
    for (int i = 2; i < n; i++) {
      int next = ((int) text[i - 1] * 3 + (int) text[i - 2]) % vocabulary;
      text[i] = random.nextDouble() < 0.3 ? random.nextInt(vocabulary) : next;
    }
    int train = 5000;
    Tensor trainIn = Tensor.of(java.util.Arrays.copyOf(text, train), 1, train);
    Tensor trainOut = Tensor.of(java.util.Arrays.copyOfRange(text, 1, train + 1), 1, train);
    int test = n - train - 1;
    Tensor testIn = Tensor.of(java.util.Arrays.copyOfRange(text, train, train + test), 1, test);
    float[] testOut = java.util.Arrays.copyOfRange(text, train + 1, train + 1 + test);
    // orders 3 and 4: 8^3 and 8^4 contexts for 5,000 tokens (at order 1 both are near the source's entropy)
    for (int order = 3; order <= 4; order++) {
      NgramLayer kn = layer(order, test, vocabulary);
      NgramLayer addK = (NgramLayer) new NgramLayerFactory().create(
          Params.of(Map.of("order", order, "k", 0.1, "smoothing", NgramLayerFactory.ADD_K)),
          NgramLayerTest.context(test, vocabulary));
      double[] bits = new double[2];
      int which = 0;
      for (NgramLayer l : new NgramLayer[] {kn, addK}) {
        l.resetFit();
        l.fit(trainIn, trainOut, null);
        Tensor out = l.forward(testIn, eval(null));
        for (int p = 0; p < test; p++) {
          bits[which] -= out.get(0, p, (int) testOut[p]) / Math.log(2);
        }
        which++;
      }
      assertTrue(bits[0] < bits[1] - 0.02 * test, "order " + order + ": Kneser-Ney " + bits[0] / test + " bits per token, add-k "
          + bits[1] / test);
    }
  }
}
