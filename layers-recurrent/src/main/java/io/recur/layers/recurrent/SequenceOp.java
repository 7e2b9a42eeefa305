package io.recur.layers.recurrent;

import io.recur.spi.CellStep;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Gemm;
import io.recur.tensor.Kernels;
import io.recur.tensor.Node;
import io.recur.tensor.Parallelism;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * One direction of one layer of a recurrent layer, over a whole batch of sequences, as a single
 * autodiff op with a hand-written backward through time. The {@link RecurrentCell} gives the gate
 * math of one row at one step, forward and backward ({@link LstmCell}, {@link GruCell}, {@link
 * RnnCell} or a plugin's), through a {@link CellStep} view of this op's buffers; this class owns
 * everything the cells share.
 *
 * <p>Forward: the inputs of every step are gathered in processing order and projected by
 * matrix products {@code [T_c·N, I] × [I, G]} over chunks of {@code T_c} steps, with both biases
 * added (a cell's separate blocks keep {@code b_hh} apart: the gru's n gate needs {@code W_hn h +
 * b_hn} on its own),
 * each chunk just before the time loop reaches it, so that its pre-activations are still in cache
 * there (one-hot inputs, and inputs with few distinct rows such as an embedding's, copy rows of
 * a table instead). {@code W_ih} and {@code W_hh} are packed once per call for the product's kernel; each
 * step then adds {@code h_s·W_hhᵀ} to its block of pre-activations (into a separate buffer for
 * cells with separate blocks) and runs the cell's gate math, which overwrites the pre-activations with the
 * activated gates.
 *
 * <p>Backward: the gate gradients overwrite the saved gates step by step ({@code dh_{s} =
 * dG_s·W_hh} with {@code W_hh} packed once). {@code dX} is one product per chunk of steps, run
 * as soon as the chunk is done, while its gate gradients are in cache; {@code dW_ih}, {@code
 * dW_hh} and the bias gradients are each one product (or one pass of column sums) over all
 * steps at the end.
 *
 * <p>Threads: within a {@link Parallelism} scope, the batch rows are split into one task per
 * thread. Rows never meet in the time loop, so a task takes its rows through a whole chunk of
 * steps, product and gate math, with one hand-off per chunk; only a forward whose {@code W_hh} is
 * too large for each thread to keep in cache hands off per step, after a product split by
 * columns. Every output element is computed the same way whatever the split, so the bits do not
 * depend on the number of threads.
 *
 * <p>Variable lengths: row {@code n} is real for its first {@code lengths[n]} steps. Steps are
 * taken in processing order {@code s = 0 … T−1}; a row is active while {@code s < lengths[n]},
 * at time {@code t = s} (forward) or {@code t = lengths[n] − 1 − s} (reverse, so the backward
 * direction starts at each sequence's own end, like PyTorch's packed sequences). An inactive row
 * carries its state unchanged, so the final state block is each row's state at its true end, and
 * its output at padded times stays 0. Its gate gradients are 0 and its state gradient is carried
 * back unchanged.
 *
 * <p>Layout: everything is time-major in processing order (block {@code s} holds the N rows of
 * step s), so one step's rows are contiguous, and the states {@code h_0 … h_{T−1}} that feed
 * steps {@code 0 … T−1} form one {@code [T·N, H]} block for the single {@code dW_hh} product.
 * Buffers come from the layer's {@link Workspace}, reused across batches; nothing is allocated
 * inside the time loop. When nothing is recorded (no input needs a gradient, or inside {@link
 * Tensor#noGrad()}), only two state blocks, one step of the cell's buffers and one chunk of
 * pre-activations are kept.
 *
 * <p>Inputs in order: {@code x [N, T, I]}, {@code weight_ih [G, I]}, {@code weight_hh [G, H]},
 * {@code bias_ih [G]}, {@code bias_hh [G]}, then the learned {@code h0 [L·D, H]} (and {@code c0})
 * when present, of which row {@code stateRow} is this layer-direction's initial state.
 *
 * <p>Computed states (encoder–decoders): with {@code stateRow} = {@link #PER_ROW}, {@code h0}
 * (and {@code c0}) are {@code [N, H]}, one initial state per batch row, such as an encoder's final
 * states; their gradient is per row too. {@link #finalHidden()} and {@link #finalCell()} give the
 * final states as tensors with a gradient, which this op's backward starts from, as it starts
 * {@code output: last} from its output's gradient.
 */
final class SequenceOp extends Node {
  /** {@code stateRow} for initial states given per batch row, {@code [N, H]}, rather than shared. */
  static final int PER_ROW = -1;

  final int batch;
  final int steps;
  final int inputSize;
  final int units;
  final int gateSize;
  final int[] lengths;
  final boolean reverse;
  final boolean lastOnly;
  final int stateRow;
  private final RecurrentCell cell;
  private final String name;
  /** Columns {@code [from, G)}: the cell's separate blocks ({@link RecurrentCell#separateBlocks()}). */
  private final int from;
  /** {@code G − from}. */
  private final int rest;
  /** {@link RecurrentCell#savedBlocks()}·H. */
  private final int savedWidth;
  final Tensor x;
  final Tensor weightIh;
  final Tensor weightHh;
  final Tensor biasIh;
  final Tensor biasHh;
  /** The learned initial hidden state, or null for zeros. */
  final Tensor h0;
  /** The learned initial cell state, or null for zeros (or a cell without one). */
  private final Tensor c0;
  private final Workspace shared;
  /** One view of the op per task, each with its own step: a task runs its rows through a whole chunk of steps. */
  private Step[] views = {new Step()};

  /** Whether this op is recorded, and so keeps every step for backward. */
  boolean saving;
  Workspace ws;
  /** The inputs in processing order: row {@code s·N + n} is {@code x[n, time(n, s)]}, 0 when inactive. */
  private float[] xs;
  /** For one-hot inputs, the position of each row's 1 in {@link #xs} (−1: none); else null. */
  private int[] hot;
  /**
   * For one-hot inputs or inputs with few distinct rows (an embedding's), the pre-activations of
   * each kind of row, biases included, {@code [U, G]}; else null. One-hot: row p is column p of
   * W_ih (the product's chain over unit vector p), row I that of a padding row (zeros).
   */
  private float[] inputTable;
  /** Per row of {@link #xs}, its row of {@link #inputTable}; null without a table. */
  private int[] tableRow;
  /**
   * Per step, block s ({@code [N, G]}, processing order): the pre-activations, then the
   * activated gates once the step has run, then the pre-activation gradients once backward
   * has passed it. Holds all T steps when saving, else one projection chunk.
   */
  float[] gates;
  /** Steps per projection chunk ({@link #chunkSteps()}). */
  private int chunk;
  /** W_ih packed for the projection (none for one-hot inputs). */
  private Gemm.Packed packedInput;
  /** Both input-side biases, added to the projection ({@code b_ih + b_hh}, the gru's n block {@code b_in} only). */
  private float[] bias;
  /** Hidden states: block {@link #stateOffset}(s) enters step s; block T is every row's final state. */
  float[] hs;
  /** {@code h·W_hhᵀ} of the current step, {@code [N, G]}, for cells that keep it apart (gru). */
  float[] hh;
  /** Cell states, blocked like {@link #hs}; null for a cell without one. */
  private float[] cs;
  /** What the cell keeps per step, {@code [N, savedWidth]} blocks per step (one block unless saving). */
  private float[] saved;
  private float[] dc;
  private float[] dcPrev;
  /** The input-side gradient of the separate blocks, {@code [T·N, rest]} in processing order. */
  private float[] dIn;
  private Gemm.Packed packed;
  private float[] out;
  private float[] dOut;
  /** The current chunk's rows of {@link #dOut}, step-major: step s, row n at {@code ((s − chunkStart)·N + n)·H}. */
  private float[] dOutChunk;
  float[] dh;
  float[] dhPrev;
  private int parts;
  /** The step the per-step tasks ({@link #forwardPart}) run; the steps {@code [chunkStart, chunkEnd)} for the chunked ones. */
  private int step;
  private int chunkStart;
  private int chunkEnd;
  /** Where forward wrote the final states (the caller's h_n and c_n), for {@link #finalHidden()}. */
  private float[] finalH;
  private float[] finalC;
  private int finalOffset;
  /** Gradients of {@link #finalHidden()} and {@link #finalCell()}, handed over by their nodes; null if none. */
  float[] dFinalHidden;
  float[] dFinalCell;
  private final IntConsumer forwardTask = this::forwardPart;
  private final IntConsumer forwardChunkTask = this::forwardChunk;
  private final IntConsumer backwardChunkTask = this::backwardChunk;

  /**
   * @param name the op's name on the tape, the cell's type name
   * @param c0 the initial cell state, for a cell {@linkplain RecurrentCell#hasCellState() with one}
   */
  SequenceOp(RecurrentCell cell, String name, Tensor x, Tensor weightIh, Tensor weightHh, Tensor biasIh, Tensor biasHh,
      Tensor h0, Tensor c0, int stateRow, int[] lengths, boolean reverse, boolean lastOnly, Workspace shared) {
    super(present(x, weightIh, weightHh, biasIh, biasHh, h0, cell.hasCellState() ? c0 : null));
    this.cell = cell;
    this.name = name;
    this.c0 = cell.hasCellState() ? c0 : null;
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
    this.shared = shared;
    this.rest = cell.separateBlocks() * units;
    this.from = gateSize - rest;
    this.savedWidth = cell.savedBlocks() * units;
  }

  @Override
  public String name() {
    return name;
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

  /** Offset of state block s (h or c): all T + 1 blocks when saving, else two alternating ones. */
  final int stateOffset(int s) {
    return (saving ? s : s & 1) * batch * units;
  }

  /** Offset of step s in a per-step {@code [N, H]} buffer: all T steps when saving, else one. */
  final int stepOffset(int s) {
    return (saving ? s : 0) * batch * units;
  }

  /** Offset of row {@code row} of step s in {@link #gates}: all T steps when saving, else one chunk. */
  final int gateOffset(int s, int row) {
    return ((saving ? s : s % chunk) * batch + row) * gateSize;
  }

  // ------------------------------------------------------------------ forward

  /**
   * Runs the whole sequence, writes every row's final states into {@code hN} (and {@code cN})
   * at {@code offset}, and records this op. Returns {@code [N, T, H]} outputs (0 at padded
   * times) or, with {@code lastOnly}, the final states {@code [N, H]}.
   */
  final Tensor forward(float[] hN, float[] cN, int offset) {
    saving = Tensor.recording(inputs());
    ws = shared.claim(this);
    int rows = batch * steps;
    int nh = batch * units;
    xs = ws.get(Workspace.INPUTS, rows * inputSize, false);
    gatherInputs();
    chunk = chunkSteps();
    gates = ws.get(Workspace.PROJECTION, (saving ? steps : chunk) * batch * gateSize, false);
    bias = ws.get(Workspace.BIAS, gateSize, false);
    Kernels.add(biasIh.data(), 0, biasHh.data(), 0, bias, 0, from);
    System.arraycopy(biasIh.data(), from, bias, from, rest);
    buildInputTable(rows);
    packed = ws.recurrentWeight.of(weightHh, units, gateSize);
    hs = ws.get(Workspace.STATES, (saving ? steps + 1 : 2) * nh, false);
    fillInitialState(hs, h0);
    hh = rest > 0 ? ws.get(Workspace.RECURRENT, batch * gateSize, false) : null;
    if (cell.hasCellState()) {
      cs = ws.get(Workspace.CELLS, (saving ? steps + 1 : 2) * nh, false);
      fillInitialState(cs, c0);
    }
    saved = savedWidth > 0 ? ws.get(Workspace.SAVED, (saving ? steps : 1) * batch * savedWidth, false) : null;
    out = RecycledArrays.zeros(lastOnly ? nh : rows * units);
    parts = parts();
    ensureViews(parts);
    // Rows never meet: row n's state at step s needs only row n's state at s − 1. So each task can
    // take its rows through a whole chunk of steps, one hand-off per chunk rather than two per
    // step, while W_hh is small enough for every thread to read all of it at every step from a
    // cache it shares with the others. A larger W_hh would come from memory at every step; there
    // each step's product runs first for all rows, split by columns, so each thread streams only
    // its share, and the gate math then splits by rows. The fma chains are the same either way:
    // the same bits.
    boolean rowsThroughChunks = parts == 1 || (long) units * gateSize <= ws.cachedWeightFloats;
    for (int s0 = 0; s0 < steps; s0 += chunk) {
      int s1 = Math.min(steps, s0 + chunk);
      project(s0, s1);
      if (rowsThroughChunks) {
        chunkStart = s0;
        chunkEnd = s1;
        Parallelism.forEach(parts, forwardChunkTask);
      } else {
        for (int s = s0; s < s1; s++) {
          step = s;
          recurrentProduct(s, 0, batch);
          Parallelism.forEach(parts, forwardTask);
        }
      }
    }
    System.arraycopy(hs, stateOffset(steps), hN, offset, nh);
    if (cN != null && cs != null) {
      System.arraycopy(cs, stateOffset(steps), cN, offset, nh);
    }
    finalH = hN;
    finalC = cN;
    finalOffset = offset;
    if (lastOnly) {
      System.arraycopy(hs, stateOffset(steps), out, 0, nh);
    }
    Tensor output = lastOnly ? Tensor.of(out, batch, units) : Tensor.of(out, batch, steps, units);
    out = null;
    if (!saving) {
      release();
    }
    return Tensor.record(this, output);
  }

  /** Batch rows are split into this many tasks per step: one per thread when a step is big enough. */
  private int parts() {
    int threads = Parallelism.current();
    if (threads == 1 || (long) batch * units * gateSize < Gemm.PARALLEL_MIN) {
      return 1;
    }
    return Math.min(threads, batch);
  }

  /**
   * Per row of {@link #xs}, the position of its one 1 (−1 for a row of zeros: padding), or null
   * unless every row is like that (one-hot inputs, as {@code embedding: one_hot} gives).
   */
  private int[] oneHotIndices(int rows) {
    int[] index = new int[rows];
    for (int r = 0; r < rows; r++) {
      int at = -1;
      int o = r * inputSize;
      for (int p = 0; p < inputSize; p++) {
        float v = xs[o + p];
        if (v == 0f) {
          continue;
        }
        if (v != 1f || at >= 0) {
          return null;
        }
        at = p;
      }
      index[r] = at;
    }
    return index;
  }

  /**
   * Steps per projection chunk: as many as keep a chunk's pre-activations within {@link
   * Workspace#chunkFloats}, at least one. The loop then reads each step's pre-activations from
   * cache, where a whole-sequence projection of a long sequence would have written them out to
   * memory first (issue 7: the cost of length 1,000 against length 100).
   */
  private int chunkSteps() {
    return (int) Math.max(1, Math.min(steps, ws.chunkFloats / ((long) batch * gateSize)));
  }

  /**
   * The {@link #inputTable} when the inputs allow one, else packs W_ih for {@link #project}.
   * One-hot rows take column {@code hot[r]} of W_ih: the product's chain over a one-hot row adds
   * exact zeros and one {@code 1·w}. Rows with few distinct values (an embedding's, {@link
   * DistinctRows}) take the product of their distinct row: a product's element is the same chain
   * whatever rows share its tile. The biases are added to each table row as {@link #inputSide}
   * adds them to a projection, so a copied row has the bits the product and the add would give.
   */
  private void buildInputTable(int rows) {
    hot = ws.oneHotInputs ? oneHotIndices(rows) : null;
    DistinctRows distinct = hot == null && ws.distinctInputs ? DistinctRows.find(xs, rows, inputSize) : null;
    int kinds;
    if (hot != null) {
      kinds = inputSize + 1;
      inputTable = ws.get(Workspace.INPUT_TABLE, kinds * gateSize, false);
      transpose(weightIh.data(), inputTable, gateSize, inputSize);
      Arrays.fill(inputTable, inputSize * gateSize, kinds * gateSize, 0f);
      tableRow = new int[rows];
      for (int r = 0; r < rows; r++) {
        tableRow[r] = hot[r] >= 0 ? hot[r] : inputSize;
      }
    } else {
      packedInput = ws.inputWeight.of(weightIh, inputSize, gateSize);
      if (distinct == null) {
        return;
      }
      kinds = distinct.count();
      inputTable = ws.get(Workspace.INPUT_TABLE, kinds * gateSize, false);
      Gemm.multiply(false, kinds, distinct.rows(), 0, inputSize, packedInput, inputTable, 0, gateSize, false);
      tableRow = distinct.indices();
    }
    for (int u = 0; u < kinds; u++) {
      Kernels.addInto(bias, 0, inputTable, u * gateSize, gateSize);
    }
  }

  /**
   * The input products of steps {@code [s0, s1)}, {@code x·W_ihᵀ} (the biases come with each
   * step, {@link #inputSide}). Row by row the same fma chain as one product over all steps, so the
   * chunking does not change a bit. Inputs with an {@link #inputTable} need nothing here.
   */
  private void project(int s0, int s1) {
    if (inputTable == null) {
      int r0 = s0 * batch;
      Gemm.multiply(false, (s1 - s0) * batch, xs, r0 * inputSize, inputSize, packedInput, gates, gateOffset(s0, 0),
          gateSize, false);
    }
  }

  /**
   * Completes the input side of rows {@code [r0, r1)} at step s, just before the step's
   * product: adds both biases to the projection, or copies each row's pre-activations from the
   * {@link #inputTable} (biases already added, the same add). The rows are then in cache, and on
   * several threads each task does its own rows (one add per element after the input product,
   * wherever it runs: the same bits).
   */
  private void inputSide(int s, int r0, int r1) {
    if (inputTable != null) {
      for (int row = r0; row < r1; row++) {
        System.arraycopy(inputTable, tableRow[s * batch + row] * gateSize, gates, gateOffset(s, row), gateSize);
      }
      return;
    }
    for (int g = gateOffset(s, r0), end = gateOffset(s, r1); g < end; g += gateSize) {
      Kernels.addInto(bias, 0, gates, g, gateSize);
    }
  }

  /**
   * {@code dW_ih += dGxᵀ·X} for one-hot rows: row r's gradient is added to column {@code
   * hot[r]}, rows in order, onto the old value, which is the product's fma chain exactly.
   */
  private void oneHotWeightGradient(float[] grad, float[] dG, float[] dIn, int from, int rest) {
    int rows = batch * steps;
    float[] t = ws.get(Workspace.WEIGHT_T, inputSize * gateSize, false);
    transpose(grad, t, gateSize, inputSize);
    for (int r = 0; r < rows; r++) {
      if (hot[r] >= 0) {
        Kernels.addInto(dG, r * gateSize, t, hot[r] * gateSize, from);
        if (rest > 0) {
          Kernels.addInto(dIn, r * rest, t, hot[r] * gateSize + from, rest);
        }
      }
    }
    transpose(t, grad, inputSize, gateSize);
  }

  /**
   * {@code dst[c, r] = src[r, c]} for a {@code rows × cols} src, in 16 × 16 blocks: a plain
   * double loop writes each value to another cache line, and transposing a one-hot lstm's
   * {@code W_ih} [512, 57] that way took a sixth of the classifier's forward pass.
   */
  static void transpose(float[] src, float[] dst, int rows, int cols) {
    for (int r0 = 0; r0 < rows; r0 += TRANSPOSE_BLOCK) {
      int r1 = Math.min(rows, r0 + TRANSPOSE_BLOCK);
      for (int c0 = 0; c0 < cols; c0 += TRANSPOSE_BLOCK) {
        int c1 = Math.min(cols, c0 + TRANSPOSE_BLOCK);
        for (int c = c0; c < c1; c++) {
          for (int r = r0; r < r1; r++) {
            dst[c * rows + r] = src[r * cols + c];
          }
        }
      }
    }
  }

  private static final int TRANSPOSE_BLOCK = 16;

  private void gatherInputs() {
    float[] src = x.data();
    for (int s = 0; s < steps; s++) {
      for (int row = 0; row < batch; row++) {
        int dst = (s * batch + row) * inputSize;
        if (active(row, s)) {
          System.arraycopy(src, (row * steps + time(row, s)) * inputSize, xs, dst, inputSize);
        } else {
          Arrays.fill(xs, dst, dst + inputSize, 0f);
        }
      }
    }
  }

  private void ensureViews(int count) {
    if (views.length < count) {
      views = Arrays.copyOf(views, count);
      for (int i = 0; i < count; i++) {
        if (views[i] == null) {
          views[i] = new Step();
        }
      }
    }
  }

  /** Rows {@code [batch·t/parts, batch·(t+1)/parts)} of steps {@code [chunkStart, chunkEnd)}, product included. */
  private void forwardChunk(int t) {
    int r0 = batch * t / parts;
    int r1 = batch * (t + 1) / parts;
    Step view = views[t];
    for (int s = chunkStart; s < chunkEnd; s++) {
      recurrentProduct(s, r0, r1);
      forwardRows(view, s, r0, r1);
    }
  }

  /** Rows {@code [batch·t/parts, batch·(t+1)/parts)} of step {@link #step}, whose product forward() ran. */
  private void forwardPart(int t) {
    forwardRows(views[t], step, batch * t / parts, batch * (t + 1) / parts);
  }

  /** The gate math of rows {@code [r0, r1)} at step s, once the step's product is in. */
  private void forwardRows(Step view, int s, int r0, int r1) {
    view.s = s;
    int prev = stateOffset(s);
    int next = stateOffset(s + 1);
    for (int row = r0; row < r1; row++) {
      int r = row * units;
      if (!active(row, s)) {
        System.arraycopy(hs, prev + r, hs, next + r, units);
        if (cs != null) {
          System.arraycopy(cs, prev + r, cs, next + r, units);
        }
        continue;
      }
      cell.forward(view, row);
      if (!lastOnly) {
        System.arraycopy(hs, next + r, out, (row * steps + time(row, s)) * units, units);
      }
    }
  }

  /**
   * Adds both biases and then {@code h·W_hhᵀ} of step {@code s} for rows {@code [r0, r1)} to
   * their gates (the product to {@link #hh} instead where the cell keeps blocks apart).
   */
  private void recurrentProduct(int s, int r0, int r1) {
    inputSide(s, r0, r1);
    int prev = stateOffset(s);
    boolean zeroState = s == 0 && h0 == null;
    if (rest > 0) {
      if (zeroState) {
        Arrays.fill(hh, r0 * gateSize, r1 * gateSize, 0f);
      } else {
        Gemm.multiply(false, r1 - r0, hs, prev + r0 * units, units, packed, hh, r0 * gateSize, gateSize, false);
      }
    } else if (!zeroState) {
      // h = 0 adds nothing: fma(0, w, a) = a
      Gemm.multiply(false, r1 - r0, hs, prev + r0 * units, units, packed, gates, gateOffset(s, r0), gateSize, true);
    }
  }

  /** Copies row {@code stateRow} of {@code init} into every batch row of block 0 (all rows for {@link #PER_ROW}), or zeros. */
  final void fillInitialState(float[] states, Tensor init) {
    if (init == null) {
      Arrays.fill(states, 0, batch * units, 0f);
      return;
    }
    if (stateRow == PER_ROW) {
      System.arraycopy(init.data(), 0, states, 0, batch * units);
      return;
    }
    for (int row = 0; row < batch; row++) {
      System.arraycopy(init.data(), stateRow * units, states, row * units, units);
    }
  }

  // ------------------------------------------------------------------ backward

  @Override
  protected final void backward(float[] gradOut) {
    int nh = batch * units;
    int rows = batch * steps;
    dh = ws.get(Workspace.DH, nh, true);
    dhPrev = ws.get(Workspace.DH_PREV, nh, false);
    if (lastOnly) {
      System.arraycopy(gradOut, 0, dh, 0, nh);
    }
    if (dFinalHidden != null) {
      Kernels.addInto(dFinalHidden, 0, dh, 0, nh);
    }
    dOut = gradOut;
    dOutChunk = lastOnly ? null : ws.get(Workspace.OUTPUT_GRADIENT, chunk * batch * units, false);
    // dh_s = dG_s · W_hh: W_hh [G, H] is the right-hand side as stored
    packed = ws.packedBackward = Gemm.pack(false, gateSize, units, weightHh.data(), 0, units, ws.packedBackward);
    if (cs != null) {
      dc = ws.get(Workspace.DC, nh, true);
      dcPrev = ws.get(Workspace.DC_PREV, nh, false);
      if (dFinalCell != null) {
        Kernels.addInto(dFinalCell, 0, dc, 0, nh);
      }
    }
    // every row of every step is written: by the cell, or with zeros for an inactive row
    dIn = rest > 0 ? ws.get(Workspace.INPUT_SIDE, rows * rest, false) : null;
    parts = parts();
    ensureViews(parts);
    float[] dxChunk = x.requiresGrad() ? ws.get(Workspace.INPUT_GRADIENT, chunk * batch * inputSize, false) : null;
    if (dxChunk != null) {
      // dX = dG·W_ih, W_ih [G, I] the right-hand side as stored, for every chunk of steps
      float[] w = weightIh.data();
      ws.packedInputGradient = Gemm.pack(false, from, inputSize, w, 0, inputSize, ws.packedInputGradient);
      if (rest > 0) {
        ws.packedInputGradientRest = Gemm.pack(false, rest, inputSize, w, from * inputSize, inputSize,
            ws.packedInputGradientRest);
      }
    }
    // as in forward, rows never meet, so each task takes its rows back through a whole chunk
    for (int s0 = (steps - 1) / chunk * chunk; s0 >= 0; s0 -= chunk) {
      chunkStart = s0;
      chunkEnd = Math.min(steps, s0 + chunk);
      Parallelism.forEach(parts, backwardChunkTask);
      if ((chunkEnd - chunkStart) % 2 == 1) {
        // each task swapped its own view's buffers once per step; an odd count leaves them swapped
        float[] swap = dh;
        dh = dhPrev;
        dhPrev = swap;
        float[] swapC = dc;
        dc = dcPrev;
        dcPrev = swapC;
      }
      if (dxChunk != null) {
        inputGradient(chunkStart, chunkEnd, dIn, dxChunk);
      }
    }
    dOut = null;
    dOutChunk = null;
    if (h0 != null && h0.requiresGrad()) {
      addRowsInto(dh, h0.gradBuffer());
    }
    if (c0 != null && c0.requiresGrad()) {
      addRowsInto(dc, c0.gradBuffer());
    }

    float[] dG = gates;
    if (weightHh.requiresGrad()) {
      Gemm.multiply(true, false, gateSize, units, rows, dG, 0, gateSize, hs, 0, units,
          weightHh.gradBuffer(), 0, units, true);
    }
    if (weightIh.requiresGrad()) {
      float[] g = weightIh.gradBuffer();
      if (hot != null) {
        oneHotWeightGradient(g, dG, dIn, from, rest);
      } else {
        Gemm.multiply(true, false, from, inputSize, rows, dG, 0, gateSize, xs, 0, inputSize, g, 0, inputSize, true);
        if (rest > 0) {
          Gemm.multiply(true, false, rest, inputSize, rows, dIn, 0, rest, xs, 0, inputSize, g, from * inputSize,
              inputSize, true);
        }
      }
    }
    biasGradients(dG, dIn, from, rest, rows);
  }

  /**
   * {@code dX} of steps {@code [s0, s1)} ({@code dG_x·W_ih}), added to x's gradient: run inside
   * the backward time loop as soon as a chunk of steps is done, while its gate gradients are
   * still in cache (after the loop they would be read back from memory). Row by row the same
   * fma chain as one product over all steps, and each element of x's gradient gets exactly one
   * addition, so the bits do not depend on the chunks.
   */
  private void inputGradient(int s0, int s1, float[] dIn, float[] dx) {
    int r0 = s0 * batch;
    int n = (s1 - s0) * batch;
    Gemm.multiply(false, n, gates, r0 * gateSize, gateSize, ws.packedInputGradient, dx, 0, inputSize, false);
    if (rest > 0) {
      Gemm.multiply(false, n, dIn, r0 * rest, rest, ws.packedInputGradientRest, dx, 0, inputSize, true);
    }
    float[] g = x.gradBuffer();
    for (int s = s0; s < s1; s++) {
      for (int row = 0; row < batch; row++) {
        if (active(row, s)) {
          Kernels.addInto(dx, ((s - s0) * batch + row) * inputSize, g, (row * steps + time(row, s)) * inputSize,
              inputSize);
        }
      }
    }
  }

  /**
   * {@code db_hh} (column sums of dG) and {@code db_ih} (those of dG over {@code [0, from)} and
   * of the input-side gradient over the rest) in one pass over the rows, which after a long
   * sequence come from memory: both sums share each row's read. Every sum still runs over the
   * rows in order from the gradient's old value, as {@link Kernels#sumRowsInto} does.
   */
  private void biasGradients(float[] dG, float[] dIn, int from, int rest, int rows) {
    float[] gh = biasHh.requiresGrad() ? biasHh.gradBuffer() : null;
    float[] gi = biasIh.requiresGrad() ? biasIh.gradBuffer() : null;
    for (int r = 0; r < rows; r++) {
      int g = r * gateSize;
      if (gh != null) {
        Kernels.addInto(dG, g, gh, 0, gateSize);
      }
      if (gi != null) {
        Kernels.addInto(dG, g, gi, 0, from);
        if (rest > 0) {
          Kernels.addInto(dIn, r * rest, gi, from, rest);
        }
      }
    }
  }

  /** Rows {@code [batch·t/parts, batch·(t+1)/parts)} of steps {@code chunkEnd − 1} down to {@code chunkStart}. */
  private void backwardChunk(int t) {
    int r0 = batch * t / parts;
    int r1 = batch * (t + 1) / parts;
    Step view = views[t];
    view.dh = dh;
    view.dhPrev = dhPrev;
    view.dc = dc;
    view.dcPrev = dcPrev;
    if (dOutChunk != null) {
      gatherOutputGradients(r0, r1);
    }
    for (int s = chunkEnd - 1; s >= chunkStart; s--) {
      backwardRows(view, s, r0, r1);
      float[] swap = view.dh;
      view.dh = view.dhPrev;
      view.dhPrev = swap;
      float[] swapC = view.dc;
      view.dc = view.dcPrev;
      view.dcPrev = swapC;
    }
  }

  /**
   * Rows {@code [r0, r1)} of the chunk's output gradients into {@link #dOutChunk}, a row's steps
   * one after another. The steps then read them step-major, from cache: read from {@code dOut}
   * ({@code [N, T, H]}) a step at a time, each row was a read {@code T·H} floats from the last,
   * from memory (at 1,000 steps, 4.5% of a small gru's training step).
   */
  private void gatherOutputGradients(int r0, int r1) {
    for (int row = r0; row < r1; row++) {
      for (int s = chunkStart; s < chunkEnd && active(row, s); s++) {
        System.arraycopy(dOut, (row * steps + time(row, s)) * units, dOutChunk,
            ((s - chunkStart) * batch + row) * units, units);
      }
    }
  }

  /** The backward of rows {@code [r0, r1)} at step s: their gate gradients, then {@code dh_prev = dG·W_hh}. */
  private void backwardRows(Step view, int s, int r0, int r1) {
    view.s = s;
    float[] dh = view.dh;
    float[] dhPrev = view.dhPrev;
    float[] dc = view.dc;
    float[] dcPrev = view.dcPrev;
    for (int row = r0; row < r1; row++) {
      int r = row * units;
      if (!active(row, s)) {
        System.arraycopy(dh, r, dhPrev, r, units);
        if (cs != null) {
          System.arraycopy(dc, r, dcPrev, r, units);
        }
        if (rest > 0) {
          // a padded step contributes nothing to dW_ih, db_ih and dx
          int o = (s * batch + row) * rest;
          Arrays.fill(dIn, o, o + rest, 0f);
        }
        int g = gateOffset(s, row);
        Arrays.fill(gates, g, g + gateSize, 0f);
        continue;
      }
      if (!lastOnly) {
        Kernels.addInto(dOutChunk, ((s - chunkStart) * batch + row) * units, dh, r, units);
      }
      cell.backward(view, row);
    }
    // inactive rows have dG = 0, so this leaves their carried gradient as it is
    Gemm.multiply(false, r1 - r0, gates, gateOffset(s, r0), gateSize, packed, dhPrev, r0 * units, units, true);
  }

  /** The initial state is shared by the batch: its gradient is the sum over rows, into row stateRow (per row for {@link #PER_ROW}). */
  final void addRowsInto(float[] dState, float[] grad) {
    if (stateRow == PER_ROW) {
      Kernels.addInto(dState, 0, grad, 0, batch * units);
      return;
    }
    for (int row = 0; row < batch; row++) {
      Kernels.addInto(dState, row * units, grad, stateRow * units, units);
    }
  }

  // ------------------------------------------------------------------ final states with a gradient

  /**
   * Every row's final hidden state {@code [N, H]} of the last {@link #forward} (its state at its
   * own last real step), as a tensor whose gradient flows back into this op: what an encoder
   * hands its decoder. Recorded only when this op is.
   */
  final Tensor finalHidden() {
    return finalState(false);
  }

  /** Every row's final lstm cell state {@code [N, H]}, like {@link #finalHidden()}. */
  final Tensor finalCell() {
    if (!cell.hasCellState() || finalC == null) {
      throw new IllegalStateException(name() + " has no cell state");
    }
    return finalState(true);
  }

  private Tensor finalState(boolean cell) {
    int nh = batch * units;
    float[] v = Arrays.copyOfRange(cell ? finalC : finalH, finalOffset, finalOffset + nh);
    return Tensor.record(new FinalState(output(), cell), Tensor.of(v, batch, units));
  }

  /**
   * A final state as its own node, fed by the op's output so it runs its backward first (it is
   * deeper): it hands its gradient to the op, and makes sure the op's backward runs even when the
   * op's output has no other use (the top layer of an encoder).
   */
  private final class FinalState extends Node {
    private final boolean cell;

    FinalState(Tensor opOutput, boolean cell) {
      super(opOutput);
      this.cell = cell;
    }

    @Override
    public String name() {
      return cell ? "final-cell" : "final-hidden";
    }

    @Override
    protected void backward(float[] gradOut) {
      inputs()[0].gradBuffer();
      if (cell) {
        dFinalCell = add(dFinalCell, gradOut);
      } else {
        dFinalHidden = add(dFinalHidden, gradOut);
      }
    }

    private float[] add(float[] into, float[] g) {
      float[] sum = into == null ? new float[g.length] : into;
      Kernels.addInto(g, 0, sum, 0, g.length);
      return sum;
    }
  }

  @Override
  protected void release() {
    if (ws != null) {
      ws.free(this);
    }
    ws = null;
    for (Step view : views) {
      view.dh = null;
      view.dhPrev = null;
      view.dc = null;
      view.dcPrev = null;
    }
    xs = null;
    hot = null;
    inputTable = null;
    tableRow = null;
    gates = null;
    packedInput = null;
    bias = null;
    hs = null;
    hh = null;
    cs = null;
    saved = null;
    dc = null;
    dcPrev = null;
    dIn = null;
    packed = null;
    dh = null;
    dhPrev = null;
    // finalH and finalC stay: they are the caller's small h_n/c_n arrays, read after a forward that released
    dFinalHidden = null;
    dFinalCell = null;
  }

  /**
   * The cell's view of one step of this op: offsets into the op's own buffers, so a cell reads
   * and writes them in place. Each task has its own, since tasks run through a chunk of steps
   * each at its own pace (on their own rows), and backward's gradient buffers swap per step.
   */
  private final class Step implements CellStep {
    /** The step in processing order. */
    int s;
    float[] dh;
    float[] dhPrev;
    float[] dc;
    float[] dcPrev;

    @Override
    public int units() {
      return units;
    }

    @Override
    public float[] gates() {
      return gates;
    }

    @Override
    public int gatesAt(int row) {
      return gateOffset(s, row);
    }

    @Override
    public float[] hidden() {
      return hh;
    }

    @Override
    public int hiddenAt(int row) {
      return row * gateSize;
    }

    @Override
    public float[] recurrentBias() {
      return biasHh.data();
    }

    @Override
    public float[] hPrev() {
      return hs;
    }

    @Override
    public int hPrevAt(int row) {
      return stateOffset(s) + row * units;
    }

    @Override
    public float[] h() {
      return hs;
    }

    @Override
    public int hAt(int row) {
      return stateOffset(s + 1) + row * units;
    }

    @Override
    public float[] cPrev() {
      return cs;
    }

    @Override
    public int cPrevAt(int row) {
      return stateOffset(s) + row * units;
    }

    @Override
    public float[] c() {
      return cs;
    }

    @Override
    public int cAt(int row) {
      return stateOffset(s + 1) + row * units;
    }

    @Override
    public float[] saved() {
      return saved;
    }

    @Override
    public int savedAt(int row) {
      return ((saving ? s : 0) * batch + row) * savedWidth;
    }

    @Override
    public float[] dh() {
      return dh;
    }

    @Override
    public int dhAt(int row) {
      return row * units;
    }

    @Override
    public float[] dc() {
      return dc;
    }

    @Override
    public int dcAt(int row) {
      return row * units;
    }

    @Override
    public float[] dhPrev() {
      return dhPrev;
    }

    @Override
    public int dhPrevAt(int row) {
      return row * units;
    }

    @Override
    public float[] dcPrev() {
      return dcPrev;
    }

    @Override
    public int dcPrevAt(int row) {
      return row * units;
    }

    @Override
    public float[] dInput() {
      return dIn;
    }

    @Override
    public int dInputAt(int row) {
      return (s * batch + row) * rest;
    }
  }
}
