package io.recur.layers.recurrent;

/**
 * The recurrent cells of the family, with PyTorch's gate layout. {@link #gateSize(int)} sets
 * every weight shape: {@code weight_ih [G, I]}, {@code weight_hh [G, H]}, biases {@code [G]}.
 */
enum Cell {
  /** {@code h' = act(W_ih x + b_ih + W_hh h + b_hh)}; one gate block. */
  RNN("rnn", 1, false),
  /** Gates i, f, g, o; also carries the cell state c. */
  LSTM("lstm", 4, true),
  /** Gates r, z, n. */
  GRU("gru", 3, false);

  private final String typeName;
  private final int gateBlocks;
  private final boolean cellState;

  Cell(String typeName, int gateBlocks, boolean cellState) {
    this.typeName = typeName;
    this.gateBlocks = gateBlocks;
    this.cellState = cellState;
  }

  /** The YAML type name: {@code rnn}, {@code lstm}, {@code gru}. */
  String typeName() {
    return typeName;
  }

  /** G: H for rnn, 4H for lstm, 3H for gru (PyTorch's {@code gate_size}). */
  int gateSize(int units) {
    return gateBlocks * units;
  }

  /** True for lstm, which has {@code c0}/{@code c_n} besides {@code h0}/{@code h_n}. */
  boolean hasCellState() {
    return cellState;
  }
}
