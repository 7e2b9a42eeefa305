package io.recur.export.onnx;

import io.recur.spi.TypedValue;
import java.util.Locale;

/**
 * The three built-in recurrent cells, their ONNX operator and how their gate blocks move ({@link
 * GateBlocks}). ONNX has an operator for these three only, so a layer of any other registered cell
 * (a plugin's) cannot be exported, whatever layer runs it.
 */
enum RecurrentCell {
  RNN("RNN", GateBlocks.SAME, 2),
  LSTM("LSTM", GateBlocks.LSTM_TO_ONNX, 3),
  GRU("GRU", GateBlocks.GRU_TO_ONNX, 2);

  final String op;
  final int[] onnxOrder;
  /** The operator's outputs: Y, Y_h and, for LSTM, Y_c. */
  final int outputs;

  RecurrentCell(String op, int[] onnxOrder, int outputs) {
    this.op = op;
    this.onnxOrder = onnxOrder;
    this.outputs = outputs;
  }

  int gates() {
    return onnxOrder.length;
  }

  boolean hasCellState() {
    return this == LSTM;
  }

  /** {@code rnn}, {@code lstm}, {@code gru}: Recur's layer type or encoder–decoder {@code cell}. */
  static RecurrentCell of(String type) {
    return valueOf(type.toUpperCase(Locale.ROOT));
  }

  /** The cell of a layer whose {@code cell} param names it ({@code recurrent}, {@code encoder-decoder}). */
  static RecurrentCell ofParam(LayerExport l) {
    return ofName(l, cellParam(l).type());
  }

  /** The cell of a layer named after its cell ({@code lstm}), or of one whose {@code cell} param names it. */
  static RecurrentCell of(LayerExport l) {
    return l.params().asMap().containsKey("cell") ? ofParam(l) : ofName(l, l.type());
  }

  /**
   * The rnn cell's nonlinearity: the layer's own {@code activation} (rnn layers, and the
   * encoder–decoder's key from before cells were types) when it is not the default, else the
   * cell's. {@code tanh} for the gated cells.
   */
  static String activation(LayerExport l) {
    String own = l.param("activation");
    if (own != null && !own.equals("tanh")) {
      return own;
    }
    Object inCell = l.params().asMap().containsKey("cell") ? cellParam(l).params().asMap().get("activation") : null;
    return inCell != null ? inCell.toString() : "tanh";
  }

  private static TypedValue cellParam(LayerExport l) {
    Object cell = l.params().asMap().get("cell");
    if (cell instanceof TypedValue t) {
      return t;
    }
    throw l.error("cannot be exported to ONNX: its cell is " + cell + ", expected a registered cell type");
  }

  private static RecurrentCell ofName(LayerExport l, String name) {
    for (RecurrentCell c : values()) {
      if (c.name().toLowerCase(Locale.ROOT).equals(name)) {
        return c;
      }
    }
    throw l.error("cannot be exported to ONNX: cell '" + name + "' has no ONNX operator; ONNX's recurrent"
        + " operators are those of the built-in cells lstm, gru and rnn");
  }
}
