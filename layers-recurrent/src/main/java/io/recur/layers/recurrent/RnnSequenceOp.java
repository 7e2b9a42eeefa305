package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;

/**
 * Elman rnn over a sequence: {@code h' = act(a)}, {@code a = W_ih x + b_ih + W_hh h + b_hh}.
 * Local derivative {@code da = dh'·(1 − h'²)} for tanh and {@code da = dh'·[h' > 0]} for relu
 * (0 at a = 0, as in PyTorch). Saves only the states, which the base keeps anyway.
 */
final class RnnSequenceOp extends SequenceOp {
  private final boolean relu;

  RnnSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, boolean relu) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, null, stateRow, lengths, reverse, lastOnly);
    this.relu = relu;
  }

  @Override
  public String name() {
    return relu ? "rnn-relu" : "rnn-tanh";
  }

  @Override
  void allocate() {}

  @Override
  void forwardStep(int s, float[] xp, float[] hh) {
    int h = units;
    int next = (s + 1) * batch * h;
    for (int row = 0; row < batch; row++) {
      if (!active(row, s)) {
        continue;
      }
      int xo = (row * steps + time(row, s)) * gateSize;
      int ho = row * gateSize;
      int out = next + row * h;
      for (int j = 0; j < h; j++) {
        float a = xp[xo + j] + hh[ho + j];
        hs[out + j] = relu ? (a > 0f ? a : 0f) : Kernels.tanh(a);
      }
    }
  }

  @Override
  void beginBackward() {}

  @Override
  void backwardStep(int s, float[] dh, float[] dhPrev, float[] dGx, float[] dGh) {
    int h = units;
    int next = (s + 1) * batch * h;
    for (int row = 0; row < batch; row++) {
      if (!active(row, s)) {
        continue;
      }
      int gx = (row * steps + time(row, s)) * gateSize;
      int gh = (s * batch + row) * gateSize;
      int state = next + row * h;
      for (int j = 0; j < h; j++) {
        float y = hs[state + j];
        float da = relu ? (y > 0f ? dh[row * h + j] : 0f) : dh[row * h + j] * (1f - y * y);
        dGx[gx + j] = da;
        dGh[gh + j] = da;
      }
    }
  }

  @Override
  void endBackward() {}
}
