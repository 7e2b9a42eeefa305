package io.recur.model;

import io.recur.spi.Split;
import io.recur.tensor.Tensor;

/** One mini-batch: rows of a split, copied out in the given order. */
public record Batch(Tensor inputs, Tensor targets, Tensor mask) {
  public int size() {
    return inputs.dim(0);
  }

  /** Rows {@code order[from..to)} of {@code split}. */
  public static Batch of(Split split, int[] order, int from, int to) {
    int[] idx = java.util.Arrays.copyOfRange(order, from, to);
    return new Batch(split.inputs().gatherRows(idx), split.targets().gatherRows(idx),
        split.mask() == null ? null : split.mask().gatherRows(idx));
  }

  /** Contiguous rows {@code [from, to)} of {@code split}, for evaluation. */
  public static Batch range(Split split, int from, int to) {
    return new Batch(split.inputs().rows(from, to), split.targets().rows(from, to),
        split.mask() == null ? null : split.mask().rows(from, to));
  }
}
