package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.VectorMath;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

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
  private static final boolean VECTOR = Kernels.vectorApi();

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
        if (sameBits(x, firstRow[candidate] * width, o, width)) {
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

  /**
   * Any function of the row's bits will do (an exact comparison follows); the vector one hashes
   * a vector's lanes side by side, the scalar one in four interleaved chains, so neither is one
   * long chain of dependent multiplies (which cost 4% of a character model's forward).
   */
  private static int hash(float[] x, int o, int width) {
    int j = 0;
    int h = 1;
    if (VECTOR) {
      j = Vectorized.bound(width);
      h = Vectorized.hash(x, o, j);
    }
    int h1 = 7;
    int h2 = 17;
    int h3 = 37;
    for (; j + 4 <= width; j += 4) {
      h = 31 * h + Float.floatToRawIntBits(x[o + j]);
      h1 = 31 * h1 + Float.floatToRawIntBits(x[o + j + 1]);
      h2 = 31 * h2 + Float.floatToRawIntBits(x[o + j + 2]);
      h3 = 31 * h3 + Float.floatToRawIntBits(x[o + j + 3]);
    }
    for (; j < width; j++) {
      h = 31 * h + Float.floatToRawIntBits(x[o + j]);
    }
    h = ((h * 31 + h1) * 31 + h2) * 31 + h3;
    // spread the high bits into the low ones the table indexes by
    return h ^ (h >>> 16);
  }

  private static boolean sameBits(float[] x, int a, int b, int width) {
    int j = 0;
    if (VECTOR) {
      j = Vectorized.bound(width);
      if (!Vectorized.sameBits(x, a, b, j)) {
        return false;
      }
    }
    for (; j < width; j++) {
      if (Float.floatToRawIntBits(x[a + j]) != Float.floatToRawIntBits(x[b + j])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Vector API bodies of {@link #hash} and {@link #sameBits} over the first {@code n}
   * values (a multiple of the vector length). Loaded only when {@link Kernels#vectorApi()} is
   * true.
   */
  private static final class Vectorized {
    private static final VectorSpecies<Float> S = VectorMath.SPECIES;

    private Vectorized() {}

    static int bound(int width) {
      return S.loopBound(width);
    }

    static int hash(float[] x, int o, int n) {
      IntVector h = IntVector.zero(IntVector.SPECIES_PREFERRED);
      for (int j = 0; j < n; j += S.length()) {
        h = h.mul(31).add(FloatVector.fromArray(S, x, o + j).reinterpretAsInts());
      }
      return h.reduceLanes(VectorOperators.ADD);
    }

    static boolean sameBits(float[] x, int a, int b, int n) {
      IntVector differ = IntVector.zero(IntVector.SPECIES_PREFERRED);
      for (int j = 0; j < n; j += S.length()) {
        differ = differ.or(FloatVector.fromArray(S, x, a + j).reinterpretAsInts()
            .lanewise(VectorOperators.XOR, FloatVector.fromArray(S, x, b + j).reinterpretAsInts()));
      }
      return differ.reduceLanes(VectorOperators.OR) == 0;
    }
  }

  /** Which distinct row row {@code r} is. */
  int index(int r) {
    return index[r];
  }

  /** The distinct rows, {@code [count, width]}, in the order of their first appearance. */
  float[] rows() {
    return rows;
  }

  int count() {
    return count;
  }
}
