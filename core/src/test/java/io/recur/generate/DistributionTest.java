package io.recur.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.model.RandomStreams;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;

/** Temperature, top-k and the draw, against distributions worked out by hand. */
class DistributionTest {
  private static final double[] LOGP = {Math.log(0.5), Math.log(0.3), Math.log(0.2)};

  @Test
  void logitsAndLogProbabilitiesGiveTheSameLogProbabilities() {
    float[] logits = {2f, 1f, -1f};
    double[] fromLogits = Distribution.logProbabilities(logits, false);
    float[] logp = new float[3];
    for (int i = 0; i < 3; i++) {
      logp[i] = (float) fromLogits[i];
    }
    assertArrayEquals(fromLogits, Distribution.logProbabilities(logp, false), 1e-6);
    double z = Math.exp(2) + Math.exp(1) + Math.exp(-1);
    assertEquals(Math.log(Math.exp(2) / z), fromLogits[0], 1e-6);
    assertArrayEquals(LOGP, Distribution.logProbabilities(new float[] {0.5f, 0.3f, 0.2f}, true), 1e-6);
  }

  @Test
  void temperatureOneKeepsTheModelsDistribution() {
    assertArrayEquals(new double[] {0.5, 0.3, 0.2}, Distribution.probabilities(LOGP, 1.0, 0), 1e-12);
  }

  @Test
  void temperatureSharpensBelowOneAndFlattensAboveOne() {
    // T = 0.5: p_i^2 / Σ p_j^2 = 0.25, 0.09, 0.04 over 0.38
    assertArrayEquals(new double[] {0.25 / 0.38, 0.09 / 0.38, 0.04 / 0.38}, Distribution.probabilities(LOGP, 0.5, 0), 1e-12);
    double[] flat = Distribution.probabilities(LOGP, 100, 0);
    assertTrue(flat[0] - flat[2] < 0.01, "a high temperature is close to uniform");
  }

  @Test
  void temperatureZeroIsGreedy() {
    assertArrayEquals(new double[] {1, 0, 0}, Distribution.probabilities(LOGP, 0, 0));
    assertArrayEquals(new double[] {0, 1, 0}, Distribution.probabilities(new double[] {-2, -1, -1}, 0, 0),
        "ties go to the lower id");
  }

  @Test
  void topKRenormalisesOverTheKMostLikelyTokens() {
    assertArrayEquals(new double[] {0.5 / 0.8, 0.3 / 0.8, 0}, Distribution.probabilities(LOGP, 1.0, 2), 1e-12);
    assertArrayEquals(new double[] {1, 0, 0}, Distribution.probabilities(LOGP, 1.0, 1), 1e-12);
    assertArrayEquals(new double[] {0.5, 0.3, 0.2}, Distribution.probabilities(LOGP, 1.0, 5), 1e-12,
        "k above the vocabulary keeps every token");
    // temperature applies among the kept ones: T = 0.5 over {0.5, 0.3}: 0.25 and 0.09 over 0.34
    assertArrayEquals(new double[] {0.25 / 0.34, 0.09 / 0.34, 0}, Distribution.probabilities(LOGP, 0.5, 2), 1e-12);
  }

  @Test
  void drawsFollowTheCumulativeProbabilitiesInIdOrder() {
    double[] p = {0.5, 0.3, 0.2};
    assertEquals(0, Distribution.draw(p, fixed(0.49)));
    assertEquals(1, Distribution.draw(p, fixed(0.5)));
    assertEquals(1, Distribution.draw(p, fixed(0.79)));
    assertEquals(2, Distribution.draw(p, fixed(0.8)));
    assertEquals(1, Distribution.draw(new double[] {0.5, 0.5, 0}, fixed(0.9999999999999999)),
        "never a token of probability 0");
  }

  @Test
  void drawsMatchTheProbabilitiesOverManySamples() {
    RandomGenerator r = RandomStreams.fresh(7, RandomStreams.SAMPLING);
    double[] p = Distribution.probabilities(LOGP, 1.0, 0);
    int[] counts = new int[3];
    int n = 100_000;
    for (int i = 0; i < n; i++) {
      counts[Distribution.draw(p, r)]++;
    }
    assertEquals(0.5, counts[0] / (double) n, 0.01);
    assertEquals(0.3, counts[1] / (double) n, 0.01);
    assertEquals(0.2, counts[2] / (double) n, 0.01);
  }

  /** A generator whose nextDouble is always {@code u}. */
  private static RandomGenerator fixed(double u) {
    return new org.apache.commons.math3.random.AbstractRandomGenerator() {
      @Override public void setSeed(long seed) {}

      @Override public double nextDouble() {
        return u;
      }
    };
  }
}
