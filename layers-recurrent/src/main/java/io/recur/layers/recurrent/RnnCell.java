package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.CellFactory;
import io.recur.spi.CellStep;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Kernels;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The Elman cell: {@code h' = act(a)}, {@code a = W_ih x + b_ih + W_hh h + b_hh}, one gate block.
 * Local derivative {@code da = dh'·(1 − h'²)} for tanh, {@code da = dh'·[h' > 0]} for relu (0 at
 * a = 0, as in PyTorch) and {@code da = dh'} for identity (the linear RNN of seed 004). Keeps
 * nothing but the states.
 */
final class RnnCell implements RecurrentCell {
  static final ParamSpec<String> ACTIVATION = ParamSpec.ofChoice("activation", "tanh", "relu", "identity")
      .byDefault("tanh")
      .doc("nonlinearity of the rnn cell; identity makes a linear RNN");

  /** The cell's nonlinearity, by its YAML name. */
  enum Activation {
    TANH, RELU, IDENTITY;

    static Activation of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT));
    }
  }

  private static final List<String> GATES = List.of("h");

  private final Activation activation;

  RnnCell(Activation activation) {
    this.activation = requireNonNull(activation, "activation is null");
  }

  static CellFactory factory() {
    return new BuiltInCellFactory("rnn", "Elman cell h' = act(W_ih x + b_ih + W_hh h + b_hh), PyTorch's nn.RNN",
        List.of(ACTIVATION), p -> new RnnCell(Activation.of(p.get(ACTIVATION))));
  }

  /** {@code activation=relu} or {@code activation=identity}; empty for the default tanh. */
  @Override
  public String options() {
    return activation == Activation.TANH ? "" : "activation=" + activation.name().toLowerCase(Locale.ROOT);
  }

  @Override
  public List<String> gates() {
    return GATES;
  }

  @Override
  public void forward(CellStep step, int row) {
    int units = step.units();
    float[] gates = step.gates();
    int g = step.gatesAt(row);
    float[] hs = step.h();
    int out = step.hAt(row);
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
  public void backward(CellStep step, int row) {
    int units = step.units();
    float[] gates = step.gates();
    int g = step.gatesAt(row);
    float[] hs = step.h();
    int state = step.hAt(row);
    float[] dh = step.dh();
    int r = step.dhAt(row);
    switch (activation) {
      case RELU -> {
        for (int j = 0; j < units; j++) {
          gates[g + j] = hs[state + j] > 0f ? dh[r + j] : 0f;
        }
      }
      case IDENTITY -> System.arraycopy(dh, r, gates, g, units);
      case TANH -> Kernels.tanhBackward(dh, r, hs, state, gates, g, units);
    }
    int d = step.dhPrevAt(row);
    Arrays.fill(step.dhPrev(), d, d + units, 0f);
  }
}
