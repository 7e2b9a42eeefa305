package io.recur.layers.recurrent;

import io.recur.tensor.Gemm;
import io.recur.tensor.Tensor;

/**
 * A weight {@code [n, k]} packed as the right-hand side of {@code x·weightᵀ}: packed again at
 * every call, since training changes the weight between forwards, but kept while the weight is
 * {@linkplain Tensor#frozen() frozen} (a loaded model's, which a one-token step of generation
 * would otherwise pack at every token). Reuses its buffer from call to call. Not thread-safe,
 * like the {@link Workspace} that holds it.
 */
final class PackedWeight {
  private Gemm.Packed packed;
  /** The frozen data {@link #packed} holds, else null. */
  private float[] frozenFrom;

  Gemm.Packed of(Tensor weight, int k, int n) {
    if (frozenFrom != weight.data()) {
      packed = Gemm.pack(true, k, n, weight.data(), 0, k, packed);
    }
    frozenFrom = weight.frozen() ? weight.data() : null;
    return packed;
  }
}
