package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A built {@code rnn}, {@code lstm}, {@code gru} or {@code recurrent} layer of any registered
 * cell: L stacked layers of D directions ({@link CellStack}), each layer-direction one fused
 * {@link SequenceOp}. Math, gate order, weight names and shapes are
 * PyTorch's; the equations, parameters and shapes are documented on {@link
 * RecurrentLayerFactory}.
 *
 * <p>Besides its output, every forward leaves the final states of every layer and direction,
 * readable through {@link #finalStates()} (what {@code recur predict} writes as {@code h_n} and
 * {@code c_n}). Like every layer, not thread-safe: one forward at a time.
 */
public final class RecurrentLayer implements StatefulLayer {
  /** Name of the final hidden states {@code [L·D, N, H]} in {@link #finalStates()}, as in PyTorch. */
  public static final String H_N = "h_n";
  /** Name of the final lstm cell states {@code [L·D, N, H]} in {@link #finalStates()}. */
  public static final String C_N = "c_n";
  /** Name of the learned initial hidden state {@code [L·D, H]} ({@code initial_state: learned}). */
  static final String H0 = "h0";
  /** Name of the learned initial lstm cell state {@code [L·D, H]}. */
  static final String C0 = "c0";

  /**
   * Everything that shapes the layer, validated by the factory.
   *
   * @param name the layer's name in the model, for messages
   * @param type the layer's type name ({@code lstm}, {@code recurrent}), for messages
   * @param cellName the cell's type name ({@code lstm}, a plugin's)
   * @param inputShape per-sample input {@code [T, F]}
   */
  record Options(String name, String type, RecurrentCell cell, String cellName,
      int[] inputShape, int units, int layers, double dropout, boolean bidirectional, Merge merge, boolean lastOnly,
      boolean learnedState, String initializerName) {
    Options {
      requireNonNull(name, "name is null");
      requireNonNull(type, "type is null");
      requireNonNull(cell, "cell is null");
      requireNonNull(cellName, "cellName is null");
      requireNonNull(merge, "merge is null");
      requireNonNull(initializerName, "initializerName is null");
      inputShape = inputShape.clone();
    }
  }

  private final Options options;
  private final RecurrentCell cell;
  private final int units;
  private final int layers;
  private final int directions;
  private final int features;
  private final Initializer initializer;
  private final CellStack stack;
  private final Tensor h0;
  private final Tensor c0;
  private final Map<String, Tensor> parameters;
  private final int[] outputShape;
  private Map<String, Tensor> finalStates = Map.of();
  /** The states the next forward starts from ({@link #startFrom}), or null for the layer's own. */
  private Map<String, Tensor> start;

  RecurrentLayer(Options options, Initializer initializer) {
    this.options = requireNonNull(options, "options is null");
    this.initializer = requireNonNull(initializer, "initializer is null");
    this.cell = options.cell();
    this.units = options.units();
    this.layers = options.layers();
    this.directions = options.bidirectional() ? 2 : 1;
    this.features = options.inputShape()[1];
    int n = layers * directions;
    Map<String, Tensor> p = new LinkedHashMap<>();
    stack = new CellStack(cell, options.cellName(), units, layers, directions, features, directions * units, "", p);
    h0 = options.learnedState() ? put(p, H0, Tensor.parameter(n, units)) : null;
    c0 = options.learnedState() && cell.hasCellState() ? put(p, C0, Tensor.parameter(n, units)) : null;
    this.parameters = Collections.unmodifiableMap(p);
    int width = options.bidirectional() ? options.merge().width() * units : units;
    this.outputShape = options.lastOnly() ? new int[] {width} : new int[] {options.inputShape()[0], width};
  }

  private static Tensor put(Map<String, Tensor> params, String name, Tensor t) {
    params.put(name, t);
    return t;
  }

  /**
   * Fills every weight and bias, in {@link #parameters()} order, with the configured initialiser
   * called with fan_in = H and fan_out = G, so the default {@code uniform-fan-in} draws
   * U(−1/√H, 1/√H) exactly as PyTorch's {@code reset_parameters}. Learned initial states start
   * at zero, the same start as {@code initial_state: zero}, and draw nothing.
   */
  void resetParameters(RandomGenerator random) {
    stack.resetParameters(initializer, random);
    for (Tensor t : new Tensor[] {h0, c0}) {
      if (t != null) {
        Arrays.fill(t.data(), 0f);
      }
    }
  }

  /**
   * {@code [N, T, F] → [N, T, D·H]} ({@code output: sequence}) or {@code [N, D·H]} ({@code
   * output: last}); D·H becomes H when a bidirectional layer merges by sum, mul or average. T
   * may differ from the T the layer was built for. The context's mask {@code [N, T]}, when
   * given, marks each row's real steps (padding only at the end).
   *
   * @throws RecurException naming the layer when the input or mask does not fit
   */
  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    requireNonNull(input, "input is null");
    requireNonNull(context, "context is null");
    checkInput(input);
    int batch = input.dim(0);
    int steps = input.dim(1);
    int[] lengths = lengths(context.mask(), batch, steps);
    Map<String, Tensor> from = takeStart(batch);
    int block = batch * units;
    float[] hN = stack.newFinalStates(batch, false);
    float[] cN = stack.newFinalStates(batch, true);
    boolean dropping = context.training() && options.dropout() > 0 && layers > 1;
    // with gradients off a layer's output is dead once the layer above has read it
    boolean recycle = !Tensor.gradEnabled();

    Tensor x = input;
    Tensor output = null;
    for (int k = 0; k < layers; k++) {
      boolean top = k == layers - 1;
      Tensor[] outs = new Tensor[directions];
      for (int d = 0; d < directions; d++) {
        int i = k * directions + d;
        SequenceOp op = newOp(x, i, lengths, d == 1, top && options.lastOnly(), startRows(from, H_N, i, batch),
            startRows(from, C_N, i, batch));
        outs[d] = op.forward(hN, cN, i * block);
      }
      if (recycle && x != input) {
        RecycledArrays.giveBack(x.data());
      }
      if (top) {
        output = directions == 2 ? options.merge().apply(outs[0], outs[1]) : outs[0];
      } else {
        // layer k+1 always reads both directions side by side, as in PyTorch; merge is for the top only
        x = directions == 2 ? Tensor.concatLast(outs[0], outs[1]) : outs[0];
        if (recycle && directions == 2) {
          RecycledArrays.giveBack(outs[0].data());
          RecycledArrays.giveBack(outs[1].data());
        }
        if (dropping) {
          x = dropout(x, requireNonNull(context.random(), "training context has no random stream"));
        }
      }
    }
    Map<String, Tensor> states = new LinkedHashMap<>();
    states.put(H_N, Tensor.of(hN, layers * directions, batch, units));
    if (cN != null) {
      states.put(C_N, Tensor.of(cN, layers * directions, batch, units));
    }
    finalStates = Collections.unmodifiableMap(states);
    return output;
  }

  /**
   * Carries states into the next forward (truncated back-propagation through time, stepwise
   * sampling): {@code h_n} (and {@code c_n} for lstm) {@code [L·D, N, H]} as {@link
   * #finalStates()} gives them. Each layer's row block becomes that layer's per-row initial
   * state, a constant (no gradient reaches it, nor the learned {@code h0}); masks still apply, so a
   * row with no real step keeps its carried state.
   *
   * @throws RecurException for a bidirectional layer (its reverse direction would start from the
   *     future) or states of another layout
   */
  @Override
  public void startFrom(Map<String, Tensor> states) {
    if (states == null || states.isEmpty()) {
      start = null;
      return;
    }
    if (directions == 2) {
      throw error("a bidirectional layer cannot carry its state into the next forward: its reverse direction"
          + " starts at the end of each sequence");
    }
    for (String key : cell.hasCellState() ? new String[] {H_N, C_N} : new String[] {H_N}) {
      Tensor t = states.get(key);
      if (t == null) {
        throw error("the states to start from have no '" + key + "'; expected " + (cell.hasCellState()
            ? H_N + " and " + C_N : H_N) + ", got " + states.keySet());
      }
      if (t.rank() != 3 || t.dim(0) != layers * directions || t.dim(2) != units) {
        throw error("state '" + key + "' expected [" + layers * directions + ", N, " + units + "], got "
            + Shape.toString(t.shape()));
      }
    }
    start = Map.copyOf(states);
  }

  /** The pending start states for a batch of {@code batch} rows, cleared: they apply to one forward. */
  private Map<String, Tensor> takeStart(int batch) {
    Map<String, Tensor> s = start;
    start = null;
    if (s != null && s.get(H_N).dim(1) != batch) {
      throw error("the states to start from hold " + s.get(H_N).dim(1) + " rows, the batch " + batch);
    }
    return s;
  }

  /** Block {@code i} ({@code [N, H]}) of the start state {@code key}, or null when there is none. */
  private Tensor startRows(Map<String, Tensor> from, String key, int i, int batch) {
    Tensor t = from == null ? null : from.get(key);
    if (t == null) {
      return null;
    }
    int block = batch * units;
    return Tensor.of(Arrays.copyOfRange(t.data(), i * block, (i + 1) * block), batch, units);
  }

  /**
   * @param startH per-row initial hidden states {@code [N, H]} carried from a previous forward
   *     (constants, no gradient), or null for the layer's own initial state; likewise {@code startC}
   */
  private SequenceOp newOp(Tensor x, int i, int[] lengths, boolean reverse, boolean lastOnly, Tensor startH,
      Tensor startC) {
    Tensor hInit = startH != null ? startH : h0;
    Tensor cInit = startH != null ? startC : c0;
    int row = startH != null ? SequenceOp.PER_ROW : i;
    return stack.op(i, x, lengths, reverse, lastOnly, hInit, cInit, row);
  }

  /** Inverted dropout: each element kept with probability 1 − p and scaled by 1/(1 − p). */
  private Tensor dropout(Tensor x, RandomGenerator random) {
    double p = options.dropout();
    float scale = (float) (1 / (1 - p));
    float[] keep = new float[x.size()];
    for (int i = 0; i < keep.length; i++) {
      keep[i] = random.nextDouble() < p ? 0f : scale;
    }
    return x.mul(Tensor.of(keep, x.shape()));
  }

  private void checkInput(Tensor input) {
    if (input.rank() != 3) {
      throw error("expected input [N, T, " + features + "], got shape " + Shape.toString(input.shape()));
    }
    if (input.dim(2) != features) {
      throw error("input feature size expected " + features + ", got " + input.dim(2)
          + " (input shape " + Shape.toString(input.shape()) + ")");
    }
  }

  /** Each row's number of real steps, read from the mask; all T without one. */
  private int[] lengths(Tensor mask, int batch, int steps) {
    int[] lengths = new int[batch];
    if (mask == null) {
      Arrays.fill(lengths, steps);
      return lengths;
    }
    if (mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) != steps) {
      throw error("mask expected [N, T] = [" + batch + ", " + steps + "], got "
          + Shape.toString(mask.shape()));
    }
    float[] m = mask.data();
    for (int row = 0; row < batch; row++) {
      int length = 0;
      for (int t = 0; t < steps; t++) {
        float v = m[row * steps + t];
        if (v != 0f && v != 1f) {
          throw error("mask row " + row + ", step " + t + ": expected 0 or 1, got " + v);
        }
        if (v == 1f) {
          if (length != t) {
            throw error("mask row " + row + " has a real step at " + t + " after padding at "
                + length + "; padding must be at the end of each row");
          }
          length++;
        }
      }
      lengths[row] = length;
    }
    return lengths;
  }

  private RecurException error(String message) {
    return new RecurException("layer '" + options.name() + "' (" + options.type() + "): " + message);
  }

  /**
   * Weights in PyTorch's {@code named_parameters()} order: for each layer k, for each direction,
   * {@code weight_ih_l{k}[_reverse] [G, I_k]}, {@code weight_hh_l{k}[_reverse] [G, H]}, {@code
   * bias_ih_l{k}[_reverse] [G]}, {@code bias_hh_l{k}[_reverse] [G]}; then {@code h0} (and {@code
   * c0}) {@code [L·D, H]} with {@code initial_state: learned}.
   */
  @Override
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  @Override
  public int[] outputShape() {
    return outputShape.clone();
  }

  /**
   * The final states of the most recent {@link #forward}, in PyTorch's layout: {@code h_n} and,
   * for lstm, {@code c_n}, each {@code [L·D, N, H]} with row {@code k·D + d} for layer k and
   * direction d (d = 1 is the reverse direction, whose final state is the one at t = 0). With a
   * mask, a row's forward final state is the one at its own last real step. Detached copies
   * (no gradient); empty before the first forward.
   */
  @Override
  public Map<String, Tensor> finalStates() {
    return finalStates;
  }

  /** Like PyTorch's {@code extra_repr}: sizes, then only the parameters that differ from their defaults. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(options.type()).append('(');
    if (!options.type().equals(options.cellName())) {
      b.append(options.cellName()).append(", ");
    }
    b.append(features).append('→').append(units);
    if (layers != 1) {
      b.append(", layers=").append(layers);
    }
    if (!cell.options().isEmpty()) {
      b.append(", ").append(cell.options());
    }
    if (options.dropout() != 0) {
      b.append(", dropout=").append(options.dropout());
    }
    if (options.bidirectional()) {
      b.append(", bidirectional=true");
    }
    if (options.merge() != Merge.CONCAT) {
      b.append(", merge=").append(options.merge().key());
    }
    if (options.lastOnly()) {
      b.append(", output=last");
    }
    if (options.learnedState()) {
      b.append(", initial_state=learned");
    }
    if (!options.initializerName().equals(RecurrentLayerFactory.DEFAULT_INITIALIZER)) {
      b.append(", initializer=").append(options.initializerName());
    }
    return b.append(')').toString();
  }
}
