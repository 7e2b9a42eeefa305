package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A built {@code encoder-decoder}: an encoder of L fused {@link SequenceOp}s over the embedded
 * source, whose final states ({@link SequenceOp#finalHidden()}, {@link SequenceOp#finalCell()})
 * are the per-row initial states ({@link SequenceOp#PER_ROW}) of a decoder of L ops over a zero
 * input. Gradients flow from the decoder's outputs through its initial states into the encoder,
 * all in the ops' hand-written backward. The math, parameters and shapes are documented on
 * {@link EncoderDecoderLayerFactory}. Like every layer, not thread-safe: one forward at a time.
 */
final class EncoderDecoderLayer implements Layer {
  static final String ENCODER = "encoder";
  static final String DECODER = "decoder";
  static final String EMBEDDING = "embedding.weight";

  /**
   * Everything that shapes the layer, validated by the factory.
   *
   * @param inputLength T_in the layer was built for (batches may have another)
   * @param embeddingSize E, or 0 for one-hot vectors of the vocabulary
   * @param sourceEndId the id ending each source, or -1 when every step is source
   * @param contextInput whether the decoder reads the encoder's top final state at every step
   * @param outputLengthFromData whether T_out came from the data rather than {@code output_length}
   */
  record Options(String name, Cell cell, int inputLength, int vocabulary, int embeddingSize, int units, int layers,
      RnnSequenceOp.Activation activation, int sourceEndId, boolean reverseSource, boolean contextInput, int outputLength,
      boolean outputLengthFromData, String initializerName) {
    Options {
      requireNonNull(name, "name is null");
      requireNonNull(cell, "cell is null");
      requireNonNull(activation, "activation is null");
      requireNonNull(initializerName, "initializerName is null");
    }
  }

  /** One stack's weights, indexed by layer. */
  private record Stack(Tensor[] weightIh, Tensor[] weightHh, Tensor[] biasIh, Tensor[] biasHh, Workspace[] workspaces) {
    static Stack of(int layers) {
      Workspace[] ws = new Workspace[layers];
      for (int k = 0; k < layers; k++) {
        ws[k] = new Workspace();
      }
      return new Stack(new Tensor[layers], new Tensor[layers], new Tensor[layers], new Tensor[layers], ws);
    }
  }

  private final Options options;
  private final Initializer initializer;
  private final Cell cell;
  private final int units;
  private final int layers;
  private final Tensor embedding;
  private final Stack encoder;
  private final Stack decoder;
  private final Map<String, Tensor> parameters;

  EncoderDecoderLayer(Options options, Initializer initializer) {
    this.options = requireNonNull(options, "options is null");
    this.initializer = requireNonNull(initializer, "initializer is null");
    this.cell = options.cell();
    this.units = options.units();
    this.layers = options.layers();
    int gates = cell.gateSize(units);
    Map<String, Tensor> p = new LinkedHashMap<>();
    embedding = options.embeddingSize() > 0 ? Tensor.parameter(options.vocabulary(), options.embeddingSize()) : null;
    if (embedding != null) {
      p.put(EMBEDDING, embedding);
    }
    int features = options.embeddingSize() > 0 ? options.embeddingSize() : options.vocabulary();
    encoder = Stack.of(layers);
    decoder = Stack.of(layers);
    // decoder layer 0 reads one zero feature, as the seed's nn.RNN(input_size=1) fed zeros, or the context
    addWeights(p, ENCODER, encoder, features, gates);
    addWeights(p, DECODER, decoder, options.contextInput() ? units : 1, gates);
    this.parameters = Collections.unmodifiableMap(p);
  }

  private void addWeights(Map<String, Tensor> p, String prefix, Stack stack, int firstInput, int gates) {
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? firstInput : units;
      stack.weightIh()[k] = put(p, prefix, "weight_ih", k, Tensor.parameter(gates, in));
      stack.weightHh()[k] = put(p, prefix, "weight_hh", k, Tensor.parameter(gates, units));
      // two biases where one would do: kept only for PyTorch weight compatibility
      stack.biasIh()[k] = put(p, prefix, "bias_ih", k, Tensor.parameter(gates));
      stack.biasHh()[k] = put(p, prefix, "bias_hh", k, Tensor.parameter(gates));
    }
  }

  private static Tensor put(Map<String, Tensor> p, String prefix, String kind, int layer, Tensor t) {
    p.put(prefix + "." + RecurrentLayer.paramName(kind, layer, false), t);
    return t;
  }

  /**
   * Fills the embedding (if any) from N(0, 1), as PyTorch's {@code nn.Embedding}, then every
   * recurrent weight and bias, in {@link #parameters()} order, with the configured initialiser
   * called with fan_in = H and fan_out = G (the default draws U(−1/√H, 1/√H), PyTorch's {@code
   * reset_parameters}).
   */
  void resetParameters(RandomGenerator random) {
    int gates = cell.gateSize(units);
    for (Tensor t : parameters.values()) {
      if (t == embedding) {
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) random.nextGaussian();
        }
      } else {
        initializer.initialize(t, units, gates, random);
      }
    }
  }

  /**
   * {@code [N, T_in]} source ids → {@code [N, T_out, H]}, the decoder's top states. T_in may
   * differ from the length the layer was built for; T_out may not.
   *
   * @throws RecurException naming the layer when the input, an id or the mask does not fit
   */
  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    requireNonNull(input, "input is null");
    requireNonNull(context, "context is null");
    if (input.rank() != 2) {
      throw error("expected token ids [N, T], got shape " + Shape.toString(input.shape()));
    }
    int batch = input.dim(0);
    int outSteps = options.outputLength();
    checkMask(context.mask(), batch, outSteps);
    int[] lengths = sourceLengths(input);
    Tensor x = embedding != null ? input.embed(embedding) : oneHot(input);

    int block = batch * units;
    float[] hN = new float[layers * block];
    float[] cN = cell.hasCellState() ? new float[hN.length] : null;
    Tensor[] h = new Tensor[layers];
    Tensor[] c = new Tensor[layers];
    for (int k = 0; k < layers; k++) {
      boolean top = k == layers - 1;
      // the top layer's sequence is never used: with lastOnly its output is its final state
      SequenceOp op = newOp(encoder, k, x, lengths, options.reverseSource(), top, null, null, k);
      Tensor out = op.forward(hN, cN, k * block);
      h[k] = top ? out : op.finalHidden();
      c[k] = cN != null ? op.finalCell() : null;
      x = out;
    }

    int[] full = new int[batch];
    Arrays.fill(full, outSteps);
    Tensor y = options.contextInput() ? Tensor.stackSteps(Collections.nCopies(outSteps, h[layers - 1]))
        : Tensor.zeros(batch, outSteps, 1);
    float[] decH = new float[hN.length];
    float[] decC = cN == null ? null : new float[cN.length];
    for (int k = 0; k < layers; k++) {
      SequenceOp op = newOp(decoder, k, y, full, false, false, h[k], c[k], SequenceOp.PER_ROW);
      y = op.forward(decH, decC, k * block);
    }
    return y;
  }

  private SequenceOp newOp(Stack s, int k, Tensor x, int[] lengths, boolean reverse, boolean lastOnly, Tensor h0,
      Tensor c0, int stateRow) {
    return switch (cell) {
      case RNN -> new RnnSequenceOp(x, s.weightIh()[k], s.weightHh()[k], s.biasIh()[k], s.biasHh()[k], h0, stateRow,
          lengths, reverse, lastOnly, options.activation(), s.workspaces()[k]);
      case LSTM -> new LstmSequenceOp(x, s.weightIh()[k], s.weightHh()[k], s.biasIh()[k], s.biasHh()[k], h0, c0,
          stateRow, lengths, reverse, lastOnly, s.workspaces()[k]);
      case GRU -> new GruSequenceOp(x, s.weightIh()[k], s.weightHh()[k], s.biasIh()[k], s.biasHh()[k], h0, stateRow,
          lengths, reverse, lastOnly, s.workspaces()[k]);
    };
  }

  /** {@code [N, T] → [N, T, V]}, with a message naming the layer for an id outside the vocabulary. */
  private Tensor oneHot(Tensor ids) {
    try {
      return ids.oneHot(options.vocabulary());
    } catch (IllegalArgumentException e) {
      throw error("source " + e.getMessage());
    }
  }

  /**
   * Each row's source length: the position of its first {@code source_end_id}, or T when it has
   * none (or no end id is configured). A source may be empty: the decoder then starts from the
   * encoder's zero state.
   */
  int[] sourceLengths(Tensor ids) {
    int batch = ids.dim(0);
    int steps = ids.dim(1);
    int[] lengths = new int[batch];
    float end = options.sourceEndId();
    float[] d = ids.data();
    for (int n = 0; n < batch; n++) {
      int length = steps;
      if (options.sourceEndId() >= 0) {
        for (int t = 0; t < steps; t++) {
          if (d[n * steps + t] == end) {
            length = t;
            break;
          }
        }
      }
      lengths[n] = length;
    }
    return lengths;
  }

  /**
   * The engine's mask of an encoder–decoder dataset covers the target positions, the decoder's
   * steps; one of another length means T_out does not match the targets.
   */
  private void checkMask(Tensor mask, int batch, int outSteps) {
    if (mask == null || mask.rank() != 2 || mask.dim(0) != batch || mask.dim(1) == outSteps) {
      return;
    }
    throw error("decodes " + outSteps + " steps, but the batch's mask covers " + mask.dim(1)
        + " target positions " + Shape.toString(mask.shape()) + (options.outputLengthFromData()
        ? "; set output_length: " + mask.dim(1) : "; set output_length: " + mask.dim(1) + " or leave it out"));
  }

  private RecurException error(String message) {
    return new RecurException("layer '" + options.name() + "' (" + EncoderDecoderLayerFactory.NAME + "): " + message);
  }

  /**
   * In {@code named_parameters()} order: {@code embedding.weight [V, E]} (with {@code
   * embedding_size}), then for the encoder and then the decoder, per layer k, {@code
   * weight_ih_l{k}}, {@code weight_hh_l{k}}, {@code bias_ih_l{k}}, {@code bias_hh_l{k}}, each
   * prefixed {@code encoder.} or {@code decoder.}.
   */
  @Override
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  @Override
  public int[] outputShape() {
    return new int[] {options.outputLength(), units};
  }

  /** Sizes, then only the parameters that differ from their defaults. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(EncoderDecoderLayerFactory.NAME).append('(').append(cell.typeName())
        .append(", ").append(options.vocabulary()).append('→').append(units).append(" → ")
        .append(options.outputLength()).append(" steps");
    if (layers != 1) {
      b.append(", layers=").append(layers);
    }
    if (options.activation() != RnnSequenceOp.Activation.TANH) {
      b.append(", activation=").append(options.activation().key());
    }
    if (options.embeddingSize() > 0) {
      b.append(", embedding_size=").append(options.embeddingSize());
    }
    if (options.sourceEndId() >= 0) {
      b.append(", source_end_id=").append(options.sourceEndId());
    }
    if (options.reverseSource()) {
      b.append(", reverse_source=true");
    }
    if (options.contextInput()) {
      b.append(", decoder_input=context");
    }
    if (!options.initializerName().equals(RecurrentLayerFactory.DEFAULT_INITIALIZER)) {
      b.append(", initializer=").append(options.initializerName());
    }
    return b.append(')').toString();
  }
}
