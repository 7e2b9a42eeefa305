package io.recur.spi;

/**
 * The buffers of one time step, as a {@link RecurrentCell} sees them: flat float arrays, each with
 * the offset of a batch row's H (or G) values. Offsets are for the current step; arrays may be
 * shared between rows and steps, so a cell touches exactly its row's range. Handed in by the
 * recurrent layer (or a test kit); not thread-safe to keep, valid only during the call.
 */
public interface CellStep {
  /** H, the features of the hidden state. */
  int units();

  /** Pre-activations, then what the cell leaves there, {@code [G]} per row at {@link #gatesAt}. */
  float[] gates();

  int gatesAt(int row);

  /** {@code W_hh·h_prev} without bias, {@code [G]} per row; only for cells with separate blocks. */
  float[] hidden();

  int hiddenAt(int row);

  /** {@code b_hh}, {@code [G]} at offset 0; only for cells with separate blocks. */
  float[] recurrentBias();

  /** The hidden state entering the step, {@code [H]} per row. */
  float[] hPrev();

  int hPrevAt(int row);

  /** The hidden state leaving the step: the cell writes it in forward. */
  float[] h();

  int hAt(int row);

  /** The cell state entering the step; only for cells with {@link RecurrentCell#hasCellState()}. */
  float[] cPrev();

  int cPrevAt(int row);

  /** The cell state leaving the step. */
  float[] c();

  int cAt(int row);

  /** {@link RecurrentCell#savedBlocks()}·H floats per row kept from forward to backward. */
  float[] saved();

  int savedAt(int row);

  /** Backward: the total gradient of {@link #h()}, {@code [H]} per row; read only. */
  float[] dh();

  int dhAt(int row);

  /** Backward: the gradient of {@link #c()}; read only. */
  float[] dc();

  int dcAt(int row);

  /** Backward: the cell writes the direct gradient of {@link #hPrev()} here. */
  float[] dhPrev();

  int dhPrevAt(int row);

  /** Backward: the cell writes the gradient of {@link #cPrev()} here. */
  float[] dcPrev();

  int dcPrevAt(int row);

  /** Backward: the input-side gradient of the separate blocks, {@code separateBlocks·H} per row. */
  float[] dInput();

  int dInputAt(int row);
}
