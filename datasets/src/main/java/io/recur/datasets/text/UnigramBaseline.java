package io.recur.datasets.text;

import io.recur.spi.Dataset;
import io.recur.spi.Split;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context-free reference for a character model: predict every target from the frequencies of
 * the training targets, add-one (Laplace) smoothed over the vocabulary so no token has probability
 * 0, and report the mean {@code −log2 p} over the unmasked target positions of each split as
 * {@code <split>.unigram-bits-per-character}. A model that learns anything beats it.
 */
final class UnigramBaseline {
  static final String KEY = "unigram-bits-per-character";

  private UnigramBaseline() {}

  static Map<String, Double> of(Map<String, Split> splits, int vocabulary) {
    long[] counts = new long[vocabulary];
    long total = 0;
    Split train = splits.get(Dataset.TRAIN);
    if (train == null) {
      // data encoded for a saved model may hold no training part to count frequencies in
      return Map.of();
    }
    float[] targets = train.targets().data();
    float[] mask = train.mask() == null ? null : train.mask().data();
    for (int p = 0; p < targets.length; p++) {
      if (mask == null || mask[p] != 0f) {
        counts[(int) targets[p]]++;
        total++;
      }
    }
    Map<String, Double> out = new LinkedHashMap<>();
    for (Map.Entry<String, Split> e : splits.entrySet()) {
      float[] t = e.getValue().targets().data();
      float[] m = e.getValue().mask() == null ? null : e.getValue().mask().data();
      double bits = 0;
      long positions = 0;
      for (int p = 0; p < t.length; p++) {
        if (m == null || m[p] != 0f) {
          bits -= StrictMath.log((counts[(int) t[p]] + 1.0) / (total + vocabulary)) / StrictMath.log(2);
          positions++;
        }
      }
      out.put(e.getKey() + "." + KEY, positions == 0 ? Double.NaN : bits / positions);
    }
    return out;
  }
}
