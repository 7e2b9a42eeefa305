package io.recur.export.onnx;

import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Emits one ONNX {@code RNN}, {@code LSTM} or {@code GRU} node for one layer of a stack (one or
 * both directions) from PyTorch-ordered weights: W {@code [D, G·H, I]}, R {@code [D, G·H, H]} and
 * B {@code [D, 2·G·H]} (the input bias, then the hidden one), gate blocks reordered for ONNX.
 * Layout 0: input {@code [T, N, I]}, outputs Y {@code [T, D, N, H]}, Y_h and Y_c {@code [D, N, H]}.
 */
final class RecurrentNode {
  /** One direction's weights, as Recur (and PyTorch) name them. */
  record Direction(Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh) {}

  /** The node's outputs; {@code yC} is null for rnn and gru. */
  record Outputs(String y, String yH, String yC) {}

  private RecurrentNode() {}

  /**
   * @param input {@code [T, N, I]}
   * @param sequenceLens int32 {@code [N]}, or "" when every row has T steps
   * @param initialH {@code [D, N, H]}, or "" for zeros; likewise {@code initialC}
   * @param rnnActivation for rnn: tanh, relu or identity; ignored for lstm and gru
   */
  static Outputs emit(OnnxGraphBuilder g, String prefix, RecurrentCell cell, int units, List<Direction> directions,
      boolean reverse, String input, String sequenceLens, String initialH, String initialC, String rnnActivation) {
    int d = directions.size();
    int gateRows = cell.gates() * units;
    int in = directions.get(0).weightIh().dim(1);
    float[] w = new float[d * gateRows * in];
    float[] r = new float[d * gateRows * units];
    float[] b = new float[d * 2 * gateRows];
    for (int i = 0; i < d; i++) {
      Direction dir = directions.get(i);
      copy(GateBlocks.reorderGateBlocks(dir.weightIh().data(), units, cell.onnxOrder), w, i * gateRows * in);
      copy(GateBlocks.reorderGateBlocks(dir.weightHh().data(), units, cell.onnxOrder), r, i * gateRows * units);
      // ONNX keeps both biases, like PyTorch: Wb then Rb per direction
      copy(GateBlocks.reorderGateBlocks(dir.biasIh().data(), units, cell.onnxOrder), b, i * 2 * gateRows);
      copy(GateBlocks.reorderGateBlocks(dir.biasHh().data(), units, cell.onnxOrder), b, i * 2 * gateRows + gateRows);
    }
    List<String> inputs = new ArrayList<>(List.of(input,
        g.floats(prefix + ".W", w, d, gateRows, in),
        g.floats(prefix + ".R", r, d, gateRows, units),
        g.floats(prefix + ".B", b, d, 2L * gateRows),
        sequenceLens, initialH));
    if (cell.hasCellState()) {
      inputs.add(initialC);
    }
    // trailing optional inputs left out rather than named ""
    while (inputs.get(inputs.size() - 1).isEmpty()) {
      inputs.remove(inputs.size() - 1);
    }
    List<Attribute> attributes = new ArrayList<>(List.of(
        Attribute.of("hidden_size", (long) units),
        Attribute.of("direction", d == 2 ? "bidirectional" : reverse ? "reverse" : "forward")));
    if (cell == RecurrentCell.GRU) {
      // PyTorch's n = tanh(W_in x + b_in + r·(W_hn h + b_hn)): the reset gate applies after the product
      attributes.add(Attribute.of("linear_before_reset", 1L));
    }
    if (cell == RecurrentCell.RNN) {
      rnnActivation(rnnActivation, d, attributes);
    }
    String[] out = g.nodeWithOutputs(cell.op, prefix, inputs, cell.outputs, attributes.toArray(Attribute[]::new));
    return new Outputs(out[0], out[1], cell.hasCellState() ? out[2] : null);
  }

  /**
   * ONNX's RNN has no identity activation; {@code Affine} with alpha 1 and beta 0 computes
   * 1·x + 0, the same numbers (ONNX Runtime implements Affine for its recurrent operators).
   */
  private static void rnnActivation(String activation, int directions, List<Attribute> attributes) {
    String op = switch (activation) {
      case "tanh" -> "Tanh";
      case "relu" -> "Relu";
      case "identity" -> "Affine";
      default -> throw new IllegalArgumentException("rnn activation '" + activation + "'");
    };
    attributes.add(Attribute.strings("activations", Collections.nCopies(directions, op)));
    if (op.equals("Affine")) {
      float[] alpha = new float[directions];
      java.util.Arrays.fill(alpha, 1f);
      attributes.add(Attribute.floats("activation_alpha", alpha));
      attributes.add(Attribute.floats("activation_beta", new float[directions]));
    }
  }

  private static void copy(float[] from, float[] to, int at) {
    System.arraycopy(from, 0, to, at, from.length);
  }
}
