package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * Elman rnn over a sequence: {@code h' = act(a)}, {@code a = W_ih x + b_ih + W_hh h + b_hh}.
 * Local derivative {@code da = dh'·(1 − h'²)} for tanh, {@code da = dh'·[h' > 0]} for relu
 * (0 at a = 0, as in PyTorch) and {@code da = dh'} for identity (the linear RNN of seed 004).
 * Saves only the states, which the base keeps anyway.
 */
final class RnnSequenceOp extends SequenceOp {
  /** The cell's nonlinearity, by its YAML name. */
  enum Activation {
    TANH, RELU, IDENTITY;

    String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Activation of(String key) {
      return valueOf(key.toUpperCase(java.util.Locale.ROOT));
    }
  }

  private final Activation activation;

  RnnSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, Activation activation,
      Workspace shared) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, null, stateRow, lengths, reverse, lastOnly, shared);
    this.activation = activation;
  }

  @Override
  public String name() {
    return "rnn-" + activation.key();
  }

  @Override
  void allocate() {}

  @Override
  void forwardRow(int s, int row) {
    int g = gateOffset(s, row);
    int out = stateOffset(s + 1) + row * units;
    switch (activation) {
      case RELU -> {
        for (int j = 0; j < units; j++) {
          float a = gates[g + j];
          hs[out + j] = a > 0f ? a : 0f;
        }
      }
      case IDENTITY -> System.arraycopy(gates, g, hs, out, units);
      case TANH -> Kernels.tanh(gates, g, hs, out, units);
    }
  }

  @Override
  void beginBackward() {}

  @Override
  void backwardRow(int s, int row) {
    int g = gateOffset(s, row);
    int r = row * units;
    int state = stateOffset(s + 1) + r;
    switch (activation) {
      case RELU -> {
        for (int j = 0; j < units; j++) {
          gates[g + j] = hs[state + j] > 0f ? dh[r + j] : 0f;
        }
      }
      case IDENTITY -> System.arraycopy(dh, r, gates, g, units);
      case TANH -> Kernels.tanhBackward(dh, r, hs, state, gates, g, units);
    }
    Arrays.fill(dhPrev, r, r + units, 0f);
  }
}
