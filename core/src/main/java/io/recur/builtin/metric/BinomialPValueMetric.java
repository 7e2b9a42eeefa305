package io.recur.builtin.metric;

import io.recur.spi.Metric;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import org.apache.commons.math3.distribution.BinomialDistribution;
import org.apache.commons.math3.special.Beta;

/**
 * The exact one-sided binomial p-value of a split's correct predictions: with n unmasked
 * positions of which k are right (argmax against the true class, as {@code accuracy} counts
 * them),
 *
 * <pre>
 *   p-value = P(X ≥ k),  X ~ Binomial(n, p)
 * </pre>
 *
 * the probability that guessing right with probability p at every position independently does
 * at least as well. Seed 001 estimated it by simulating 1,000 random sequence pairs, which can
 * only say "below 0.001"; this is the exact value.
 *
 * <p>Commons Math's {@link BinomialDistribution} gives P(X ≥ k) as {@code 1 −
 * cumulativeProbability(k − 1)} = 1 − (1 − I_p(k, n − k + 1)), I the regularized incomplete
 * beta function; the subtraction cancels to 0 once the p-value drops below about 1e-16, which a
 * trained model on thousands of positions reaches easily. So the tail is computed as I_p(k, n −
 * k + 1) directly, the same quantity without the cancellation (the test holds the two against
 * each other where both are exact).
 */
final class BinomialPValueMetric implements Metric {
  static final String LABEL = "binomial-p-value";
  private final double p;

  BinomialPValueMetric(double p) {
    if (!(p > 0 && p < 1)) {
      throw new IllegalArgumentException("p must lie in (0, 1), got " + p);
    }
    this.p = p;
  }

  @Override public String label() {
    return LABEL;
  }

  @Override public boolean higherIsBetter() {
    return false;
  }

  /** P(X ≥ k) for X ~ Binomial(n, p). */
  static double upperTail(long k, long n, double p) {
    if (k <= 0) {
      return 1.0;
    }
    if (k > n) {
      return 0.0;
    }
    return Beta.regularizedBeta(p, k, n - k + 1.0);
  }

  @Override public Accumulator newAccumulator() {
    return new Accumulator() {
      private long correct;
      private long total;

      @Override public void update(Tensor output, Tensor target, Tensor mask) {
        int[] truth = Predictions.trueClasses("metric '" + LABEL + "'", output, target, mask);
        int classes = Shape.last(output.shape());
        float[] o = output.data();
        for (int pos = 0; pos < truth.length; pos++) {
          if (truth[pos] < 0) {
            continue;
          }
          total++;
          int predicted = classes == 1 ? (o[pos] > 0.5f ? 1 : 0) : Predictions.argmax(o, pos * classes, classes);
          if (predicted == truth[pos]) {
            correct++;
          }
        }
      }

      @Override public double result() {
        return total == 0 ? Double.NaN : upperTail(correct, total, p);
      }
    };
  }
}
