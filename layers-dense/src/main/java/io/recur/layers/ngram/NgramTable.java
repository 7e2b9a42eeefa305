package io.recur.layers.ngram;

import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * The counts of an n-gram model: for every context of 0 to {@code order} tokens seen in training,
 * how often each next token followed it. A context is a key, the base-(V + 1) number whose digits
 * are its token ids + 1, newest token least significant, so contexts of different lengths never
 * share a key and the key of a context one token longer is {@code key + (id + 1)·(V + 1)^k}. A
 * (context, next) pair is {@code key·V + next}.
 *
 * <p>Counting fills a hash map; {@link #compile()} sorts it into flat arrays, contexts ascending
 * and each context's next tokens ascending, which lookups binary-search and the saved form lists
 * in the same order, so identical data gives identical bytes.
 */
final class NgramTable {
  /** Counts are saved as float32, exact up to 2^24. */
  private static final int MAX_COUNT = 1 << 24;

  private final int order;
  private final int vocabulary;
  private final long radix;
  private LongIntMap pairs = new LongIntMap();
  private boolean compiled;
  /** Sorted context keys, each context's first pair index, and its total count. */
  private long[] contexts = new long[0];
  private int[] first = new int[1];
  private long[] totals = new long[0];
  /** Per pair, in context order: the next token and its count. */
  private int[] nexts = new int[0];
  private int[] counts = new int[0];

  NgramTable(int order, int vocabulary) {
    this.order = order;
    this.vocabulary = vocabulary;
    this.radix = vocabulary + 1L;
  }

  /**
   * Whether contexts of {@code order} tokens over {@code vocabulary} ids, times the vocabulary,
   * fit a positive long: {@code (V + 1)^order · V < 2^63}.
   */
  static boolean fits(int order, int vocabulary) {
    long limit = Long.MAX_VALUE / vocabulary;
    long v = 1;
    for (int i = 0; i < order; i++) {
      if (v > limit / (vocabulary + 1L)) {
        return false;
      }
      v *= vocabulary + 1L;
    }
    return true;
  }

  int order() {
    return order;
  }

  /** The key of a context one token older: {@code key} extended by {@code id} at position {@code k}. */
  long extend(long key, int id, long power) {
    return key + (id + 1L) * power;
  }

  long radix() {
    return radix;
  }

  void clear() {
    pairs = new LongIntMap();
    compiled = false;
    contexts = new long[0];
    first = new int[1];
    totals = new long[0];
    nexts = new int[0];
    counts = new int[0];
  }

  /** Counts one occurrence of {@code next} after the context {@code key}. */
  void add(long key, int next) {
    pairs.add(key * vocabulary + next, 1);
    compiled = false;
  }

  /** Sorts the counts into lookup arrays; a no-op when nothing changed since the last call. */
  void compile() {
    if (compiled) {
      return;
    }
    long[] keys = pairs.sortedKeys();
    int m = keys.length;
    nexts = new int[m];
    counts = new int[m];
    long[] ctx = new long[m];
    int[] start = new int[m + 1];
    long[] tot = new long[m];
    int c = -1;
    for (int p = 0; p < m; p++) {
      long context = keys[p] / vocabulary;
      int count = pairs.get(keys[p]);
      if (count > MAX_COUNT) {
        throw new RecurException("ngram: a count passed 2^24 (" + count + "), more than float32 weights hold"
            + " exactly; fit on less text");
      }
      if (c < 0 || ctx[c] != context) {
        c++;
        ctx[c] = context;
        start[c] = p;
      }
      nexts[p] = (int) (keys[p] % vocabulary);
      counts[p] = count;
      tot[c] += count;
    }
    contexts = Arrays.copyOf(ctx, c + 1);
    first = Arrays.copyOf(start, c + 2);
    first[c + 1] = m;
    totals = Arrays.copyOf(tot, c + 1);
    compiled = true;
  }

  /** The index of context {@code key}, or -1 when training never saw it. */
  int find(long key) {
    compile();
    int i = Arrays.binarySearch(contexts, key);
    return i < 0 ? -1 : i;
  }

  /** Distinct contexts counted. */
  int contextCount() {
    compile();
    return contexts.length;
  }

  /** The key of context {@code index}. */
  long contextKey(int index) {
    return contexts[index];
  }

  /** How many tokens the context {@code key} holds: its digits in base {@link #radix()}. */
  int length(long key) {
    int length = 0;
    for (long k = key; k > 0; k /= radix) {
      length++;
    }
    return length;
  }

  /** The pair index of {@code next} after context {@code index}, or -1 when it was never counted. */
  int pair(int index, int next) {
    int i = Arrays.binarySearch(nexts, first[index], first[index + 1], next);
    return i < 0 ? -1 : i;
  }

  /** How often context {@code index} was seen. */
  long total(int index) {
    return totals[index];
  }

  /** Pairs {@code [from, to)} of context {@code index}: next tokens {@link #next}, counts {@link #count}. */
  int from(int index) {
    return first[index];
  }

  int to(int index) {
    return first[index + 1];
  }

  int next(int pair) {
    return nexts[pair];
  }

  int count(int pair) {
    return counts[pair];
  }

  /** Distinct (context, next) pairs counted. */
  int size() {
    compile();
    return nexts.length;
  }

  /**
   * The saved form: {@code ngrams [M, order + 1]}, each row a context's token ids (oldest first,
   * left-padded with −1 when shorter than {@code order}) then the next token's id, and {@code
   * counts [M]}.
   */
  Tensor[] toTensors() {
    compile();
    int m = nexts.length;
    int width = order + 1;
    float[] grams = new float[m * width];
    float[] c = new float[m];
    for (int ci = 0; ci < contexts.length; ci++) {
      for (int p = first[ci]; p < first[ci + 1]; p++) {
        int row = p * width;
        Arrays.fill(grams, row, row + order, -1f);
        long key = contexts[ci];
        for (int j = order - 1; key > 0; j--) {
          grams[row + j] = (float) (key % radix - 1);
          key /= radix;
        }
        grams[row + order] = nexts[p];
        c[p] = counts[p];
      }
    }
    return new Tensor[] {Tensor.of(grams, m, width), Tensor.of(c, m)};
  }

  /**
   * Replaces the counts with a saved form.
   *
   * @throws RecurException naming {@code where} when the tensors are not the saved form of an
   *     order-{@code order} model over this vocabulary
   */
  void load(Tensor grams, Tensor c, String where) {
    int width = order + 1;
    if (grams.rank() != 2 || grams.dim(1) != width) {
      throw new RecurException(where + ": 'ngrams' has shape " + Shape.toString(grams.shape()) + "; an order-" + order
          + " model saves [M, " + width + "] (context ids, then the next id)");
    }
    int m = grams.dim(0);
    if (c.rank() != 1 || c.dim(0) != m) {
      throw new RecurException(where + ": 'counts' has shape " + Shape.toString(c.shape()) + ", expected [" + m
          + "], one count per row of 'ngrams'");
    }
    clear();
    float[] g = grams.data();
    for (int p = 0; p < m; p++) {
      long key = 0;
      long power = 1;
      boolean padding = false;
      for (int j = order - 1; j >= 0; j--) {
        float v = g[p * width + j];
        if (v == -1f) {
          padding = true;
          continue;
        }
        if (padding || !isId(v)) {
          throw malformed(where, p, "context ids must be token ids in [0, " + vocabulary + "), left-padded with -1");
        }
        key = extend(key, (int) v, power);
        power *= radix;
      }
      float next = g[p * width + order];
      float count = c.data()[p];
      if (!isId(next)) {
        throw malformed(where, p, "the next token " + next + " is not an id in [0, " + vocabulary + ")");
      }
      if (count < 1 || count != Math.rint(count)) {
        throw malformed(where, p, "count " + count + " is not a positive whole number");
      }
      pairs.add(key * vocabulary + (int) next, (int) count);
    }
    if (pairs.size() != m) {
      throw new RecurException(where + ": 'ngrams' lists the same (context, next) pair twice");
    }
    compile();
  }

  private boolean isId(float v) {
    return v >= 0 && v < vocabulary && v == Math.rint(v);
  }

  private static RecurException malformed(String where, int row, String what) {
    return new RecurException(where + ": 'ngrams' row " + row + ": " + what);
  }
}
