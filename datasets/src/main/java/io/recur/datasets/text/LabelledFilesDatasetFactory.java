package io.recur.datasets.text;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.EncodedSequences;
import io.recur.datasets.encoding.MajorityBaseline;
import io.recur.datasets.encoding.SavedEncoding;
import io.recur.datasets.encoding.Splits;
import io.recur.datasets.encoding.Vocabularies;
import io.recur.datasets.named.DataSources;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.named.NamedDatasets;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Short texts labelled by the file they come from, type {@code labelled-files} (seed 003's names →
 * language): every file matching {@code pattern} in a folder is one class, named after the file
 * without its extension ({@code Russian.txt} → {@code Russian}), and every non-blank line of it is
 * one sample, surrounding whitespace stripped. Classes are sorted by name; targets are their
 * indices.
 *
 * <p>The split is stratified and seeded ({@link Splits#stratified}): each class is shuffled and cut
 * by {@code split} on its own, so a class of 57 names still has some in validation and test.
 * Every character is a token; the vocabulary is the sorted characters of the training split, with
 * {@code <unk>} only when validation or test hold one training never saw. Shapes: inputs {@code [N,
 * T]} token ids padded with id 0 to the longest sample T, targets {@code [N]} class indices, mask
 * {@code [N, T]} (1 for real characters; null when every sample has length T).
 *
 * <p>For a saved model ({@code DataContext.savedSchema()}, {@code recur evaluate --data}) every
 * file must name one of the model's classes (a folder may hold fewer), lines are prepared and
 * encoded with the model's codec, a character outside its vocabulary without {@code <unk>} is an
 * error naming file and line, and the training split may be empty.
 *
 * <p>Baseline: {@code <split>.majority-accuracy}, the accuracy of always answering the most
 * frequent class of the training split (for the names data, Russian).
 *
 * <pre>
 * data:
 *   type: labelled-files
 *   source: names
 *   split: [8, 1, 1]
 * </pre>
 */
public final class LabelledFilesDatasetFactory implements DatasetFactory {
  public static final String NAME = "labelled-files";

  static final List<String> SOURCES = List.of(NamedDatasets.NAMES);
  static final ParamSpec<String> SOURCE = DataSources.source(SOURCES.toArray(String[]::new));
  static final ParamSpec<String> PATH = DataSources.path("a folder of text files, one per class");
  static final ParamSpec<String> PATTERN = ParamSpec.ofString("pattern").byDefault("*.txt")
      .doc("which files of the folder are classes (a glob: *.txt)");
  static final ParamSpec<Boolean> LOWERCASE = ParamSpec.ofBoolean("lowercase").byDefault(false)
      .doc("lower-case every sample");
  static final ParamSpec<Boolean> ASCII = ParamSpec.ofBoolean("ascii").byDefault(false)
      .doc("remove accents (Unicode NFD, combining marks dropped: É → E), as the PyTorch names tutorial's unicodeToAscii");
  static final ParamSpec<Boolean> DISTINCT = ParamSpec.ofBoolean("distinct").byDefault(false)
      .doc("keep one copy of a sample repeated within a class, so no copy of a training sample can be tested on");
  static final ParamSpec<Integer> MAX_LENGTH = ParamSpec.ofInt("max_length").min(1).optional()
      .doc("characters kept from the start of each sample; longer ones are truncated");
  static final ParamSpec<List<Double>> SPLIT = Splits.ratios(List.of(8.0, 1.0, 1.0))
      .doc("relative sizes of train, val and test, cut within each class after a seeded shuffle (stratified)");

  private final NamedData named;

  /** Reads named datasets from the data directory, downloading missing ones from their source. */
  public LabelledFilesDatasetFactory() {
    this(NamedData.standard());
  }

  /** @param named how named datasets are found and fetched (tests pass a loopback downloader) */
  public LabelledFilesDatasetFactory(NamedData named) {
    this.named = requireNonNull(named, "named is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "one class per text file of a folder, one sample per line, char tokens, stratified split (names → language)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SOURCE, PATH, PATTERN, LOWERCASE, ASCII, DISTINCT, MAX_LENGTH, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    String who = "dataset '" + NAME + "'";
    Path folder = DataSources.folder(who, params.get(SOURCE), params.get(PATH), SOURCES, context, named);
    List<Path> files = files(folder, params.get(PATTERN), who);
    SavedEncoding saved = SavedEncoding.of(context);
    List<String> classes = new ArrayList<>();
    List<List<String>> tokens = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    List<String> places = new ArrayList<>();
    // strip, fold, lower-case and cut as predict and evaluate will: the codec carries these rules
    // (for a saved model, its codec's rules, so new names are prepared as its training names were)
    TextCodec tokenizer = saved != null ? saved.codec(who)
        : new TextCodec(TextCodec.CHAR, List.of(), 0, TextCodec.Symbols.NONE,
            TextPreparation.of(true, params.get(ASCII), params.get(LOWERCASE), params.get(MAX_LENGTH)));
    TextPreparation preparation = tokenizer.preparation();
    for (Path file : files) {
      String name = file.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String className = dot > 0 ? name.substring(0, dot) : name;
      int label = saved != null ? saved.classIndex(className, file.toString(), "class") : classes.size();
      classes.add(className);
      Set<String> seen = new HashSet<>();
      int before = labels.size();
      String[] lines = DataSources.readText(file).split("\n", -1);
      for (int l = 0; l < lines.length; l++) {
        String line = lines[l];
        if (line.isBlank()) {
          continue;
        }
        // repeats are judged on the whole prepared sample, before max_length cuts it
        if (params.get(DISTINCT) && !seen.add(preparation.apply(line))) {
          continue;
        }
        tokens.add(List.copyOf(tokenizer.tokens(line)));
        labels.add(label);
        places.add(file + ":" + (l + 1));
      }
      if (labels.size() == before) {
        throw new RecurException(who + ": " + file + ": no samples; expected one sample per line and every line is blank");
      }
    }

    int n = labels.size();
    int[] labelArray = labels.stream().mapToInt(Integer::intValue).toArray();
    Splits splits = Splits.stratified(params.get(SPLIT), labelArray, context.random(), who + " (" + folder + ")",
        context.savedSchema());
    float[] targets = new float[n];
    for (int i = 0; i < n; i++) {
      targets[i] = labelArray[i];
    }
    if (saved != null) {
      EncodedSequences encoded = saved.encode(tokens, places, who);
      Map<String, Split> parts = splits.apply(encoded.ids(), Tensor.of(targets, n), encoded.mask());
      // no training part to take the majority class from: evaluation only
      return new EncodedDataset(saved.schemaFor(encoded), parts);
    }
    List<String> vocabulary = Vocabularies.fromTraining(tokens, splits.train());
    EncodedSequences encoded = EncodedSequences.encode(tokens, vocabulary);
    Map<String, Split> parts = splits.apply(encoded.ids(), Tensor.of(targets, n), encoded.mask());
    DataSchema schema = new DataSchema(new int[] {encoded.ids().dim(1)}, vocabulary.size(), classes,
        new TextCodec(TextCodec.CHAR, vocabulary, encoded.fixedLength(), TextCodec.Symbols.NONE, preparation));
    return new EncodedDataset(schema, parts, MajorityBaseline.of(parts, classes.size()));
  }

  /** The files of {@code folder} matching {@code pattern}, sorted by name. */
  private static List<Path> files(Path folder, String pattern, String who) {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder, pattern)) {
      for (Path p : stream) {
        if (Files.isRegularFile(p)) {
          out.add(p);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + folder + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new RecurException(who + ": pattern '" + pattern + "' is not a valid glob: " + e.getMessage());
    }
    if (out.isEmpty()) {
      throw new RecurException(who + ": " + folder + ": no files match '" + pattern + "'; expected one text file per class");
    }
    out.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    return out;
  }
}
