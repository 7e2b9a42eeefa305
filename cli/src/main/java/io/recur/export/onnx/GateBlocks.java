package io.recur.export.onnx;

/**
 * Reorders the gate blocks of a recurrent weight or bias. Recur's weights follow PyTorch (lstm
 * gates i, f, g, o; gru r, z, n); ONNX's LSTM wants i, o, f, c (c is PyTorch's g) and its GRU
 * z, r, h (h is PyTorch's n). Both lay a weight out as {@code [gates·hidden, columns]}, so a gate is
 * a block of {@code hidden} whole rows and reordering moves blocks of rows.
 */
final class GateBlocks {
  /** ONNX LSTM's i, o, f, c as indices into PyTorch's i, f, g, o. */
  static final int[] LSTM_TO_ONNX = {0, 3, 1, 2};
  /** ONNX GRU's z, r, h as indices into PyTorch's r, z, n. */
  static final int[] GRU_TO_ONNX = {1, 0, 2};
  /** RNN has one gate: nothing moves. */
  static final int[] SAME = {0};

  private GateBlocks() {}

  /**
   * @param weights row-major {@code [order.length·hidden, columns]} (a bias is one column)
   * @param order block {@code j} of the result is block {@code order[j]} of {@code weights}
   */
  static float[] reorderGateBlocks(float[] weights, int hidden, int[] order) {
    int block = weights.length / order.length;
    if (block * order.length != weights.length || block % hidden != 0) {
      throw new IllegalArgumentException(weights.length + " values do not split into " + order.length
          + " gate blocks of " + hidden + " rows");
    }
    float[] out = new float[weights.length];
    for (int j = 0; j < order.length; j++) {
      System.arraycopy(weights, order[j] * block, out, j * block, block);
    }
    return out;
  }
}
