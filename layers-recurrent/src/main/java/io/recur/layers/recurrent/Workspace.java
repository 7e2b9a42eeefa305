package io.recur.layers.recurrent;

import io.recur.tensor.Gemm;
import java.lang.ref.WeakReference;
import java.util.Arrays;

/**
 * The buffers of one layer-direction's {@link SequenceOp}, kept by the layer and reused from
 * batch to batch, so a training loop allocates its large activations once rather than on every
 * step (less garbage, a smaller heap, no page faults on fresh memory).
 *
 * <p>Ownership: an op {@linkplain #claim claims} the layer's workspace for its lifetime, from
 * forward to the end of its backward (or the end of its forward when it records nothing), and
 * gives it back in {@link #free}. An op that finds it still claimed (a second forward before the
 * first one's backward) works in a fresh private workspace instead, so sharing is never unsafe,
 * only sometimes unused. The owner is held weakly: an op that was recorded but will never see a
 * backward (an evaluation forward outside {@link io.recur.tensor.Tensor#noGrad()}) frees the
 * workspace once its graph is garbage. Not thread-safe, like the layer.
 */
final class Workspace {
  /** Slots: one per kind of buffer a sequence op uses. */
  static final int INPUTS = 0;
  static final int PROJECTION = 1;
  static final int STATES = 2;
  static final int CELLS = 3;
  /** What the cell keeps per step for its backward ({@link io.recur.spi.RecurrentCell#savedBlocks()}). */
  static final int SAVED = 4;
  static final int RECURRENT = 5;
  static final int DH = 6;
  static final int DH_PREV = 7;
  static final int DC = 8;
  static final int DC_PREV = 9;
  /** The input-side gradient of a cell's separate blocks. */
  static final int INPUT_SIDE = 10;
  static final int INPUT_GRADIENT = 11;
  static final int BIAS = 12;
  static final int WEIGHT_T = 13;
  /** The pre-activations of each kind of input row (one-hot inputs, few distinct rows). */
  static final int INPUT_TABLE = 14;
  /** A chunk's gradients of the outputs, step-major ({@link SequenceOp} gathers them per chunk). */
  static final int OUTPUT_GRADIENT = 15;
  private static final int SLOTS = 16;

  private final float[][] buffers = new float[SLOTS][];
  private WeakReference<Object> owner;
  /** The recurrent weight packed for {@code h·W_hhᵀ} (forward). */
  final PackedWeight recurrentWeight = new PackedWeight();
  /** The recurrent weight packed for {@code dG·W_hh} (backward). */
  Gemm.Packed packedBackward;
  /** The input weight packed for the input projection. */
  final PackedWeight inputWeight = new PackedWeight();
  /**
   * The input weight's rows packed for {@code dX = dG·W_ih} in the backward (those of the gates
   * that sum both sides, then a cell's separate input-side blocks): packed once per backward, not
   * once per chunk of steps.
   */
  Gemm.Packed packedInputGradient;
  Gemm.Packed packedInputGradientRest;
  /**
   * At most this many pre-activation floats per projection chunk (at least one step): 256 Ki
   * floats, 1 MiB, stay in this machine's L2 and L3 between the projection and the time loop
   * (docs/benchmarks.md). Tests lower it to run many chunks.
   */
  long chunkFloats = 256 * 1024;
  /**
   * At most this many floats of W_hh ({@code H·G}), the forward's tasks take their rows through
   * whole chunks of steps (4 MiB, a 512-unit lstm's: it stays in the last-level cache, from which
   * each thread then reads all of it at every step). On the 2-core Zen 5 of docs/benchmarks.md
   * that beat two hand-offs per step for the 512-unit lstm at 2 threads (forward 3%, training
   * 6%); larger weights, which no cache there holds, keep the split by columns. Tests lower it
   * to take small layers down both paths.
   */
  long cachedWeightFloats = 1024 * 1024;
  /**
   * Whether one-hot inputs take the index path (a column of W_ih per row instead of a product
   * with mostly zeros; the same bits). Tests turn it off to compare with the product.
   */
  boolean oneHotInputs = true;
  /**
   * Whether inputs with few distinct rows project each distinct row once ({@link DistinctRows};
   * the same bits). Tests turn it off to compare with the product.
   */
  boolean distinctInputs = true;

  /** This workspace if it is free (now claimed by {@code op}), else a fresh private one. */
  Workspace claim(Object op) {
    if (owner == null || owner.get() == null) {
      owner = new WeakReference<>(op);
      return this;
    }
    Workspace fresh = new Workspace();
    fresh.owner = new WeakReference<>(op);
    fresh.oneHotInputs = oneHotInputs;
    fresh.distinctInputs = distinctInputs;
    fresh.chunkFloats = chunkFloats;
    fresh.cachedWeightFloats = cachedWeightFloats;
    return fresh;
  }

  /** Gives the workspace back if {@code op} holds it. */
  void free(Object op) {
    if (owner != null && owner.get() == op) {
      owner = null;
    }
  }

  /**
   * A buffer of at least {@code size} floats for {@code slot}; its first {@code size} values
   * are zero when {@code zero}, else whatever the previous user left.
   */
  float[] get(int slot, int size, boolean zero) {
    float[] b = buffers[slot];
    if (b == null || b.length < size) {
      b = new float[size];
      buffers[slot] = b;
    } else if (zero) {
      Arrays.fill(b, 0, size, 0f);
    }
    return b;
  }
}
