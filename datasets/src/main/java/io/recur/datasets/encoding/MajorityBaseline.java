package io.recur.datasets.encoding;

import io.recur.spi.Dataset;
import io.recur.spi.Split;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The no-training baseline of a classifier: the accuracy, on every split, of always answering the
 * most frequent class of the training split (the lowest index on ties). A model that only learns
 * the majority class shows no better than this number.
 */
public final class MajorityBaseline {
  /** Baseline key suffix: {@code <split>.majority-accuracy}. */
  public static final String KEY = "majority-accuracy";

  private MajorityBaseline() {}

  /**
   * {@code <split>.majority-accuracy} for every split; empty when there is no training split (data
   * encoded for evaluation only).
   *
   * @param classes the class count; targets are class indices {@code [N]} or {@code [N, T]}
   */
  public static Map<String, Double> of(Map<String, Split> parts, int classes) {
    Split train = parts.get(Dataset.TRAIN);
    Map<String, Double> out = new LinkedHashMap<>();
    if (train == null) {
      return out;
    }
    long[] counts = new long[classes];
    for (float t : train.targets().data()) {
      counts[(int) t]++;
    }
    int best = 0;
    for (int c = 1; c < classes; c++) {
      if (counts[c] > counts[best]) {
        best = c;
      }
    }
    for (Map.Entry<String, Split> e : parts.entrySet()) {
      float[] t = e.getValue().targets().data();
      long hits = 0;
      for (float v : t) {
        if ((int) v == best) {
          hits++;
        }
      }
      out.put(e.getKey() + "." + KEY, (double) hits / t.length);
    }
    return out;
  }
}
