package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;

/**
 * The distinct rows of a row-major matrix, found only when there are few of them: the output of
 * an embedding repeats its vocabulary's rows (a character model's 3,200 input rows per batch are
 * at most 65 distinct ones). The recurrent layer then projects each distinct row once and copies
 * its pre-activations to every row that repeats it; a product's element is one fma chain over
 * its row whichever other rows share the tile, so the copies have the product's bits.
 *
 * <p>Rows are compared by their bits ({@link Float#floatToRawIntBits}), not by {@code ==}: a
 * {@code −0.0} and a {@code +0.0}, or two NaNs, are the same row only if their bits are, so a
 * copy can never differ from what the product would have given.
 */
final class DistinctRows {
  /** Fewer rows than this are projected directly: a table would save almost nothing. */
  static final int MIN_ROWS = 64;
  /** At most one distinct row per this many rows, or the search gives up. */
  static final int MIN_REPEATS = 8;

  private final int[] index;
  private final float[] rows;
  private final int count;

  private DistinctRows(int[] index, float[] rows, int count) {
    this.index = index;
    this.rows = rows;
    this.count = count;
  }

  /**
   * The distinct rows of {@code x} ({@code rows × width} from offset 0), or null when there are
   * fewer than {@link #MIN_ROWS} rows or more than one distinct row per {@link #MIN_REPEATS}:
   * the search stops as soon as it has seen that many, so inputs whose rows do not repeat (a
   * second layer's, fed by the first one's states) pay for a few rows only.
   */
  static DistinctRows find(float[] x, int rows, int width) {
    if (rows < MIN_ROWS || width == 0) {
      return null;
    }
    int limit = rows / MIN_REPEATS;
    // open addressing, at most half full; a slot holds a distinct row's number + 1, 0 when empty
    int[] slots = new int[Integer.highestOneBit(limit * 2) * 2];
    int mask = slots.length - 1;
    int[] index = new int[rows];
    int[] firstRow = new int[limit];
    int count = 0;
    for (int r = 0; r < rows; r++) {
      int o = r * width;
      int slot = hash(x, o, width) & mask;
      int found = -1;
      while (slots[slot] != 0) {
        int candidate = slots[slot] - 1;
        if (Kernels.sameBits(x, firstRow[candidate] * width, x, o, width)) {
          found = candidate;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found < 0) {
        if (count == limit) {
          return null;
        }
        found = count++;
        firstRow[found] = r;
        slots[slot] = found + 1;
      }
      index[r] = found;
    }
    float[] distinct = new float[count * width];
    for (int u = 0; u < count; u++) {
      System.arraycopy(x, firstRow[u] * width, distinct, u * width, width);
    }
    return new DistinctRows(index, distinct, count);
  }

  /** Any function of the row's bits will do: an exact comparison of the bits follows. */
  private static int hash(float[] x, int o, int width) {
    int h = Kernels.hashBits(x, o, width);
    // spread the high bits into the low ones the table indexes by
    return h ^ (h >>> 16);
  }

  /** Per row, which distinct row it is (the array itself, not a copy). */
  int[] indices() {
    return index;
  }

  /** The distinct rows, {@code [count, width]}, in the order of their first appearance. */
  float[] rows() {
    return rows;
  }

  int count() {
    return count;
  }
}
