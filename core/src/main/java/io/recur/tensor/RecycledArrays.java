package io.recur.tensor;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Large float arrays handed back once nothing reads them any more, and handed out again, zeroed,
 * to the next op on the same thread that needs one of that length.
 *
 * <p>A batch's activations and gradients take the same lengths batch after batch. A fresh array
 * for each of them is memory the core has not touched for a while (the young generation cycles
 * through hundreds of megabytes), zeroed and then written from main memory; an array handed
 * back a moment ago is still in cache. Only the owners of an array's whole life hand it back:
 * {@link Tensor#backward} an intermediate gradient it is about to drop, and the model a layer's
 * output once the next layer has consumed it with gradients off. Ops take their outputs from
 * here; every array they get is zero-filled, exactly as {@code new float[n]} would be, so an
 * op cannot tell the difference, and neither can the results.
 *
 * <p>Each thread keeps its own arrays (no locking, and no array crosses threads while in use);
 * a thread keeps at most {@value #PER_LENGTH} arrays of a length and {@value #MAX_FLOATS} floats
 * in all, and drops what it is given beyond that to the garbage collector.
 */
public final class RecycledArrays {
  /** Shorter arrays are cheap to allocate, and many: not worth a lookup. */
  static final int MIN_LENGTH = 4096;
  static final int PER_LENGTH = 4;
  static final long MAX_FLOATS = 16L << 20;

  private static final ThreadLocal<RecycledArrays> OF_THREAD = ThreadLocal.withInitial(RecycledArrays::new);

  private final Map<Integer, ArrayDeque<float[]>> free = new HashMap<>();
  private long held;

  private RecycledArrays() {}

  /** A zero-filled array of {@code length}: one handed back on this thread, or a new one. */
  public static float[] zeros(int length) {
    if (length < MIN_LENGTH) {
      return new float[length];
    }
    RecycledArrays mine = OF_THREAD.get();
    ArrayDeque<float[]> same = mine.free.get(length);
    float[] a = same == null ? null : same.poll();
    if (a == null) {
      return new float[length];
    }
    mine.held -= length;
    Arrays.fill(a, 0f);
    return a;
  }

  /**
   * Hands back an array that nothing will read or write again (the caller owned it and drops
   * every reference to it): a later {@link #zeros} of its length on this thread may return it.
   * Null and short arrays are ignored.
   */
  public static void giveBack(float[] array) {
    if (array == null || array.length < MIN_LENGTH) {
      return;
    }
    RecycledArrays mine = OF_THREAD.get();
    if (mine.held + array.length > MAX_FLOATS) {
      return;
    }
    ArrayDeque<float[]> same = mine.free.computeIfAbsent(array.length, n -> new ArrayDeque<>(PER_LENGTH));
    if (same.size() < PER_LENGTH && !holds(same, array)) {
      same.push(array);
      mine.held += array.length;
    }
  }

  /** By identity: an array handed back twice must not be handed out twice. */
  private static boolean holds(ArrayDeque<float[]> arrays, float[] array) {
    for (float[] a : arrays) {
      if (a == array) {
        return true;
      }
    }
    return false;
  }

  /** Floats held for reuse on this thread (for tests). */
  static long heldOnThisThread() {
    return OF_THREAD.get().held;
  }
}
