package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A built {@code encoder-decoder} of any registered cell: an encoder of L fused {@link SequenceOp}s
 * (a {@link CellStack}) over the embedded
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
  record Options(String name, RecurrentCell cell, String cellName, int inputLength,
      int vocabulary, int embeddingSize, int units, int layers, int sourceEndId, boolean reverseSource,
      boolean contextInput, int outputLength, boolean outputLengthFromData, String initializerName) {
    Options {
      requireNonNull(name, "name is null");
      requireNonNull(cell, "cell is null");
      requireNonNull(cellName, "cellName is null");
      requireNonNull(initializerName, "initializerName is null");
    }
  }

  private final Options options;
  private final Initializer initializer;
  private final RecurrentCell cell;
  private final int units;
  private final int layers;
  private final Tensor embedding;
  private final CellStack encoder;
  private final CellStack decoder;
  private final Map<String, Tensor> parameters;

  EncoderDecoderLayer(Options options, Initializer initializer) {
    this.options = requireNonNull(options, "options is null");
    this.initializer = requireNonNull(initializer, "initializer is null");
    this.cell = options.cell();
    this.units = options.units();
    this.layers = options.layers();
    Map<String, Tensor> p = new LinkedHashMap<>();
    embedding = options.embeddingSize() > 0 ? Tensor.parameter(options.vocabulary(), options.embeddingSize()) : null;
    if (embedding != null) {
      p.put(EMBEDDING, embedding);
    }
    int features = options.embeddingSize() > 0 ? options.embeddingSize() : options.vocabulary();
    encoder = new CellStack(cell, options.cellName(), units, layers, 1, features, units, ENCODER + ".", p);
    // decoder layer 0 reads one zero feature, as the seed's nn.RNN(input_size=1) fed zeros, or the context
    decoder = new CellStack(cell, options.cellName(), units, layers, 1, options.contextInput() ? units : 1, units,
        DECODER + ".", p);
    this.parameters = Collections.unmodifiableMap(p);
  }

  /**
   * Fills the embedding (if any) from N(0, 1), as PyTorch's {@code nn.Embedding}, then every
   * recurrent weight and bias, in {@link #parameters()} order, with the configured initialiser
   * called with fan_in = H and fan_out = G (the default draws U(−1/√H, 1/√H), PyTorch's {@code
   * reset_parameters}).
   */
  void resetParameters(RandomGenerator random) {
    if (embedding != null) {
      float[] d = embedding.data();
      for (int i = 0; i < d.length; i++) {
        d[i] = (float) random.nextGaussian();
      }
    }
    encoder.resetParameters(initializer, random);
    decoder.resetParameters(initializer, random);
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
    float[] hN = encoder.newFinalStates(batch, false);
    float[] cN = encoder.newFinalStates(batch, true);
    Tensor[] h = new Tensor[layers];
    Tensor[] c = new Tensor[layers];
    for (int k = 0; k < layers; k++) {
      boolean top = k == layers - 1;
      // the top layer's sequence is never used: with lastOnly its output is its final state
      SequenceOp op = encoder.op(k, x, lengths, options.reverseSource(), top, null, null, k);
      Tensor out = op.forward(hN, cN, k * block);
      h[k] = top ? out : op.finalHidden();
      c[k] = cN != null ? op.finalCell() : null;
      x = out;
    }

    int[] full = new int[batch];
    Arrays.fill(full, outSteps);
    Tensor y = options.contextInput() ? Tensor.stackSteps(Collections.nCopies(outSteps, h[layers - 1]))
        : Tensor.zeros(batch, outSteps, 1);
    float[] decH = decoder.newFinalStates(batch, false);
    float[] decC = decoder.newFinalStates(batch, true);
    for (int k = 0; k < layers; k++) {
      SequenceOp op = decoder.op(k, y, full, false, false, h[k], c[k], SequenceOp.PER_ROW);
      y = op.forward(decH, decC, k * block);
    }
    return y;
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
    StringBuilder b = new StringBuilder(EncoderDecoderLayerFactory.NAME).append('(').append(options.cellName())
        .append(", ").append(options.vocabulary()).append('→').append(units).append(" → ")
        .append(options.outputLength()).append(" steps");
    if (layers != 1) {
      b.append(", layers=").append(layers);
    }
    if (!cell.options().isEmpty()) {
      b.append(", ").append(cell.options());
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
