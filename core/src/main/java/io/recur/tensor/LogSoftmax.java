package io.recur.tensor;

/**
 * One log-softmax value in double precision, for scoring: evaluation's cross-entropy metrics and
 * a language model's likelihood of a line read the same numbers from the same logits.
 */
public final class LogSoftmax {
  private LogSoftmax() {}

  /**
   * {@code log softmax(row)[index]} of the {@code classes} logits at {@code offset} of {@code o},
   * shifted by the row maximum so {@code exp} never overflows; {@link StrictMath}, so the value is
   * the same on every platform.
   */
  public static double at(float[] o, int offset, int classes, int index) {
    double max = Double.NEGATIVE_INFINITY;
    for (int j = 0; j < classes; j++) {
      max = Math.max(max, o[offset + j]);
    }
    double s = 0;
    for (int j = 0; j < classes; j++) {
      s += StrictMath.exp(o[offset + j] - max);
    }
    return o[offset + index] - max - StrictMath.log(s);
  }
}
