package io.recur.spi;

import io.recur.tensor.Tensor;

/**
 * A quality measure accumulated over the batches of one split. A fresh {@link Accumulator} is
 * taken for every split of every epoch.
 */
public interface Metric {
  /** The column name in tables and metrics.jsonl: {@code accuracy}, {@code top-3-accuracy}. */
  String label();

  /** True when larger is better (accuracy); false for losses and errors. */
  boolean higherIsBetter();

  Accumulator newAccumulator();

  /** Running state for one pass over a split. */
  interface Accumulator {
    /** Adds one batch; arguments as in {@link Loss#compute}. */
    void update(Tensor output, Tensor target, Tensor mask);

    /** The metric over every batch seen; NaN when none was. */
    double result();
  }
}
