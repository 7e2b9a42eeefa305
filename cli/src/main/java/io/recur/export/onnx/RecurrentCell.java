package io.recur.export.onnx;

import java.util.Locale;

/** The three recurrent cells, their ONNX operator and how their gate blocks move ({@link GateBlocks}). */
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
}
