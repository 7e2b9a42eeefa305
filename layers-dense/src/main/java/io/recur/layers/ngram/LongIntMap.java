package io.recur.layers.ngram;

import java.util.Arrays;

/**
 * A map from non-negative long keys to int counts, open addressing with linear probing: an
 * n-gram table of a million entries in a few tens of megabytes, where boxed maps take ten times
 * more. Not thread-safe.
 */
final class LongIntMap {
  private static final long EMPTY = -1L;

  private long[] keys;
  private int[] values;
  private int size;

  LongIntMap() {
    keys = new long[1024];
    Arrays.fill(keys, EMPTY);
    values = new int[1024];
  }

  int size() {
    return size;
  }

  /** Adds {@code delta} to the count of {@code key} (a new key starts at 0); returns the new count. */
  int add(long key, int delta) {
    if (2 * (size + 1) > keys.length) {
      grow();
    }
    int i = slot(keys, key);
    if (keys[i] == EMPTY) {
      keys[i] = key;
      size++;
    }
    values[i] = Math.addExact(values[i], delta);
    return values[i];
  }

  /** The keys, sorted ascending. */
  long[] sortedKeys() {
    long[] out = new long[size];
    int n = 0;
    for (long k : keys) {
      if (k != EMPTY) {
        out[n++] = k;
      }
    }
    Arrays.sort(out);
    return out;
  }

  /** The count of {@code key}, 0 when absent. */
  int get(long key) {
    int i = slot(keys, key);
    return keys[i] == EMPTY ? 0 : values[i];
  }

  private void grow() {
    long[] oldKeys = keys;
    int[] oldValues = values;
    keys = new long[oldKeys.length * 2];
    Arrays.fill(keys, EMPTY);
    values = new int[keys.length];
    for (int j = 0; j < oldKeys.length; j++) {
      if (oldKeys[j] != EMPTY) {
        int i = slot(keys, oldKeys[j]);
        keys[i] = oldKeys[j];
        values[i] = oldValues[j];
      }
    }
  }

  /** The slot holding {@code key}, or the empty slot where it would go. */
  private static int slot(long[] keys, long key) {
    int mask = keys.length - 1;
    // NOTE: Fibonacci hashing, the top bits of key·2^64/φ: keys are base-(V+1) numbers whose low
    // bits alone cluster
    int i = (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(keys.length)));
    while (keys[i] != EMPTY && keys[i] != key) {
      i = (i + 1) & mask;
    }
    return i;
  }
}
