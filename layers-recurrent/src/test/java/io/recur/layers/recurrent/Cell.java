package io.recur.layers.recurrent;

import io.recur.spi.RecurrentCell;

/** The three built-in cells, for tests that run every one of them through the shared machinery. */
enum Cell {
  RNN,
  LSTM,
  GRU;

  /** A fresh cell: the tanh rnn, the lstm or the gru. */
  RecurrentCell cell() {
    return switch (this) {
      case RNN -> new RnnCell(RnnCell.Activation.TANH);
      case LSTM -> new LstmCell();
      case GRU -> new GruCell();
    };
  }

  /** The type name, the ops' name on the tape. */
  String typeName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  int gateSize(int units) {
    return CellStack.gateSize(cell(), units);
  }

  boolean hasCellState() {
    return cell().hasCellState();
  }
}
