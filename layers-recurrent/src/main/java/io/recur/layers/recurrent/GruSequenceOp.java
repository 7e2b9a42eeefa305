package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;

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
 * gradient ({@code dq}) differs from the input one ({@code da_n}). Saves the gates and q.
 */
final class GruSequenceOp extends SequenceOp {
  /** Activated gates r, z, n per step, time-major: block s is {@code [N, 3H]}. */
  private float[] gates;
  /** {@code q = W_hn h + b_hn} per step, block s is {@code [N, H]}. */
  private float[] hiddenN;

  GruSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, null, stateRow, lengths, reverse, lastOnly);
  }

  @Override
  public String name() {
    return "gru";
  }

  @Override
  void allocate() {
    gates = new float[steps * batch * gateSize];
    hiddenN = new float[steps * batch * units];
  }

  @Override
  void forwardStep(int s, float[] xp, float[] hh) {
    int h = units;
    int prev = s * batch * h;
    int next = prev + batch * h;
    for (int row = 0; row < batch; row++) {
      if (!active(row, s)) {
        continue;
      }
      int r = row * h;
      int xo = (row * steps + time(row, s)) * gateSize;
      int ho = row * gateSize;
      int go = (s * batch + row) * gateSize;
      for (int j = 0; j < h; j++) {
        float rg = Kernels.sigmoid(xp[xo + j] + hh[ho + j]);
        float z = Kernels.sigmoid(xp[xo + h + j] + hh[ho + h + j]);
        float q = hh[ho + 2 * h + j];
        float n = Kernels.tanh(xp[xo + 2 * h + j] + rg * q);
        gates[go + j] = rg;
        gates[go + h + j] = z;
        gates[go + 2 * h + j] = n;
        hiddenN[prev + r + j] = q;
        hs[next + r + j] = (1f - z) * n + z * hs[prev + r + j];
      }
    }
  }

  @Override
  void beginBackward() {}

  @Override
  void backwardStep(int s, float[] dh, float[] dhPrev, float[] dGx, float[] dGh) {
    int h = units;
    int prev = s * batch * h;
    for (int row = 0; row < batch; row++) {
      if (!active(row, s)) {
        continue;
      }
      int r = row * h;
      int gx = (row * steps + time(row, s)) * gateSize;
      int go = (s * batch + row) * gateSize;
      for (int j = 0; j < h; j++) {
        float rg = gates[go + j];
        float z = gates[go + h + j];
        float n = gates[go + 2 * h + j];
        float q = hiddenN[prev + r + j];
        float dhj = dh[r + j];
        float dan = dhj * (1f - z) * (1f - n * n);
        float daz = dhj * (hs[prev + r + j] - n) * z * (1f - z);
        float dar = dan * q * rg * (1f - rg);
        dGx[gx + j] = dar;
        dGx[gx + h + j] = daz;
        dGx[gx + 2 * h + j] = dan;
        dGh[go + j] = dar;
        dGh[go + h + j] = daz;
        dGh[go + 2 * h + j] = dan * rg;
        dhPrev[r + j] += dhj * z;
      }
    }
  }

  @Override
  void endBackward() {}

  @Override
  protected void release() {
    super.release();
    gates = null;
    hiddenN = null;
  }
}
