package io.recur.builtin.metric;

import io.recur.spi.Metric;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;

/**
 * Fraction of unmasked positions predicted right. Plain accuracy compares the argmax (the first
 * index on ties, as torch.argmax) with the true class. Top-k accuracy asks whether fewer than k
 * classes score strictly higher than the true one, so a class tied with the k-th score counts as
 * a hit, as in Keras' {@code in_top_k}. A single-column sigmoid output is thresholded at 0.5 and,
 * as two classes, is always right for k ≥ 2.
 */
final class AccuracyMetric implements Metric {
  private final String label;
  private final int k;
  private final boolean argmax;

  private AccuracyMetric(String label, int k, boolean argmax) {
    this.label = label;
    this.k = k;
    this.argmax = argmax;
  }

  static AccuracyMetric argmax(String label) {
    return new AccuracyMetric(label, 1, true);
  }

  static AccuracyMetric topK(String label, int k) {
    return new AccuracyMetric(label, k, false);
  }

  @Override public String label() {
    return label;
  }

  @Override public boolean higherIsBetter() {
    return true;
  }

  @Override public Accumulator newAccumulator() {
    return new Accumulator() {
      private long correct;
      private long total;

      @Override public void update(Tensor output, Tensor target, Tensor mask) {
        int[] truth = Predictions.trueClasses("metric '" + label + "'", output, target, mask);
        int classes = Shape.last(output.shape());
        float[] o = output.data();
        for (int p = 0; p < truth.length; p++) {
          if (truth[p] < 0) {
            continue;
          }
          total++;
          if (hit(o, p, classes, truth[p])) {
            correct++;
          }
        }
      }

      @Override public double result() {
        return total == 0 ? Double.NaN : (double) correct / total;
      }
    };
  }

  private boolean hit(float[] o, int position, int classes, int truth) {
    if (classes == 1) {
      return k >= 2 || (o[position] > 0.5f ? 1 : 0) == truth;
    }
    int offset = position * classes;
    if (argmax) {
      return Predictions.argmax(o, offset, classes) == truth;
    }
    float score = o[offset + truth];
    int above = 0;
    for (int j = 0; j < classes; j++) {
      if (o[offset + j] > score) {
        above++;
      }
    }
    return above < k;
  }
}
