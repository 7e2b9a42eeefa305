package io.recur.generate;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * Drawing the next token from a model's output: temperature, top-k, then one uniform draw
 * against the cumulative probabilities in token-id order, all in double precision, so the same
 * stream gives the same token on any machine.
 */
final class Distribution {
  private Distribution() {}

  /**
   * Log-probabilities (natural log) of one output row.
   *
   * @param probabilities true when the row holds probabilities (a softmax output), false for
   *     logits or log-probabilities (both go through log-softmax, which leaves log-probabilities
   *     as they are)
   */
  static double[] logProbabilities(float[] row, boolean probabilities) {
    double[] l = new double[row.length];
    if (probabilities) {
      for (int i = 0; i < row.length; i++) {
        l[i] = row[i] > 0 ? StrictMath.log(row[i]) : Double.NEGATIVE_INFINITY;
      }
      return l;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (float v : row) {
      max = Math.max(max, v);
    }
    double sum = 0;
    for (float v : row) {
      sum += StrictMath.exp(v - max);
    }
    double log = max + StrictMath.log(sum);
    for (int i = 0; i < row.length; i++) {
      l[i] = row[i] - log;
    }
    return l;
  }

  /**
   * The sampling distribution: {@code p_i ∝ exp(l_i / T)} over the {@code topK} most likely
   * tokens (all when 0; ties at the cut keep the lower ids), 0 elsewhere. With {@code T = 0} all
   * mass goes to the most likely token (the lowest id among equals): greedy decoding.
   */
  static double[] probabilities(double[] logp, double temperature, int topK) {
    int v = logp.length;
    boolean[] kept = new boolean[v];
    if (topK <= 0 || topK >= v) {
      java.util.Arrays.fill(kept, true);
    } else {
      // the topK largest by selection: K passes, each taking the largest not yet kept (lowest id first)
      for (int n = 0; n < topK; n++) {
        int best = -1;
        for (int i = 0; i < v; i++) {
          if (!kept[i] && (best < 0 || logp[i] > logp[best])) {
            best = i;
          }
        }
        kept[best] = true;
      }
    }
    double[] p = new double[v];
    if (temperature == 0) {
      int best = -1;
      for (int i = 0; i < v; i++) {
        if (kept[i] && (best < 0 || logp[i] > logp[best])) {
          best = i;
        }
      }
      p[best] = 1;
      return p;
    }
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < v; i++) {
      if (kept[i]) {
        max = Math.max(max, logp[i] / temperature);
      }
    }
    double sum = 0;
    for (int i = 0; i < v; i++) {
      p[i] = kept[i] && logp[i] != Double.NEGATIVE_INFINITY ? StrictMath.exp(logp[i] / temperature - max) : 0;
      sum += p[i];
    }
    for (int i = 0; i < v; i++) {
      p[i] /= sum;
    }
    return p;
  }

  /** One draw: the first id whose cumulative probability passes a uniform number from {@code random}. */
  static int draw(double[] p, RandomGenerator random) {
    double u = random.nextDouble();
    double cumulative = 0;
    int last = -1;
    for (int i = 0; i < p.length; i++) {
      if (p[i] > 0) {
        cumulative += p[i];
        last = i;
        if (u < cumulative) {
          return i;
        }
      }
    }
    // rounding left the total a hair under u: the last possible token
    return last;
  }
}
