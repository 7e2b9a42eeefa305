package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataSchema;
import io.recur.spi.Normalization;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.tensor.Shape;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Whether data built for a saved model is encoded the way the model was trained: the same input
 * vocabulary (token ids), the same classes (target indices), the same normalisation and the same
 * per-sample input shape, apart from the time dimension of variable-length text. A dataset asked to
 * encode with the model's schema ({@code DataContext.savedSchema()}) that builds its own instead (a
 * plugin that ignores the request, a synthetic generator with another alphabet) would give the
 * model ids and class indices that mean something else, and the metrics would be silently wrong;
 * this is the one check, after any dataset, that turns that into an error.
 */
public final class SchemaAgreement {
  /** One way the data's schema differs: what, the data's value, the model's value. */
  private record Difference(String what, String data, String model) {}

  private SchemaAgreement() {}

  /**
   * @param model the saved model's schema
   * @param data the schema of the dataset built for it
   * @param type the dataset type, as named in messages
   * @param source where the data section came from (a YAML file), or {@code null}
   * @throws RecurException when they differ, saying what differs
   */
  public static void require(DataSchema model, DataSchema data, String type, String source) {
    requireNonNull(model, "model is null");
    requireNonNull(data, "data is null");
    List<Difference> differences = differences(model, data);
    if (differences.isEmpty()) {
      return;
    }
    List<String> theirs = new ArrayList<>();
    List<String> ours = new ArrayList<>();
    for (Difference d : differences) {
      theirs.add(d.what() + " " + d.data());
      ours.add(d.model());
    }
    throw new RecurException("dataset type '" + type + "'" + (source == null ? "" : " (" + source + ")")
        + " encoded its data with its own " + String.join(" and ", theirs) + ", which differ"
        + (differences.size() == 1 ? "s" : "") + " from the model's " + String.join(" and ", ours)
        + "; it cannot be evaluated on the model's encoding");
  }

  private static List<Difference> differences(DataSchema model, DataSchema data) {
    List<Difference> out = new ArrayList<>();
    if (!sameShape(model, data)) {
      out.add(new Difference("input shape", Shape.toString(data.inputShape()), Shape.toString(model.inputShape())));
    }
    if (model.codec() != null && data.codec() != null) {
      List<String> a = model.codec().vocabulary();
      List<String> b = data.codec().vocabulary();
      if (!a.equals(b)) {
        out.add(new Difference("vocabulary", printable(b), printable(a)));
      }
    } else if (model.inputVocabulary() != data.inputVocabulary()) {
      // without both codecs only the size of the id range can be compared
      out.add(new Difference("vocabulary size", String.valueOf(data.inputVocabulary()),
          String.valueOf(model.inputVocabulary())));
    }
    if (model.targetCodec() != null && data.targetCodec() != null
        && !model.targetCodec().vocabulary().equals(data.targetCodec().vocabulary())) {
      out.add(new Difference("target vocabulary", printable(data.targetCodec().vocabulary()),
          printable(model.targetCodec().vocabulary())));
    }
    if (!model.classes().equals(data.classes())) {
      out.add(new Difference("classes", printable(data.classes()), printable(model.classes())));
    }
    if (!Objects.equals(model.normalization(), data.normalization())) {
      out.add(new Difference("normalization", describe(data.normalization()), describe(model.normalization())));
    }
    return out;
  }

  private static boolean sameShape(DataSchema model, DataSchema data) {
    return takes(model, data.inputShape());
  }

  /**
   * Whether a model with {@code schema} takes samples of per-sample shape {@code got}: its own
   * shape, or, for a model over variable-length text (a codec of length 0), that shape with
   * another number of steps; such a model runs over any number of steps.
   */
  public static boolean takes(DataSchema schema, int[] got) {
    int[] expected = schema.inputShape();
    if (Arrays.equals(expected, got)) {
      return true;
    }
    boolean variableLength = schema.codec() != null && schema.codec().length() == 0;
    return variableLength && expected.length == got.length && expected.length > 0
        && Arrays.equals(Arrays.copyOfRange(expected, 1, expected.length), Arrays.copyOfRange(got, 1, got.length));
  }

  private static String describe(Normalization n) {
    return n == null ? "none" : "(mean " + n.mean() + ", std " + n.std() + ")";
  }

  /** A token list as messages show it, at most 40 entries, each on one line. */
  private static String printable(List<String> tokens) {
    List<String> shown = tokens.stream().limit(40).map(TextCodec::printable).toList();
    String list = String.join(", ", shown);
    return "[" + list + (tokens.size() > shown.size() ? ", … " + tokens.size() + " in all" : "") + "]";
  }
}
