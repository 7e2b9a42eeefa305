package io.recur.layers.ngram;

import java.util.Arrays;

/**
 * Interpolated modified Kneser–Ney smoothing (Chen and Goodman 1998, with three discounts per
 * order) over the raw counts of an {@link NgramTable}. For a context h of j tokens and its
 * suffix h' of j − 1 tokens:
 *
 * <pre>
 *   P_j(w | h) = max(c_j(h, w) − D_j(c_j(h, w)), 0) / c_j(h) + γ(h) · P_{j−1}(w | h')
 *   γ(h)       = (D_j1·N1(h) + D_j2·N2(h) + D_j3+·N3+(h)) / c_j(h)
 *   P_{−1}(w)  = 1 / V
 * </pre>
 *
 * where N_k(h) counts the tokens seen exactly k times (3+: at least 3) after h, and a context
 * training never saw passes its lower order on unchanged. The highest order ({@code order}
 * tokens) uses raw counts; every lower order uses continuation counts: c_j(h', w) is the number of
 * distinct tokens seen right before h' w, plus one when h' w also occurred at the start of a
 * sample (where nothing precedes it; KenLM treats n-grams after {@code <s>} the same way). The
 * discounts of each order come from its count-of-counts n_1 … n_4 as Chen and Goodman estimate
 * them: {@code Y = n1 / (n1 + 2·n2)}, {@code D1 = 1 − 2Y·n2/n1}, {@code D2 = 2 − 3Y·n3/n2},
 * {@code D3+ = 3 − 4Y·n4/n3}, each kept within [0, k] so that every distribution sums to 1.
 *
 * <p>Everything here is a pure function of the raw counts, so a saved model needs nothing more
 * than {@link NgramTable}'s tensors.
 */
final class KneserNey {
  private final NgramTable table;
  private final int order;
  private final int vocabulary;
  /** Per pair: the raw count (highest order) or the continuation count (lower orders). */
  private final int[] counts;
  /** Per context: the sum of its pairs' counts, and how many of them are 1, 2 and 3 or more. */
  private final long[] totals;
  private final int[] ones;
  private final int[] twos;
  private final int[] threesAndMore;
  /** Per context length 0 … order: D1, D2, D3+. */
  private final double[][] discounts;

  private KneserNey(NgramTable table, int order, int vocabulary) {
    this.table = table;
    this.order = order;
    this.vocabulary = vocabulary;
    int contexts = table.contextCount();
    int pairs = table.size();
    int[] length = new int[contexts];
    for (int c = 0; c < contexts; c++) {
      length[c] = table.length(table.contextKey(c));
    }
    // continuation counts: each (a h', w) seen adds one distinct left token to (h', w)
    int[] extensions = new int[pairs];
    long[] extendedCounts = new long[pairs];
    long[] powers = new long[order + 1];
    powers[0] = 1;
    for (int j = 1; j <= order; j++) {
      powers[j] = powers[j - 1] * table.radix();
    }
    for (int c = 0; c < contexts; c++) {
      if (length[c] == 0) {
        continue;
      }
      // dropping the oldest token: it is the most significant digit of the key
      int parent = table.find(table.contextKey(c) % powers[length[c] - 1]);
      for (int p = table.from(c); p < table.to(c); p++) {
        int q = table.pair(parent, table.next(p));
        extensions[q]++;
        extendedCounts[q] += table.count(p);
      }
    }
    counts = new int[pairs];
    totals = new long[contexts];
    ones = new int[contexts];
    twos = new int[contexts];
    threesAndMore = new int[contexts];
    long[][] countOfCounts = new long[order + 1][5];
    for (int c = 0; c < contexts; c++) {
      boolean highest = length[c] == order;
      for (int p = table.from(c); p < table.to(c); p++) {
        int raw = table.count(p);
        // occurrences that no left token extends began at the start of a sample
        int count = highest ? raw : extensions[p] + (raw > extendedCounts[p] ? 1 : 0);
        counts[p] = count;
        totals[c] += count;
        if (count == 1) {
          ones[c]++;
        } else if (count == 2) {
          twos[c]++;
        } else {
          threesAndMore[c]++;
        }
        if (count <= 4) {
          countOfCounts[length[c]][count]++;
        }
      }
    }
    discounts = new double[order + 1][];
    for (int j = 0; j <= order; j++) {
      discounts[j] = discounts(countOfCounts[j]);
    }
  }

  /** The smoothing of {@code table}'s current counts. */
  static KneserNey of(NgramTable table, int order, int vocabulary) {
    return new KneserNey(table, order, vocabulary);
  }

  /**
   * Chen and Goodman's estimates from n1 … n4; where a count-of-counts is zero (tiny data) the
   * estimate it needs falls back to the one below it, and each is kept within [0, k].
   */
  static double[] discounts(long[] n) {
    double y = n[1] + 2.0 * n[2] > 0 ? n[1] / (n[1] + 2.0 * n[2]) : 0.5;
    double d1 = n[1] > 0 ? 1 - 2 * y * n[2] / n[1] : 0.5;
    double d2 = n[2] > 0 ? 2 - 3 * y * n[3] / n[2] : d1;
    double d3 = n[3] > 0 ? 3 - 4 * y * n[4] / n[3] : d2;
    return new double[] {clamp(d1, 1), clamp(d2, 2), clamp(d3, 3)};
  }

  private static double clamp(double d, double max) {
    return Math.max(0, Math.min(max, d));
  }

  /** The discounts D1, D2, D3+ of contexts of {@code length} tokens. */
  double[] discountsOf(int length) {
    return discounts[length].clone();
  }

  /**
   * {@code log P(w | context)} for every w into {@code logp}; {@code keys[j]} is the key of the
   * context's last j tokens, for j = 0 … m.
   */
  void logDistribution(long[] keys, int m, double[] logp) {
    double[] p = new double[vocabulary];
    Arrays.fill(p, 1.0 / vocabulary);
    for (int j = 0; j <= m; j++) {
      int c = table.find(keys[j]);
      if (c < 0) {
        continue;
      }
      double total = totals[c];
      double[] d = discounts[j];
      double gamma = (d[0] * ones[c] + d[1] * twos[c] + d[2] * threesAndMore[c]) / total;
      for (int w = 0; w < vocabulary; w++) {
        p[w] *= gamma;
      }
      for (int q = table.from(c); q < table.to(c); q++) {
        int count = counts[q];
        double discount = d[Math.min(count, 3) - 1];
        p[table.next(q)] += Math.max(count - discount, 0) / total;
      }
    }
    for (int w = 0; w < vocabulary; w++) {
      logp[w] = StrictMath.log(p[w]);
    }
  }

  int order() {
    return order;
  }
}
