package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;
import java.util.Arrays;

/**
 * GRU over a sequence, gate order r, z, n as in PyTorch:
 *
 * <pre>
 *   r = σ(W_ir x + b_ir + W_hr h + b_hr)      z = σ(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r·(W_hn h + b_hn))
 *   h' = (1 − z)·n + z·h
 * </pre>
 *
 * Local derivatives, with {@code q = W_hn h + b_hn}: {@code da_n = dh'·(1−z)·(1−n²)}, {@code
 * da_z = dh'·(h − n)·z(1−z)}, {@code da_r = da_n·q·r(1−r)}, {@code dq = da_n·r},
 * {@code dh = dh'·z + (recurrent part)}. Because r multiplies q, the n block of the recurrent
 * gradient ({@code dq}) differs from the input one ({@code da_n}), which is kept apart. Saves
 * the gates and q. The gate math of a row is {@link Kernels#gruCell} and {@link
 * Kernels#gruCellBackward}.
 */
final class GruSequenceOp extends SequenceOp {
  /** {@code q = W_hn h + b_hn} per step, {@code [N, H]} blocks at {@link #stepOffset}. */
  private float[] hiddenN;
  /** The input-side n-gate gradient {@code da_n}, {@code [T·N, H]} in processing order. */
  private float[] dn;

  GruSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, Workspace shared) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, null, stateRow, lengths, reverse, lastOnly, shared);
  }

  @Override
  public String name() {
    return "gru";
  }

  @Override
  int recurrentBiasColumns() {
    return 2 * units;
  }

  @Override
  boolean separateRecurrent() {
    return true;
  }

  @Override
  void allocate() {
    hiddenN = ws.get(Workspace.HIDDEN_N, (saving ? steps : 1) * batch * units, false);
  }

  @Override
  void forwardRow(int s, int row) {
    int r = row * units;
    int g = gateOffset(s, row);
    Kernels.gruCell(gates, g, hh, row * gateSize, biasHh.data(), 2 * units, hs, stateOffset(s) + r,
        gates, g, hiddenN, stepOffset(s) + r, hs, stateOffset(s + 1) + r, units);
  }

  @Override
  void beginBackward() {
    // every row of every step is written: by backwardRow, or with zeros by carryBackwardRow
    dn = ws.get(Workspace.DN, steps * batch * units, false);
  }

  @Override
  void carryBackwardRow(int s, int row) {
    // a padded step contributes nothing to dW_ih, db_ih and dx
    int o = (s * batch + row) * units;
    Arrays.fill(dn, o, o + units, 0f);
  }

  @Override
  void backwardRow(int s, int row) {
    int r = row * units;
    int g = gateOffset(s, row);
    Kernels.gruCellBackward(gates, g, hiddenN, stepOffset(s) + r, hs, stateOffset(s) + r, dh, r, gates, g,
        dn, (s * batch + row) * units, dhPrev, r, units);
  }

  @Override
  int inputSideFrom() {
    return 2 * units;
  }

  @Override
  float[] inputSideGradient() {
    return dn;
  }

  @Override
  protected void release() {
    super.release();
    hiddenN = null;
    dn = null;
  }
}
