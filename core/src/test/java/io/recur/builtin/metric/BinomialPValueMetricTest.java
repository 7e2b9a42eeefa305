package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.spi.Metric;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.junit.jupiter.api.Test;

class BinomialPValueMetricTest {
  private static Metric metric(double p) {
    BinomialPValueMetricFactory f = new BinomialPValueMetricFactory();
    return f.create(Fixtures.params(f, Map.of("p", p)), null);
  }

  /** Per-position outputs [1, n, 2] whose argmax is right at the first {@code right} of n steps. */
  private static double pValue(Metric m, int right, int n) {
    float[] out = new float[n * 2];
    float[] target = new float[n];
    for (int t = 0; t < n; t++) {
      out[2 * t] = 0.9f;
      out[2 * t + 1] = 0.1f;
      target[t] = t < right ? 0 : 1;
    }
    Metric.Accumulator a = m.newAccumulator();
    a.update(Tensor.of(out, 1, n, 2), Tensor.of(target, 1, n), null);
    return a.result();
  }

  @Test
  void eightRightOfTenAgainstACoinIs56Over1024() {
    // P(X ≥ 8) = (C(10,8) + C(10,9) + C(10,10)) / 2^10 = (45 + 10 + 1) / 1024
    assertEquals(56.0 / 1024, pValue(metric(0.5), 8, 10), 1e-15);
  }

  @Test
  void twoRightOfFourAtChanceAQuarter() {
    // P(X ≥ 2) = 1 − 0.75^4 − 4 · 0.25 · 0.75^3 = 0.26171875
    assertEquals(0.26171875, pValue(metric(0.25), 2, 4), 1e-15);
  }

  @Test
  void agreesWithCommonsMathsBinomialDistributionWhereBothAreExact() {
    // seed 001's single test sequence: 305 of 500 positions right
    double expected = 1 - new BinomialDistribution(500, 0.5).cumulativeProbability(304);
    assertEquals(expected, pValue(metric(0.5), 305, 500), expected * 1e-9);
    assertTrue(expected < 1e-5 && expected > 1e-7, "seed 001 reported < 0.001; exactly " + expected);
  }

  @Test
  void tinyPValuesDoNotCollapseToZero() {
    // 3000 of 5000: 1 − cdf rounds to 0 here, the tail itself is about 1e-46
    BinomialDistribution d = new BinomialDistribution(5000, 0.5);
    assertEquals(0.0, 1 - d.cumulativeProbability(2999));
    double tail = 0;
    for (int k = 5000; k >= 3000; k--) {
      tail += Math.exp(d.logProbability(k));
    }
    double actual = pValue(metric(0.5), 3000, 5000);
    assertTrue(actual > 0);
    assertEquals(tail, actual, tail * 1e-9);
  }

  @Test
  void noRightAnswersGivesOneAndAllRightGivesPToTheN() {
    assertEquals(1.0, pValue(metric(0.5), 0, 7));
    assertEquals(Math.pow(0.5, 7), pValue(metric(0.5), 7, 7), 1e-15);
  }

  @Test
  void maskedStepsAreLeftOutAndBatchesAccumulate() {
    Metric m = metric(0.5);
    Metric.Accumulator a = m.newAccumulator();
    // [2, 3, 2]: argmax 0 everywhere; row 1's last step is padding
    float[] out = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 1, 1, 0}, 2, 3);
    a.update(Tensor.of(out, 2, 3, 2), Tensor.of(new float[] {0, 0, 1, 0, 1, 1}, 2, 3), mask);
    a.update(Tensor.of(new float[] {0, 1}, 1, 1, 2), Tensor.of(new float[] {1}, 1, 1), null);
    // 4 of 6 counted steps right: P(X ≥ 4 | 6, 0.5) = (15 + 6 + 1) / 64
    assertEquals(22.0 / 64, a.result(), 1e-15);
    assertTrue(Double.isNaN(m.newAccumulator().result()));
  }

  @Test
  void isLabelledAndLowerIsBetter() {
    Metric m = metric(0.5);
    assertEquals("binomial-p-value", m.label());
    assertFalse(m.higherIsBetter());
    assertEquals(0.5, BinomialPValueMetricFactory.P.defaultValue().orElseThrow());
  }
}
