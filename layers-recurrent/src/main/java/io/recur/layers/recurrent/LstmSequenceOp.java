package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * LSTM over a sequence, gate order i, f, g, o as in PyTorch:
 *
 * <pre>
 *   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)     a = W_ih x + b_ih + W_hh h + b_hh
 *   c' = f·c + i·g        h' = o·tanh(c')
 * </pre>
 *
 * Local derivatives, with {@code dc'} the total gradient of c' ({@code dc_next + dh'·o·(1 −
 * tanh²c')}): {@code da_i = dc'·g·i(1−i)}, {@code da_f = dc'·c·f(1−f)}, {@code da_g = dc'·i·(1−g²)},
 * {@code da_o = dh'·tanh c'·o(1−o)}, {@code dc = dc'·f}. Saves the activated gates, the cell
 * states and {@code tanh c'}, so backward evaluates no transcendental function. The gate math of
 * a row is {@link Kernels#lstmCell} and {@link Kernels#lstmCellBackward}.
 */
final class LstmSequenceOp extends SequenceOp {
  /** The learned initial cell state, or null for zeros. */
  private final Tensor c0;
  /** Cell states, blocked like {@link #hs}. */
  private float[] cs;
  /** {@code tanh(c')} per step, {@code [N, H]} blocks at {@link #stepOffset}. */
  private float[] tanhC;
  private float[] dc;
  private float[] dcPrev;

  LstmSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, Tensor c0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, Workspace shared) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, c0, stateRow, lengths, reverse, lastOnly, shared);
    this.c0 = c0;
  }

  @Override
  public String name() {
    return "lstm";
  }

  @Override
  void allocate() {
    int nh = batch * units;
    cs = ws.get(Workspace.CELLS, (saving ? steps + 1 : 2) * nh, false);
    tanhC = ws.get(Workspace.TANH_CELLS, (saving ? steps : 1) * nh, false);
    fillInitialState(cs, c0);
  }

  @Override
  void forwardRow(int s, int row) {
    int h = units;
    int g = gateOffset(s, row);
    int r = row * h;
    Kernels.sigmoid(gates, g, gates, g, 2 * h);
    Kernels.tanh(gates, g + 2 * h, gates, g + 2 * h, h);
    Kernels.sigmoid(gates, g + 3 * h, gates, g + 3 * h, h);
    int next = stateOffset(s + 1) + r;
    Kernels.lstmCell(gates, g, cs, stateOffset(s) + r, cs, next, tanhC, stepOffset(s) + r, hs, next, h);
  }

  @Override
  void carryRow(int s, int row) {
    int r = row * units;
    System.arraycopy(cs, stateOffset(s) + r, cs, stateOffset(s + 1) + r, units);
  }

  @Override
  void copyFinalCell(float[] dst, int offset) {
    System.arraycopy(cs, stateOffset(steps), dst, offset, batch * units);
  }

  @Override
  void beginBackward() {
    dc = ws.get(Workspace.DC, batch * units, true);
    dcPrev = ws.get(Workspace.DC_PREV, batch * units, false);
    if (dFinalCell != null) {
      Kernels.addInto(dFinalCell, 0, dc, 0, batch * units);
    }
  }

  @Override
  void backwardRow(int s, int row) {
    int r = row * units;
    int g = gateOffset(s, row);
    // the gradients overwrite the gates they are computed from, element by element
    Kernels.lstmCellBackward(gates, g, cs, stateOffset(s) + r, tanhC, stepOffset(s) + r, dh, r, dc, r,
        gates, g, dcPrev, r, units);
    Arrays.fill(dhPrev, r, r + units, 0f);
  }

  @Override
  void carryBackwardRow(int s, int row) {
    int r = row * units;
    System.arraycopy(dc, r, dcPrev, r, units);
  }

  @Override
  void endBackwardStep() {
    float[] swap = dc;
    dc = dcPrev;
    dcPrev = swap;
  }

  @Override
  void endBackward() {
    if (c0 != null && c0.requiresGrad()) {
      addRowsInto(dc, c0.gradBuffer());
    }
  }

  @Override
  protected void release() {
    super.release();
    cs = null;
    tanhC = null;
    dc = null;
    dcPrev = null;
  }
}
