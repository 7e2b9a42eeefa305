package io.recur.layers.recurrent;

import io.recur.tensor.Kernels;
import io.recur.tensor.Node;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One direction of one layer of a recurrent layer, over a whole batch of sequences, as a single
 * autodiff op with a hand-written backward through time. The cell subclasses ({@link
 * RnnSequenceOp}, {@link LstmSequenceOp}, {@link GruSequenceOp}) give the gate math of one step
 * forward and backward; this class owns everything the cells share.
 *
 * <p>Forward: the input projection {@code X·W_ihᵀ + b_ih} of every step is one matmul {@code
 * [N·T, I] × [I, G]}; each step then adds only {@code h·W_hhᵀ + b_hh} and runs the fused gate
 * math. Backward: the gate gradients of every step are kept, so {@code dW_ih}, {@code db_ih},
 * {@code dX}, {@code dW_hh} and {@code db_hh} are each one matmul (or row sum) over all steps at
 * the end; only {@code dh_{s} = dG_s · W_hh} runs per step.
 *
 * <p>Variable lengths: row {@code n} is real for its first {@code lengths[n]} steps. Steps are
 * taken in processing order {@code s = 0 … T−1}; a row is active while {@code s < lengths[n]},
 * at time {@code t = s} (forward) or {@code t = lengths[n] − 1 − s} (reverse, so the backward
 * direction starts at each sequence's own end, like PyTorch's packed sequences). An inactive row
 * carries its state unchanged, so the final state block is each row's state at its true end, and
 * its output at padded times stays 0. Its gate gradients stay 0 and its state gradient is
 * carried back unchanged.
 *
 * <p>Layout: the input projection and its gradient are batch-major like X (row {@code n·T + t});
 * states, gates and the recurrent gradients are time-major in processing order (block {@code s}
 * holds the N rows of step s), so one step's rows are contiguous for {@code h·W_hhᵀ}, and the
 * states {@code h_0 … h_{T−1}} that feed steps {@code 0 … T−1} form one {@code [T·N, H]} block
 * for the single {@code dW_hh} product. Every buffer is allocated once per call, none inside the
 * time loop.
 *
 * <p>Inputs in order: {@code x [N, T, I]}, {@code weight_ih [G, I]}, {@code weight_hh [G, H]},
 * {@code bias_ih [G]}, {@code bias_hh [G]}, then the learned {@code h0 [L·D, H]} (and {@code c0})
 * when present, of which row {@code stateRow} is this layer-direction's initial state.
 */
abstract class SequenceOp extends Node {
  final int batch;
  final int steps;
  final int inputSize;
  final int units;
  final int gateSize;
  final int[] lengths;
  final boolean reverse;
  final boolean lastOnly;
  final int stateRow;
  final Tensor x;
  final Tensor weightIh;
  final Tensor weightHh;
  final Tensor biasIh;
  final Tensor biasHh;
  /** The learned initial hidden state, or null for zeros. */
  final Tensor h0;

  /**
   * Hidden states in processing order: block {@code s} (N·H values) is the state entering step
   * s; block T is the final state of every row.
   */
  float[] hs;

  SequenceOp(Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh, Tensor h0,
      Tensor c0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly) {
    super(present(x, weightIh, weightHh, biasIh, biasHh, h0, c0));
    this.x = x;
    this.weightIh = weightIh;
    this.weightHh = weightHh;
    this.biasIh = biasIh;
    this.biasHh = biasHh;
    this.h0 = h0;
    this.batch = x.dim(0);
    this.steps = x.dim(1);
    this.inputSize = x.dim(2);
    this.units = weightHh.dim(1);
    this.gateSize = weightHh.dim(0);
    this.lengths = lengths;
    this.reverse = reverse;
    this.lastOnly = lastOnly;
    this.stateRow = stateRow;
  }

  private static Tensor[] present(Tensor... tensors) {
    List<Tensor> in = new ArrayList<>();
    for (Tensor t : tensors) {
      if (t != null) {
        in.add(t);
      }
    }
    return in.toArray(new Tensor[0]);
  }

  /** The time index of processing step {@code s} for {@code row}; valid only while active. */
  final int time(int row, int s) {
    return reverse ? lengths[row] - 1 - s : s;
  }

  final boolean active(int row, int s) {
    return s < lengths[row];
  }

  // ------------------------------------------------------------------ forward

  /** Allocates the cell's saved buffers and fills its initial state (e.g. c0); called once per forward. */
  abstract void allocate();

  /**
   * One step for the active rows: reads the input projection {@code xp} (batch-major, b_ih
   * included) and {@code hh = h_s·W_hhᵀ + b_hh} ({@code [N, G]}), writes state block s + 1 and
   * saves what backward needs. Inactive rows are carried by the caller.
   */
  abstract void forwardStep(int s, float[] xp, float[] hh);

  /**
   * Runs the whole sequence and records this op. Returns {@code [N, T, H]} outputs (0 at padded
   * times) or, with {@code lastOnly}, the final states {@code [N, H]}.
   */
  final Tensor forward() {
    int rows = batch * steps;
    int nh = batch * units;
    float[] xp = new float[rows * gateSize];
    Kernels.matmulTransB(x.data(), 0, weightIh.data(), 0, xp, 0, rows, inputSize, gateSize, false);
    Kernels.addRowVector(biasIh.data(), xp, rows, gateSize);
    // transposed once per sequence: matmulTransB would allocate a transpose on every step
    float[] whhT = Kernels.transpose(weightHh.data(), 0, gateSize, units);
    float[] bhh = biasHh.data();

    hs = new float[(steps + 1) * nh];
    fillInitialState(hs, h0);
    allocate();
    float[] hh = new float[batch * gateSize];
    float[] out = new float[lastOnly ? nh : rows * units];
    for (int s = 0; s < steps; s++) {
      for (int row = 0; row < batch; row++) {
        System.arraycopy(bhh, 0, hh, row * gateSize, gateSize);
      }
      Kernels.matmul(hs, s * nh, whhT, 0, hh, 0, batch, units, gateSize, true);
      forwardStep(s, xp, hh);
      int prev = s * nh;
      int next = prev + nh;
      for (int row = 0; row < batch; row++) {
        if (!active(row, s)) {
          System.arraycopy(hs, prev + row * units, hs, next + row * units, units);
        } else if (!lastOnly) {
          System.arraycopy(hs, next + row * units, out, (row * steps + time(row, s)) * units, units);
        }
      }
    }
    if (lastOnly) {
      System.arraycopy(hs, steps * nh, out, 0, nh);
    }
    Tensor output = lastOnly ? Tensor.of(out, batch, units) : Tensor.of(out, batch, steps, units);
    return Tensor.record(this, output);
  }

  /** Copies row {@code stateRow} of {@code init} into every batch row of block 0, or leaves zeros. */
  final void fillInitialState(float[] states, Tensor init) {
    if (init == null) {
      return;
    }
    for (int row = 0; row < batch; row++) {
      System.arraycopy(init.data(), stateRow * units, states, row * units, units);
    }
  }

  /** Copies every row's final hidden state {@code [N, H]} to {@code dst} at {@code offset}. */
  final void copyFinalHidden(float[] dst, int offset) {
    System.arraycopy(hs, steps * batch * units, dst, offset, batch * units);
  }

  // ------------------------------------------------------------------ backward

  /** Allocates the cell's backward scratch (e.g. the cell-state gradient); called once per backward. */
  abstract void beginBackward();

  /**
   * One step back for the active rows. {@code dh} is the gradient of state block s + 1. Writes
   * the pre-activation gate gradients into {@code dGx} (row {@code n·T + t}, for W_ih, b_ih and
   * x) and {@code dGh} (block s, for W_hh, b_hh and h_s; they differ only for the gru's n gate),
   * and adds any direct path from h_s to h_{s+1} (the gru's {@code z·h}) into {@code dhPrev}. The
   * caller then adds {@code dG_hh·W_hh} to {@code dhPrev} and carries inactive rows.
   */
  abstract void backwardStep(int s, float[] dh, float[] dhPrev, float[] dGx, float[] dGh);

  /** Adds the gradient of the cell's own initial state (c0) once the time loop is done. */
  abstract void endBackward();

  @Override
  protected final void backward(float[] dOut) {
    int nh = batch * units;
    int rows = batch * steps;
    float[] dGx = new float[rows * gateSize];
    float[] dGh = new float[steps * batch * gateSize];
    float[] dh = new float[nh];
    float[] dhPrev = new float[nh];
    float[] whh = weightHh.data();
    if (lastOnly) {
      System.arraycopy(dOut, 0, dh, 0, nh);
    }
    beginBackward();
    for (int s = steps - 1; s >= 0; s--) {
      Arrays.fill(dhPrev, 0f);
      for (int row = 0; row < batch; row++) {
        int r = row * units;
        if (!active(row, s)) {
          System.arraycopy(dh, r, dhPrev, r, units);
        } else if (!lastOnly) {
          Kernels.addInto(dOut, (row * steps + time(row, s)) * units, dh, r, units);
        }
      }
      backwardStep(s, dh, dhPrev, dGx, dGh);
      Kernels.matmul(dGh, s * batch * gateSize, whh, 0, dhPrev, 0, batch, gateSize, units, true);
      float[] swap = dh;
      dh = dhPrev;
      dhPrev = swap;
    }
    if (h0 != null && h0.requiresGrad()) {
      addRowsInto(dh, h0.gradBuffer());
    }
    endBackward();

    if (weightIh.requiresGrad()) {
      Kernels.matmulTransA(dGx, 0, x.data(), 0, weightIh.gradBuffer(), 0, gateSize, rows, inputSize, true);
    }
    if (biasIh.requiresGrad()) {
      Kernels.sumRowsInto(dGx, biasIh.gradBuffer(), rows, gateSize);
    }
    if (x.requiresGrad()) {
      Kernels.matmul(dGx, 0, weightIh.data(), 0, x.gradBuffer(), 0, rows, gateSize, inputSize, true);
    }
    if (weightHh.requiresGrad()) {
      Kernels.matmulTransA(dGh, 0, hs, 0, weightHh.gradBuffer(), 0, gateSize, rows, units, true);
    }
    if (biasHh.requiresGrad()) {
      Kernels.sumRowsInto(dGh, biasHh.gradBuffer(), rows, gateSize);
    }
  }

  /** The initial state is shared by the batch: its gradient is the sum over rows, into row stateRow. */
  final void addRowsInto(float[] dState, float[] grad) {
    for (int row = 0; row < batch; row++) {
      Kernels.addInto(dState, row * units, grad, stateRow * units, units);
    }
  }

  @Override
  protected void release() {
    hs = null;
  }
}
