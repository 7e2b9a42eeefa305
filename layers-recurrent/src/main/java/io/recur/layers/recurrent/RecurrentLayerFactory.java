package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.CellFactory;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rnn}, {@code lstm}, {@code gru} and {@code recurrent}: stacked, optionally bidirectional
 * recurrent layers with PyTorch's math, gate order, weight names and shapes (so a PyTorch {@code
 * state_dict} loads by renaming the prefix only). One implementation serves every cell: the first
 * three are named after their built-in cell ({@link RnnCell}, {@link LstmCell}, {@link GruCell})
 * and take its params beside their own; {@code recurrent} runs any registered cell, a plugin's
 * included, named by its {@code cell} param ({@code cell: mgu} or {@code cell: {type: rnn,
 * activation: relu}}). The cell sets the gate size G (its gate blocks times H).
 *
 * <pre>
 *   rnn:   h' = act(W_ih x + b_ih + W_hh h + b_hh)                       act = tanh, relu or identity
 *   lstm:  i, f, g, o = σ, σ, tanh, σ of (W_ih x + b_ih + W_hh h + b_hh)   gate order i, f, g, o
 *          c' = f·c + i·g         h' = o·tanh(c')
 *   gru:   r, z = σ of (W_i{r,z} x + b_i{r,z} + W_h{r,z} h + b_h{r,z})     gate order r, z, n
 *          n  = tanh(W_in x + b_in + r·(W_hn h + b_hn))
 *          h' = (1 − z)·n + z·h
 * </pre>
 *
 * <p>Parameters (the same text as the {@link ParamSpec} docs):
 *
 * <ul>
 *   <li>{@code cell} ({@code recurrent} only, required): a registered cell type, with its own params
 *   <li>{@code units} (required): features in the hidden state h, H
 *   <li>{@code layers}: stacked layers L; layer k > 0 reads the D·H outputs of layer k − 1 (both
 *       directions side by side, whatever {@code merge} says). Default: 1
 *   <li>{@code activation} (rnn only): tanh, relu, or identity (a linear RNN, seed 004's
 *       sinusoid model). Default: tanh
 *   <li>{@code dropout}: inverted dropout with this probability on the outputs of every layer
 *       but the top one, while training only, drawn from the dropout stream; must be below 1. It
 *       has no effect with one layer (as in PyTorch, but without a warning). Default: 0
 *   <li>{@code bidirectional}: also run every layer backwards over each sequence's real steps,
 *       D = 2. Default: false
 *   <li>{@code merge}: how the top layer's two directions combine: concat (D·H features, PyTorch's
 *       layout), sum, mul or average (H features); ignored when not bidirectional. Default: concat
 *   <li>{@code output}: sequence (the top h at every step) or last (each sequence's final
 *       state). Default: sequence
 *   <li>{@code initial_state}: zero, or learned: trainable {@code h0} (and {@code c0} for lstm)
 *       {@code [L·D, H]}, shared by every sequence and starting at zero. Default: zero
 *   <li>{@code initializer}: fills every weight and bias, called with fan_in = H and fan_out =
 *       G. Default: uniform-fan-in, PyTorch's U(−1/√H, 1/√H)
 * </ul>
 *
 * <p>Shapes, with N the batch, T the time steps, F the input features, H = {@code units}, L =
 * {@code layers}, D = 2 for bidirectional concat and 1 otherwise: {@code [N, T, F] → [N, T, D·H]}
 * ({@code output: sequence}) or {@code [N, D·H]} ({@code output: last}). Token ids are refused:
 * put an {@code embedding} first.
 *
 * <p>Variable lengths: with a mask (1 real, 0 padding, padding at the end of each row) a
 * sequence's state is carried unchanged over its padded steps, its outputs there are 0, {@code
 * last} is the state at its own last real step, and the backward direction starts at its own
 * last real step, as with PyTorch's packed sequences. For bidirectional {@code last}, the
 * backward half is the reverse direction's final state, the one at t = 0 (PyTorch's {@code
 * h_n[-1]}).
 *
 * <table>
 *   <caption>Weights, for layer k and direction suffix {@code ""} or {@code "_reverse"}; I_0 = F, I_k = D·H</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code weight_ih_l{k}}</td><td>{@code [G, I_k]}; rows W_i, W_f, W_g, W_o (lstm) or W_r, W_z, W_n (gru)</td></tr>
 *   <tr><td>{@code weight_hh_l{k}}</td><td>{@code [G, H]}</td></tr>
 *   <tr><td>{@code bias_ih_l{k}}</td><td>{@code [G]}</td></tr>
 *   <tr><td>{@code bias_hh_l{k}}</td><td>{@code [G]} (the second bias exists for PyTorch compatibility)</td></tr>
 *   <tr><td>{@code h0}, {@code c0}</td><td>{@code [L·D, H]}, only with {@code initial_state: learned}</td></tr>
 * </table>
 *
 * <p>G = H (rnn), 4H (lstm), 3H (gru), gates·H for another cell. The final states of the last forward are available as
 * {@code h_n}/{@code c_n} {@code [L·D, N, H]} through {@link RecurrentLayer#finalStates()}.
 *
 * <pre>{@code
 * - type: lstm
 *   units: 64
 *   layers: 2
 *   bidirectional: true
 * }</pre>
 */
public final class RecurrentLayerFactory implements LayerFactory {
  static final String DEFAULT_INITIALIZER = "uniform-fan-in";
  /** The type that takes its cell as a param. */
  static final String RECURRENT = "recurrent";

  static final ParamSpec<TypedValue> CELL = ParamSpec.ofTyped("cell", Kind.CELL)
      .doc("the recurrent cell: a registered cell type (lstm, gru, rnn or a plugin's), with its own params");
  static final ParamSpec<Integer> UNITS = ParamSpec.ofInt("units").min(1)
      .doc("features in the hidden state h, H");
  static final ParamSpec<Integer> LAYERS = ParamSpec.ofInt("layers").min(1).byDefault(1)
      .doc("stacked layers L; layer k > 0 reads the D·H outputs of layer k − 1");
  /** The rnn cell's own param, declared by {@link RnnCell}; here for the layer's documentation. */
  static final ParamSpec<String> ACTIVATION = RnnCell.ACTIVATION;
  static final ParamSpec<Double> DROPOUT = ParamSpec.ofDouble("dropout").min(0).below(1).byDefault(0.0)
      .doc("inverted dropout on the outputs of every layer but the top one, while training only");
  static final ParamSpec<Boolean> BIDIRECTIONAL = ParamSpec.ofBoolean("bidirectional").byDefault(false)
      .doc("also run every layer backwards over each sequence's real steps, D = 2");
  static final ParamSpec<String> MERGE = ParamSpec.ofChoice("merge", Merge.keys())
      .byDefault(Merge.CONCAT.key())
      .doc("how the top layer's two directions combine: concat (D·H features), sum, mul or average (H); bidirectional only");
  static final ParamSpec<String> OUTPUT = ParamSpec.ofChoice("output", "sequence", "last")
      .byDefault("sequence")
      .doc("sequence: the top h at every step [T, D·H]; last: each sequence's final state [D·H]");
  static final ParamSpec<String> INITIAL_STATE = ParamSpec.ofChoice("initial_state", "zero", "learned")
      .byDefault("zero")
      .doc("zero, or learned: trainable h0 (and c0 for lstm) [L·D, H], starting at zero");
  static final ParamSpec<TypedValue> INITIALIZER = ParamSpec.ofTyped("initializer", Kind.INITIALIZER)
      .byDefault(TypedValue.of(Kind.INITIALIZER, DEFAULT_INITIALIZER, Params.empty()))
      .doc("fills every weight and bias with fan_in = H; the default is PyTorch's U(−1/√H, 1/√H)");

  private final String name;
  private final String doc;
  /** The cell of a layer type named after it; null for {@code recurrent}, whose cell is a param. */
  private final CellFactory cell;

  private RecurrentLayerFactory(String name, String doc, CellFactory cell) {
    this.name = requireNonNull(name, "name is null");
    this.doc = requireNonNull(doc, "doc is null");
    this.cell = cell;
  }

  /** The Elman {@code rnn} (tanh, relu or identity). */
  public static RecurrentLayerFactory rnn() {
    return of(RnnCell.factory(), "Elman recurrent layer h' = act(W_ih x + b_ih + W_hh h + b_hh), PyTorch's nn.RNN");
  }

  /** The {@code lstm}, gate order i, f, g, o. */
  public static RecurrentLayerFactory lstm() {
    return of(LstmCell.factory(), "long short-term memory layer, gate order i, f, g, o, PyTorch's nn.LSTM");
  }

  /** The {@code gru}, gate order r, z, n. */
  public static RecurrentLayerFactory gru() {
    return of(GruCell.factory(), "gated recurrent unit layer, gate order r, z, n, PyTorch's nn.GRU");
  }

  /** {@code recurrent}: any registered cell, named by the {@code cell} param. */
  public static RecurrentLayerFactory recurrent() {
    return new RecurrentLayerFactory(RECURRENT, "stacked, optionally bidirectional recurrent layer of any registered"
        + " cell (cell: lstm, gru, rnn or a plugin's)", null);
  }

  /** A layer type named after {@code cell} that takes the cell's params beside the layer's. */
  static RecurrentLayerFactory of(CellFactory cell, String doc) {
    return new RecurrentLayerFactory(cell.name(), doc, requireNonNull(cell, "cell is null"));
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String doc() {
    return doc;
  }

  /**
   * The layer's params, with the cell's own (rnn's {@code activation}) after {@code layers} for a
   * type named after its cell, or {@code cell} first for {@code recurrent}; params a cell does
   * not declare are refused by the config as unknown keys.
   */
  @Override
  public List<ParamSpec<?>> params() {
    List<ParamSpec<?>> specs = new ArrayList<>();
    if (cell == null) {
      specs.add(CELL);
    }
    specs.addAll(List.of(UNITS, LAYERS));
    if (cell != null) {
      specs.addAll(cell.params());
    }
    specs.addAll(List.of(DROPOUT, BIDIRECTIONAL, MERGE, OUTPUT, INITIAL_STATE, INITIALIZER));
    return List.copyOf(specs);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    requireNonNull(params, "params is null");
    requireNonNull(context, "context is null");
    checkInput(context);
    int units = params.get(UNITS);
    int layers = params.get(LAYERS);
    double dropout = params.get(DROPOUT);
    // repeated from the declared ranges, as PyTorch's RNNBase does, for layers built in code
    if (units < 1) {
      throw error(context, "units: expected an integer >= 1, got " + units);
    }
    if (layers < 1) {
      throw error(context, "layers: expected an integer >= 1, got " + layers);
    }
    if (!(dropout >= 0 && dropout < 1)) {
      throw error(context, "dropout: expected a number in [0, 1), got " + dropout);
    }
    CellChoice chosen = cell != null ? CellChoice.of(cell, params) : CellChoice.of(params.get(CELL), context);
    chosen.check(context, name);
    TypedValue init = params.get(INITIALIZER);
    RecurrentLayer.Options options = new RecurrentLayer.Options(context.name(), name, chosen.cell(), chosen.name(),
        context.inputShape(), units, layers, dropout, params.get(BIDIRECTIONAL),
        Merge.of(params.get(MERGE)), "last".equals(params.get(OUTPUT)), "learned".equals(params.get(INITIAL_STATE)),
        init.type());
    RecurrentLayer layer = new RecurrentLayer(options, context.initializer(init));
    layer.resetParameters(context.random());
    return layer;
  }

  private void checkInput(BuildContext context) {
    int[] shape = context.inputShape();
    if (context.inputVocabulary() > 0) {
      throw error(context, "expects real-valued [time, features] input, got token ids "
          + Shape.toString(shape) + " (vocabulary " + context.inputVocabulary()
          + "); add an embedding layer first");
    }
    if (shape.length != 2 || shape[1] < 1) {
      throw error(context, "expects [time, features] input per sample, got " + Shape.toString(shape));
    }
  }

  private RecurException error(BuildContext context, String message) {
    return new RecurException("layer '" + context.name() + "' (" + name + "): " + message);
  }
}
