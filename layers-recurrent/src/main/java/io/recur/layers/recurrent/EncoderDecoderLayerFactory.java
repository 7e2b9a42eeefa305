package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.BuildContext;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code encoder-decoder}: seed 004's sequence-to-sequence model as one layer. An encoder (L
 * stacked layers of any registered cell: rnn, lstm, gru or a plugin's) reads the source token ids; its final state, taken at each
 * source's own end, becomes the initial state of a decoder (L layers of the same cell) that
 * reads no input and runs for the length of the targets; the decoder's top states are the
 * output, to be mapped onto the target vocabulary by a {@code time-distributed} {@code dense}.
 *
 * <pre>
 *   x_t      = onehot(s_t)  or  embedding[s_t]                      s: source ids, t &lt; len(s)
 *   encoder:  h^k_t = cell^k_enc(h^{k−1}_t, h^k_{t−1}),  h^k_{−1} = 0,   h^{−1}_t = x_t
 *   bridge:   h^k_0' = h^k_{len(s)−1}   (and c for lstm)               per layer k, per sequence
 *   decoder:  h^k_u = cell^k_dec(h^{k−1}_u, h^k_{u−1}),   h^{−1}_u = 0 (or h^{L−1}_{len(s)−1}), u &lt; T_out
 *   output:   y_u = h^{L−1}_u
 * </pre>
 *
 * Each cell is the PyTorch cell of {@link RecurrentLayerFactory} (gate orders, both biases); the
 * decoder's input is a single zero feature, exactly the seed's {@code SumRNN}/{@code SumLSTM},
 * whose decoder is an {@code nn.RNN(input_size=1)} fed zeros, so its {@code weight_ih_l0 [G, 1]}
 * exists only for weight compatibility (its gradient is always 0).
 *
 * <p>Parameters (the same text as the {@link ParamSpec} docs):
 *
 * <ul>
 *   <li>{@code cell} (required): a registered cell type (rnn, lstm, gru or a plugin's), with its
 *       own params ({@code cell: {type: rnn, activation: relu}}), for both encoder and decoder
 *   <li>{@code units} (required): features in the hidden state h, H, of every layer
 *   <li>{@code layers}: stacked layers L of the encoder and of the decoder; decoder layer k
 *       starts from encoder layer k's final state. Default: 1
 *   <li>{@code activation} (rnn only): tanh, relu or identity, the same as the rnn cell's own
 *       {@code activation}; kept so that configs written before cells were types still run.
 *       Default: tanh
 *   <li>{@code embedding_size}: a learned embedding {@code [V, E]} of the source ids, drawn from
 *       N(0, 1) like PyTorch's {@code nn.Embedding}. Default: none, one-hot vectors of size V
 *   <li>{@code source_end_id}: the id that ends a source (the {@code <end>} of variable-length
 *       data, id 0): the encoder's state is taken at each source's first end id, the seed's
 *       masked encoder, so padding never reaches it. Default: none, every step is source
 *   <li>{@code reverse_source}: read each source backwards, from its end to its first symbol
 *       (Sutskever et al.'s trick: the first target symbols then sit close to the last ones
 *       read). Default: false
 *   <li>{@code decoder_input}: what the decoder reads at every step: none, one zero feature (the
 *       seed's decoder), or context, the encoder's top final state h^{L−1}_{len(s)−1} (Cho et al.'s
 *       context vector, Keras' RepeatVector), so the decoder need not carry the whole source in
 *       its state; then {@code decoder.weight_ih_l0} is {@code [G, H]}. Default: none
 *   <li>{@code output_length}: decoder steps T_out. Default: the length of the dataset's targets
 *       (the engine tells the layer), else the input length
 *   <li>{@code initializer}: fills every recurrent weight and bias with fan_in = H. Default:
 *       uniform-fan-in, PyTorch's U(−1/√H, 1/√H)
 * </ul>
 *
 * <p>Shapes: {@code [N, T_in]} token ids → {@code [N, T_out, H]}. The engine's mask, when the
 * batch has one, is the dataset's mask over the <em>target</em> positions ({@code [N, T_out]},
 * see the synthetic datasets' {@code SequencePairs}); the layer decodes every step and leaves
 * the masking to the loss and metrics. It checks only that the mask covers T_out steps, so a
 * wrong {@code output_length} fails with a message rather than a shape error in the loss.
 *
 * <table>
 *   <caption>Weights; I_0 = V (one-hot) or E, I_k = H; G = H, 4H, 3H for rnn, lstm, gru</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code embedding.weight}</td><td>{@code [V, E]}, only with {@code embedding_size}</td></tr>
 *   <tr><td>{@code encoder.weight_ih_l{k}}</td><td>{@code [G, I_k]}</td></tr>
 *   <tr><td>{@code encoder.weight_hh_l{k}}, {@code encoder.bias_ih_l{k}}, {@code encoder.bias_hh_l{k}}</td>
 *       <td>{@code [G, H]}, {@code [G]}, {@code [G]}</td></tr>
 *   <tr><td>{@code decoder.weight_ih_l0}</td><td>{@code [G, 1]} (zero input, see above), {@code [G, H]} with
 *       {@code decoder_input: context}; {@code [G, H]} for k &gt; 0</td></tr>
 *   <tr><td>{@code decoder.weight_hh_l{k}}, {@code decoder.bias_ih_l{k}}, {@code decoder.bias_hh_l{k}}</td>
 *       <td>{@code [G, H]}, {@code [G]}, {@code [G]}</td></tr>
 * </table>
 *
 * <p>A PyTorch {@code state_dict} of the seed's model maps across by renaming {@code
 * encoder_rnn.} to {@code encoder.} and {@code decoder_rnn.} to {@code decoder.} (and its {@code
 * hidden_to_output} to the dense layer that follows).
 *
 * <pre>{@code
 * - type: encoder-decoder
 *   cell: lstm
 *   units: 128
 *   source_end_id: 0
 * }</pre>
 */
public final class EncoderDecoderLayerFactory implements LayerFactory {
  static final String NAME = "encoder-decoder";

  static final ParamSpec<TypedValue> CELL = ParamSpec.ofTyped("cell", Kind.CELL)
      .doc("the recurrent cell of both encoder and decoder: a registered cell type (rnn, lstm, gru or a plugin's)");
  static final ParamSpec<Integer> UNITS = ParamSpec.ofInt("units").min(1)
      .doc("features in the hidden state h, H, of every layer");
  static final ParamSpec<Integer> LAYERS = ParamSpec.ofInt("layers").min(1).byDefault(1)
      .doc("stacked layers L of the encoder and of the decoder; decoder layer k starts from encoder layer k's final state");
  private static final String DEFAULT_ACTIVATION = "tanh";
  static final ParamSpec<String> ACTIVATION = ParamSpec.ofChoice("activation", "tanh", "relu", "identity")
      .byDefault(DEFAULT_ACTIVATION)
      .doc("nonlinearity of the rnn cell (rnn only)");
  static final ParamSpec<Integer> EMBEDDING_SIZE = ParamSpec.ofInt("embedding_size").min(1).optional()
      .doc("a learned embedding [V, E] of the source ids; absent: one-hot vectors of the vocabulary size");
  static final ParamSpec<Integer> SOURCE_END_ID = ParamSpec.ofInt("source_end_id").min(0).optional()
      .doc("the id that ends a source (<end>, id 0 of variable-length data): the encoder's state is taken at"
          + " each source's first one; absent: every step is source");
  static final ParamSpec<Boolean> REVERSE_SOURCE = ParamSpec.ofBoolean("reverse_source").byDefault(false)
      .doc("read each source backwards, from its end to its first symbol");
  static final ParamSpec<String> DECODER_INPUT = ParamSpec.ofChoice("decoder_input", "none", "context")
      .byDefault("none")
      .doc("what the decoder reads at every step: none (one zero feature, the seed's decoder) or context (the"
          + " encoder's top final state, Cho et al.'s context vector)");
  static final ParamSpec<Integer> OUTPUT_LENGTH = ParamSpec.ofInt("output_length").min(1).optional()
      .doc("decoder steps T_out; absent: the length of the dataset's targets, else the input length");
  static final ParamSpec<TypedValue> INITIALIZER = ParamSpec.ofTyped("initializer", Kind.INITIALIZER)
      .byDefault(TypedValue.of(Kind.INITIALIZER, RecurrentLayerFactory.DEFAULT_INITIALIZER, Params.empty()))
      .doc("fills every recurrent weight and bias with fan_in = H; the default is PyTorch's U(−1/√H, 1/√H)");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "encoder rnn whose final state (at each source's end) initialises a decoder rnn reading no input or"
        + " the encoder's context (seed 004's encoder-decoder); [N, T_in] ids → [N, T_out, H]";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(CELL, UNITS, LAYERS, ACTIVATION, EMBEDDING_SIZE, SOURCE_END_ID, REVERSE_SOURCE, DECODER_INPUT,
        OUTPUT_LENGTH, INITIALIZER);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    requireNonNull(params, "params is null");
    requireNonNull(context, "context is null");
    int[] shape = context.inputShape();
    int vocabulary = context.inputVocabulary();
    if (vocabulary <= 0 || shape.length != 1) {
      throw error(context, "expects token ids [time] per sample, got " + (vocabulary <= 0 ? "real-valued input " : "")
          + Shape.toString(shape) + "; it embeds the ids itself, so put it first, without an embedding layer");
    }
    int units = params.get(UNITS);
    int layers = params.get(LAYERS);
    if (units < 1) {
      throw error(context, "units: expected an integer >= 1, got " + units);
    }
    if (layers < 1) {
      throw error(context, "layers: expected an integer >= 1, got " + layers);
    }
    CellChoice cell = CellChoice.of(withActivation(params.get(CELL), params.get(ACTIVATION), context), context);
    cell.check(context, NAME);
    Integer end = params.get(SOURCE_END_ID);
    if (end != null && end >= vocabulary) {
      throw error(context, "source_end_id " + end + " is outside the source vocabulary [0, " + vocabulary + ")");
    }
    Integer embedding = params.get(EMBEDDING_SIZE);
    Integer length = params.get(OUTPUT_LENGTH);
    int outputLength = length != null ? length : defaultOutputLength(context.targetShape(), shape[0]);
    TypedValue init = params.get(INITIALIZER);
    EncoderDecoderLayer.Options options = new EncoderDecoderLayer.Options(context.name(), cell.cell(), cell.name(),
        shape[0], vocabulary, embedding == null ? 0 : embedding, units, layers, end == null ? -1 : end, params.get(REVERSE_SOURCE), "context".equals(params.get(DECODER_INPUT)), outputLength,
        length == null, init.type());
    EncoderDecoderLayer layer = new EncoderDecoderLayer(options, context.initializer(init));
    layer.resetParameters(context.random());
    return layer;
  }

  /**
   * The cell with the layer's own {@code activation} (the key from before cells were types) moved
   * into it: only an rnn cell has one, and a cell that gives its own may not be contradicted.
   */
  private static TypedValue withActivation(TypedValue cell, String activation, BuildContext context) {
    if (DEFAULT_ACTIVATION.equals(activation)) {
      return cell;
    }
    Object own = cell.params().asMap().get(ACTIVATION.name());
    if (!cell.params().asMap().containsKey(ACTIVATION.name())) {
      throw error(context, "activation applies to cell rnn only; " + cell.type()
          + " has fixed gate nonlinearities, so remove activation: " + activation);
    }
    if (!DEFAULT_ACTIVATION.equals(own) && !activation.equals(own)) {
      throw error(context, "activation: " + activation + " contradicts the cell's own activation: " + own
          + "; give it once, in cell");
    }
    Map<String, Object> merged = new LinkedHashMap<>(cell.params().asMap());
    merged.put(ACTIVATION.name(), activation);
    return new TypedValue(cell.kind(), cell.type(), Params.of(merged), cell.name(), cell.location());
  }

  /** The targets' time steps when the engine knows the targets are sequences, else the input length. */
  private static int defaultOutputLength(int[] targetShape, int inputLength) {
    return targetShape != null && targetShape.length >= 1 && targetShape[0] >= 1 ? targetShape[0] : inputLength;
  }

  private static RecurException error(BuildContext context, String message) {
    return new RecurException("layer '" + context.name() + "' (" + NAME + "): " + message);
  }
}
