package io.recur.datasets.synthetic;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.Splits;
import io.recur.datasets.named.DataSources;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The encoder–decoder data layout shared by {@code copy}, {@code reverse} and {@code addition}
 * (seed 004), for a model that encodes the whole input, then decodes the target from the
 * encoder's final state:
 * <ul>
 *   <li>inputs {@code [N, T_in]}: source token ids over the source codec's vocabulary;
 *   <li>targets {@code [N, T_out]}: target token ids over the target codec's vocabulary;
 *   <li>mask {@code [N, T_out]} over the target positions: 1 for every target symbol and for the
 *       one end symbol after them, 0 for the padding after that (the loss of the seed's "smart"
 *       training, {@code l >= arange(T)}); {@code null} for fixed-length data, which has no end
 *       symbol. The engine hands the same mask to the model; it describes the decoder's steps, not
 *       the encoder's.
 * </ul>
 * With variable lengths, both vocabularies start with the end symbol {@code <end>} at id 0 (the
 * seed's stop symbol 0), which also pads: every source is followed by at least one {@code <end>}
 * (T_in is the longest possible source plus one), so an encoder finds a source's length as the
 * position of its first end id and takes its state there, as the seed's masked encoder does. Each
 * codec's {@link TextCodec#symbols()} names {@code <end>} as end and pad; the target codec also
 * names it as start: a decoder that feeds back its previous output begins with the end id, as if
 * a previous answer had just ended (the seed's decoder reads zeros instead, which needs no start).
 * The schema carries both codecs ({@link DataSchema#codec()} for the source, {@link
 * DataSchema#targetCodec()} for the target) and names the target vocabulary as its classes, since
 * the decoder classifies every step over it.
 */
final class SequencePairs {
  /**
   * The most samples a synthetic dataset generates ({@code samples:} is range-checked against it,
   * so {@code validate} refuses what {@code train} could not allocate): ten million.
   */
  public static final int MAX_SAMPLES = 10_000_000;

  /** The end-of-sequence and padding symbol of variable-length data, id 0 in both vocabularies. */
  static final String END = "<end>";

  private SequencePairs() {}

  /**
   * Pads the id sequences and builds the dataset, split after a seeded shuffle.
   *
   * @param sources source ids, without the end symbol
   * @param targets target ids, without the end symbol
   * @param inLength T_in; sources are padded with end ids to it (it exceeds every source length
   *     when there is an end symbol)
   * @param outLength T_out
   * @param variable whether there is an end symbol (id 0 of both codecs), which also pads, and a mask
   */
  static Dataset dataset(int[][] sources, int[][] targets, int inLength, int outLength, boolean variable,
      TextCodec source, TextCodec target, List<Double> ratios, RandomGenerator random, String where) {
    int n = sources.length;
    float[] in = new float[DataSources.paddedCells(n, inLength, 1, where, "sources of " + inLength + " steps",
        "lower samples or the lengths")];
    int outCells = DataSources.paddedCells(n, outLength, variable ? 2 : 1, where, "targets of " + outLength + " steps",
        "lower samples or the lengths");
    float[] out = new float[outCells];
    float[] mask = variable ? new float[outCells] : null;
    for (int i = 0; i < n; i++) {
      for (int t = 0; t < sources[i].length; t++) {
        in[i * inLength + t] = sources[i][t];
      }
      for (int t = 0; t < targets[i].length; t++) {
        out[i * outLength + t] = targets[i][t];
      }
      if (variable) {
        // id 0 is <end>: the arrays already hold it after each sequence; the mask takes the first one in
        for (int t = 0; t <= targets[i].length; t++) {
          mask[i * outLength + t] = 1f;
        }
      }
    }
    Splits splits = Splits.shuffled(ratios, n, random, where);
    DataSchema schema = new DataSchema(new int[] {inLength}, source.vocabulary().size(), target.vocabulary(), source,
        target, null);
    return new EncodedDataset(schema, splits.apply(Tensor.of(in, n, inLength), Tensor.of(out, n, outLength),
        variable ? Tensor.of(mask, n, outLength) : null));
  }

  /** A char codec over {@code vocabulary} with {@code <end>} as end and pad (and start, for targets), or none. */
  static TextCodec codec(List<String> vocabulary, int length, boolean variable, boolean target) {
    TextCodec.Symbols symbols = variable ? new TextCodec.Symbols(target ? END : null, END, END) : TextCodec.Symbols.NONE;
    return new TextCodec(TextCodec.CHAR, vocabulary, variable ? 0 : length, symbols);
  }
}
