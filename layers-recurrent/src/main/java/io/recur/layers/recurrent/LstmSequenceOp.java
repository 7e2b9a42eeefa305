package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Tensor;

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
 * states and {@code tanh c'}, so backward evaluates no transcendental function.
 */
final class LstmSequenceOp extends SequenceOp {
  /** The learned initial cell state, or null for zeros. */
  private final Tensor c0;
  /** Activated gates i, f, g, o per step, time-major: block s is {@code [N, 4H]}. */
  private float[] gates;
  /** Cell states in processing order, like {@link #hs}: block s enters step s, block T is final. */
  private float[] cs;
  /** {@code tanh(c')} per step, block s is {@code [N, H]}. */
  private float[] tanhC;
  private float[] dc;
  private float[] dcPrev;

  LstmSequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, Tensor c0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly) {
    super(x, weightIh, weightHh, biasIh, biasHh, h0, c0, stateRow, lengths, reverse, lastOnly);
    this.c0 = c0;
  }

  @Override
  public String name() {
    return "lstm";
  }

  @Override
  void allocate() {
    int nh = batch * units;
    gates = new float[steps * batch * gateSize];
    cs = new float[(steps + 1) * nh];
    tanhC = new float[steps * nh];
    fillInitialState(cs, c0);
  }

  @Override
  void forwardStep(int s, float[] xp, float[] hh) {
    int h = units;
    int nh = batch * h;
    int prev = s * nh;
    int next = prev + nh;
    for (int row = 0; row < batch; row++) {
      int r = row * h;
      if (!active(row, s)) {
        System.arraycopy(cs, prev + r, cs, next + r, h);
        continue;
      }
      int xo = (row * steps + time(row, s)) * gateSize;
      int ho = row * gateSize;
      int go = (s * batch + row) * gateSize;
      for (int j = 0; j < h; j++) {
        float i = Kernels.sigmoid(xp[xo + j] + hh[ho + j]);
        float f = Kernels.sigmoid(xp[xo + h + j] + hh[ho + h + j]);
        float g = Kernels.tanh(xp[xo + 2 * h + j] + hh[ho + 2 * h + j]);
        float o = Kernels.sigmoid(xp[xo + 3 * h + j] + hh[ho + 3 * h + j]);
        float c = f * cs[prev + r + j] + i * g;
        float tc = Kernels.tanh(c);
        gates[go + j] = i;
        gates[go + h + j] = f;
        gates[go + 2 * h + j] = g;
        gates[go + 3 * h + j] = o;
        cs[next + r + j] = c;
        tanhC[prev + r + j] = tc;
        hs[next + r + j] = o * tc;
      }
    }
  }

  /** Copies every row's final cell state {@code [N, H]} to {@code dst} at {@code offset}. */
  void copyFinalCell(float[] dst, int offset) {
    System.arraycopy(cs, steps * batch * units, dst, offset, batch * units);
  }

  @Override
  void beginBackward() {
    dc = new float[batch * units];
    dcPrev = new float[batch * units];
  }

  @Override
  void backwardStep(int s, float[] dh, float[] dhPrev, float[] dGx, float[] dGh) {
    int h = units;
    int prev = s * batch * h;
    for (int row = 0; row < batch; row++) {
      int r = row * h;
      if (!active(row, s)) {
        System.arraycopy(dc, r, dcPrev, r, h);
        continue;
      }
      int gx = (row * steps + time(row, s)) * gateSize;
      int go = (s * batch + row) * gateSize;
      for (int j = 0; j < h; j++) {
        float i = gates[go + j];
        float f = gates[go + h + j];
        float g = gates[go + 2 * h + j];
        float o = gates[go + 3 * h + j];
        float tc = tanhC[prev + r + j];
        float dhj = dh[r + j];
        float dct = dc[r + j] + dhj * o * (1f - tc * tc);
        float dai = dct * g * i * (1f - i);
        float daf = dct * cs[prev + r + j] * f * (1f - f);
        float dag = dct * i * (1f - g * g);
        float dao = dhj * tc * o * (1f - o);
        dGx[gx + j] = dai;
        dGx[gx + h + j] = daf;
        dGx[gx + 2 * h + j] = dag;
        dGx[gx + 3 * h + j] = dao;
        dGh[go + j] = dai;
        dGh[go + h + j] = daf;
        dGh[go + 2 * h + j] = dag;
        dGh[go + 3 * h + j] = dao;
        dcPrev[r + j] = dct * f;
      }
    }
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
    gates = null;
    cs = null;
    tanhC = null;
    dc = null;
    dcPrev = null;
  }
}
