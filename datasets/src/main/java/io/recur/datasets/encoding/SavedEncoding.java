package io.recur.datasets.encoding;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Encoding new data exactly as a saved model's data was encoded ({@link DataContext#savedSchema()}):
 * its codec's vocabulary, tokenizer and preparation, its classes by name. What the model cannot
 * represent is an error naming where it was found, never a new id: a token outside a vocabulary
 * without {@code <unk>}, a label that is not one of its classes, a sequence of another length for a
 * fixed-length codec.
 */
public final class SavedEncoding {
  private final DataSchema schema;
  private final Map<String, Integer> classIndex = new HashMap<>();

  private SavedEncoding(DataSchema schema) {
    this.schema = requireNonNull(schema, "schema is null");
    List<String> classes = schema.classes();
    for (int c = 0; c < classes.size(); c++) {
      classIndex.putIfAbsent(classes.get(c), c);
    }
  }

  /** The saved model's encoding the context asks for, or {@code null} when the dataset builds its own. */
  public static SavedEncoding of(DataContext context) {
    DataSchema saved = context.savedSchema();
    return saved == null ? null : new SavedEncoding(saved);
  }

  /** @param schema the saved model's schema */
  public static SavedEncoding of(DataSchema schema) {
    return new SavedEncoding(schema);
  }

  public DataSchema schema() {
    return schema;
  }

  /**
   * The model's text codec.
   *
   * @param who names the dataset in the message, e.g. {@code "dataset 'tsv'"}
   * @throws RecurException when the model takes no text (real values): text data cannot be encoded for it
   */
  public TextCodec codec(String who) {
    if (schema.codec() == null) {
      throw new RecurException(who + ": the model takes no text (its inputs are real values), so text data cannot be"
          + " encoded for it");
    }
    return schema.codec();
  }

  /**
   * The index of {@code label} in the model's classes.
   *
   * @param where the file and line, {@code data.tsv:7}, or the file a class comes from
   * @throws RecurException naming {@code where} and the label when the model has no such class
   */
  public int classIndex(String label, String where) {
    return classIndex(label, where, "label");
  }

  /**
   * {@link #classIndex(String, String)} where the class is called {@code noun} in the message
   * ({@code "class"} for a file that names its class).
   */
  public int classIndex(String label, String where, String noun) {
    Integer c = classIndex.get(label);
    if (c == null) {
      throw new RecurException(where + ": " + noun + " '" + TextCodec.printable(label) + "' is not one of the model's classes "
          + printable(schema.classes()) + "; a model can only be evaluated on the classes it was trained on");
    }
    return c;
  }

  /**
   * The id of {@code token} in the model's vocabulary, or of its {@code <unk>}.
   *
   * @throws RecurException naming {@code where} and the token when the vocabulary has neither
   */
  public static int tokenId(TextCodec codec, String token, String where) {
    int id = codec.id(token);
    if (id < 0) {
      id = codec.id(TextCodec.UNKNOWN);
    }
    if (id < 0) {
      throw new RecurException(where + ": token '" + TextCodec.printable(token) + "' is not in the model's vocabulary "
          + printable(codec.vocabulary()) + ", which has no " + TextCodec.UNKNOWN + " to stand for it");
    }
    return id;
  }

  /**
   * Token sequences as the model's ids, padded with id 0 to the longest (a model over
   * variable-length text takes any T) with a mask when lengths vary. With a fixed-length codec
   * every sequence must have the codec's length.
   *
   * @param where where each sequence comes from, {@code file:line}, in the order of {@code sequences}
   * @throws RecurException naming the sequence's place for an unknown token or a wrong length
   */
  public EncodedSequences encode(List<List<String>> sequences, List<String> where, String who) {
    TextCodec codec = codec(who);
    int n = sequences.size();
    int longest = 0;
    boolean ragged = false;
    for (int i = 0; i < n; i++) {
      int length = sequences.get(i).size();
      if (codec.length() > 0 && length != codec.length()) {
        throw new RecurException(where.get(i) + ": a sequence of " + length + " tokens; the model takes exactly "
            + codec.length());
      }
      ragged |= length != sequences.get(0).size();
      longest = Math.max(longest, length);
    }
    float[] ids = new float[n * longest];
    float[] mask = ragged ? new float[n * longest] : null;
    for (int i = 0; i < n; i++) {
      List<String> s = sequences.get(i);
      for (int t = 0; t < s.size(); t++) {
        ids[i * longest + t] = tokenId(codec, s.get(t), where.get(i));
        if (mask != null) {
          mask[i * longest + t] = 1f;
        }
      }
    }
    return new EncodedSequences(Tensor.of(ids, n, longest), mask == null ? null : Tensor.of(mask, n, longest));
  }

  /** The schema of data encoded this way: the model's, with the input length of this data when it varies. */
  public DataSchema schemaFor(EncodedSequences encoded) {
    int[] shape = schema.inputShape();
    if (shape.length == 1) {
      shape[0] = encoded.ids().dim(1);
    }
    return new DataSchema(shape, schema.inputVocabulary(), schema.classes(), schema.codec(), schema.targetCodec(),
        schema.normalization());
  }

  /** A list as messages show it: at most 40 entries, each printable on one line. */
  static String printable(List<String> items) {
    List<String> shown = items.stream().limit(40).map(TextCodec::printable).toList();
    return "[" + String.join(", ", shown) + (items.size() > shown.size() ? ", … " + items.size() + " in all" : "") + "]";
  }
}
