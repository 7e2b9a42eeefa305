package io.recur.datasets.tabular;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.EncodedSequences;
import io.recur.datasets.encoding.MajorityBaseline;
import io.recur.datasets.encoding.SavedEncoding;
import io.recur.datasets.encoding.Splits;
import io.recur.datasets.encoding.Vocabularies;
import io.recur.datasets.named.DataSources;
import io.recur.io.InputFiles;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.spi.TextPreparation;
import io.recur.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Labelled sequences from a TSV or CSV file (types {@code tsv} and {@code csv}): a header row
 * names the columns; each further row holds one sequence and its class label.
 *
 * <p>Classes are the distinct labels, sorted (numerically when every label is an integer, so
 * {@code 2} comes before {@code 10}), and targets are their indices. The vocabulary comes from
 * the training split (see {@link Vocabularies}). Sequences of different lengths are padded with
 * id 0 to the longest and get a {@code [N, T]} mask; the text codec then takes variable length.
 *
 * <p>With {@code labels: per-position} the label column holds one label per token, split with
 * the same tokenizer (with {@code char}: one character per position, as seed 001's {@code
 * hidden_state} column {@code HHLLH…}); a row whose label count differs from its token count is
 * an error naming its line. Targets are then {@code [N, T]} class indices (0 on padded steps,
 * which the mask excludes), the classes being the distinct position labels, sorted as above.
 *
 * <p>For a saved model ({@code DataContext.savedSchema()}, {@code recur evaluate --data}) the file
 * is read with the model's codec (tokenizer, preparation, vocabulary) and classes instead: a label
 * outside them, or a token outside a vocabulary without {@code <unk>}, is an error naming its line,
 * and the training split may be empty ({@code split: [0, 0, 1]}).
 *
 * <pre>
 * data:
 *   type: tsv
 *   path: data/promoters.tsv
 *   tokenizer: char
 * </pre>
 */
public final class DelimitedDatasetFactory implements DatasetFactory {
  static final ParamSpec<String> PATH = ParamSpec.ofString("path")
      .doc("the data file, relative to the experiment file's folder");
  static final ParamSpec<String> SEQUENCE_COLUMN = ParamSpec.ofString("sequence_column").byDefault("sequence")
      .doc("header name of the column holding the sequences");
  static final ParamSpec<String> LABEL_COLUMN = ParamSpec.ofString("label_column").byDefault("label")
      .doc("header name of the column holding the class labels");
  static final ParamSpec<String> TOKENIZER = ParamSpec.ofChoice("tokenizer", TextCodec.CHAR, TextCodec.WHITESPACE)
      .byDefault(TextCodec.CHAR)
      .doc("char: every character is a token; whitespace: words");
  static final ParamSpec<List<Double>> SPLIT = Splits.RATIOS;
  static final ParamSpec<Integer> MAX_LENGTH = ParamSpec.ofInt("max_length").min(1).optional()
      .doc("tokens kept from the start of each sequence; longer ones are truncated");
  static final String PER_SEQUENCE = "per-sequence";
  static final String PER_POSITION = "per-position";
  static final ParamSpec<String> LABELS = ParamSpec.ofChoice("labels", PER_SEQUENCE, PER_POSITION)
      .byDefault(PER_SEQUENCE)
      .doc("per-sequence: one class label per row; per-position: one label per token (targets [N, T])");

  private final String name;
  private final DelimitedFormat format;

  private DelimitedDatasetFactory(String name, DelimitedFormat format) {
    this.name = requireNonNull(name, "name is null");
    this.format = requireNonNull(format, "format is null");
  }

  /** Tab-separated values, no quoting. */
  public static DelimitedDatasetFactory tsv() {
    return new DelimitedDatasetFactory("tsv", DelimitedFormat.TSV);
  }

  /** Comma-separated values with RFC 4180 quoting. */
  public static DelimitedDatasetFactory csv() {
    return new DelimitedDatasetFactory("csv", DelimitedFormat.CSV);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String doc() {
    return "labelled sequences from a " + (format == DelimitedFormat.TSV ? "tab" : "comma")
        + "-separated file with a header row";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(PATH, SEQUENCE_COLUMN, LABEL_COLUMN, TOKENIZER, SPLIT, MAX_LENGTH, LABELS);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    Path file = context.configDirectory().resolve(params.get(PATH)).normalize();
    String source = file.toString();
    String who = "dataset '" + name + "' (" + source + ")";
    SavedEncoding saved = SavedEncoding.of(context);
    // a saved model's codec splits and prepares the text as its training data was; else this data's own rules
    TextCodec tokenizer = saved != null ? saved.codec(who)
        : new TextCodec(params.get(TOKENIZER), List.of(), 0, TextCodec.Symbols.NONE,
            TextPreparation.of(false, false, false, params.get(MAX_LENGTH)));
    LabelledSequences data = LabelledSequences.of(format.parse(read(file, tokenizer.preparation().maxLength() == 0), source),
        params.get(SEQUENCE_COLUMN), params.get(LABEL_COLUMN), tokenizer,
        PER_POSITION.equals(params.get(LABELS)), source);

    int n = data.labels().size();
    List<String> classes = saved != null ? saved.schema().classes()
        : classes(data.perPosition() ? flatten(data.positionLabels()) : data.labels());
    ClassIndex classIndex = saved != null ? saved::classIndex : index(classes);
    List<String> places = data.places(source);
    Tensor targets;
    if (data.perPosition()) {
      targets = positionTargets(data.positionLabels(), classIndex, places);
    } else {
      float[] t = new float[n];
      for (int i = 0; i < n; i++) {
        t[i] = classIndex.of(data.labels().get(i), places.get(i));
      }
      targets = Tensor.of(t, n);
    }
    Splits splits = Splits.shuffled(params.get(SPLIT), n, context.random(), who, context.savedSchema());
    if (saved != null) {
      EncodedSequences encoded = saved.encode(data.tokens(), places, who);
      return new EncodedDataset(saved.schemaFor(encoded), splits.apply(encoded.ids(), targets, encoded.mask()));
    }
    List<String> vocabulary = Vocabularies.fromTraining(data.tokens(), splits.train());
    EncodedSequences encoded = EncodedSequences.encode(data.tokens(), vocabulary, places, who);
    DataSchema schema = new DataSchema(new int[] {encoded.ids().dim(1)}, vocabulary.size(), classes,
        new TextCodec(tokenizer.tokenizer(), vocabulary, encoded.fixedLength(), TextCodec.Symbols.NONE,
            tokenizer.preparation()));
    Map<String, Split> parts = splits.apply(encoded.ids(), targets, encoded.mask());
    // per-position targets hold 0 at padded steps, which a plain count would score: baseline per sequence only
    return new EncodedDataset(schema, parts, data.perPosition() ? Map.of() : MajorityBaseline.of(parts, classes.size()));
  }

  /** A label's class index; {@code where} names its row for a label the classes lack. */
  @FunctionalInterface
  private interface ClassIndex {
    int of(String label, String where);
  }

  private static List<String> flatten(List<List<String>> rows) {
    List<String> all = new ArrayList<>();
    rows.forEach(all::addAll);
    return all;
  }

  /** The classes of this data itself: every label is one of them. */
  private static ClassIndex index(List<String> classes) {
    Map<String, Integer> classIndex = new HashMap<>();
    for (int c = 0; c < classes.size(); c++) {
      classIndex.put(classes.get(c), c);
    }
    return (label, where) -> classIndex.get(label);
  }

  /** {@code [N, T]} class indices, T the longest row; padded steps hold 0 (the mask leaves them out). */
  private static Tensor positionTargets(List<List<String>> labels, ClassIndex classIndex, List<String> places) {
    int n = labels.size();
    int longest = 0;
    for (List<String> row : labels) {
      longest = Math.max(longest, row.size());
    }
    int longestRow = 0;
    for (int i = 0; i < n; i++) {
      if (labels.get(i).size() == longest) {
        longestRow = i;
        break;
      }
    }
    float[] t = new float[DataSources.paddedCells(n, longest, 1, "per-position targets", n == 0 ? "" : places.get(longestRow),
        "set max_length to cut long sequences")];
    for (int i = 0; i < n; i++) {
      List<String> row = labels.get(i);
      for (int j = 0; j < row.size(); j++) {
        t[i * longest + j] = classIndex.of(row.get(j), places.get(i));
      }
    }
    return Tensor.of(t, n, longest);
  }

  /**
   * The file's text; {@code limitLines}: without max_length, a line longer than {@link
   * DataSources#MAX_LINE_CHARS} is refused, naming it, before it is split into tokens.
   */
  private static String read(Path file, boolean limitLines) {
    if (Files.notExists(file) && !Files.isSymbolicLink(file)) {
      throw new RecurException(file + ": file not found (the path is relative to the experiment file's folder)");
    }
    // a regular file (not a folder, a link loop or a device) of at most InputFiles.MAX_TEXT_BYTES
    String text = InputFiles.readUtf8(file, InputFiles.MAX_TEXT_BYTES, "a delimited text file with a header row");
    if (limitLines) {
      DataSources.requireShortLines(text, file, "expected one sample a line (set max_length to keep the first tokens"
          + " of long sequences)");
    }
    return text;
  }

  /** Sorted class names; integers sort as numbers, so labels 0, 1, …, 10 get indices 0, 1, …, 10 (not 0, 1, 10, 2, …). */
  private static List<String> classes(List<String> labels) {
    TreeSet<String> distinct = new TreeSet<>(labels);
    boolean integers = distinct.stream().allMatch(s -> s.matches("-?\\d{1,18}"));
    List<String> out = new ArrayList<>(distinct);
    if (integers) {
      out.sort(Comparator.comparingLong(Long::parseLong));
    }
    return List.copyOf(out);
  }
}
