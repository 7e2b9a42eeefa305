package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * Elman rnn over a sequence: {@code h' = act(a)}, {@code a = W_ih x + b_ih + W_hh h + b_hh}.
 * Local derivative {@code da = dh'·(1 − h'²)} for tanh and {@code da = dh'·[h' > 0]} for relu
 * (0 at a = 0, as in PyTorch). Saves only the states, which the base keeps anyway.
 */
final class RnnSequenceOp extends SequenceOp {
  private final boolean relu;

  RnnSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, boolean relu, Workspace shared) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, null, stateRow, lengths, reverse, lastOnly, shared);
    this.relu = relu;
  }

  @Override
  public String name() {
    return relu ? "rnn-relu" : "rnn-tanh";
  }

  @Override
  void allocate() {}

  @Override
  void forwardRow(int s, int row) {
    int g = gateOffset(s, row);
    int out = stateOffset(s + 1) + row * units;
    if (relu) {
      for (int j = 0; j < units; j++) {
        float a = gates[g + j];
        hs[out + j] = a > 0f ? a : 0f;
      }
    } else {
      Kernels.tanh(gates, g, hs, out, units);
    }
  }

  @Override
  void beginBackward() {}

  @Override
  void backwardRow(int s, int row) {
    int g = gateOffset(s, row);
    int r = row * units;
    int state = stateOffset(s + 1) + r;
    if (relu) {
      for (int j = 0; j < units; j++) {
        gates[g + j] = hs[state + j] > 0f ? dh[r + j] : 0f;
      }
    } else {
      Kernels.tanhBackward(dh, r, hs, state, gates, g, units);
    }
    Arrays.fill(dhPrev, r, r + units, 0f);
  }
}
