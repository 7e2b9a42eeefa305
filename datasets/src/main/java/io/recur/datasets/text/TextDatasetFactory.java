package io.recur.datasets.text;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.encoding.EncodedDataset;
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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Text for character language models (seeds 002 and 004), type {@code text}: a corpus read as one
 * long string, or one item per line (dinosaur names). Every character (Unicode code point) is a
 * token; targets are the next character.
 *
 * <h2>corpus mode</h2>
 * The text is cut by position into contiguous parts (with {@code split: [90, 5, 5]} the first 90%
 * trains, the next 5% validates, the last 5% tests), and each part into windows of {@code
 * sequence_length} = T characters starting every {@code stride} characters: inputs are a window,
 * targets the same window shifted by one character. Shapes: inputs {@code [N, T]} and targets
 * {@code [N, T]} token ids, no mask. Windows are in text order; with {@code stride} =
 * T (the default) window k+1 starts where window k ends, so a trainer that carries the recurrent
 * state across windows (truncated back-propagation through time) can lay the N windows of a split
 * out as B parallel streams, stream b taking windows {@code [b·N/B, (b+1)·N/B)} in order: the
 * dataset says so ({@link Dataset#consecutive()}) exactly when {@code stride} = T.
 *
 * <h2>lines mode</h2>
 * Each non-blank line is one item (split by item, after a seeded shuffle), followed by the end
 * symbol {@code \n}. With {@code start: end} (the default) an item {@code abc} gives inputs {@code
 * \n a b c} and targets {@code a b c \n}: the end symbol doubles as the start, as if the previous
 * item had just ended, so the vocabulary is the seed's 27 symbols for the dinosaur names (the seed
 * feeds a zero vector first, which a one-hot of a token cannot express). {@code start: token} uses a
 * separate {@code <start>} token instead; {@code start: none} gives inputs {@code a b c} and targets
 * {@code b c \n}. Items are padded with id 0 to the longest one of the whole dataset, T; shapes:
 * inputs {@code [N, T]}, targets {@code [N, T]}, mask {@code [N, T]} (1 for real steps; null when
 * every item has the same length).
 *
 * <h2>vocabulary and codec</h2>
 * The sorted characters of the training part ({@code \n} first, id 0, as in seed 002), then {@code
 * <start>} if used, then {@code <unk>} only when validation or test hold a character training never
 * saw. The schema's classes are the vocabulary (targets are ids into it) and its codec is a {@code
 * char} codec of variable length whose symbols give a sampler what it needs: in lines mode the end
 * symbol {@code \n} (sampling stops after it) and the start symbol to prime with; none in corpus
 * mode. CR LF line ends read as LF; {@code lowercase} lower-cases everything first.
 *
 * <h2>a saved model's encoding</h2>
 * For a saved model ({@code DataContext.savedSchema()}, {@code recur evaluate --data}) the text is
 * prepared and encoded with the model's codec, its symbols included, instead of this text's own; a
 * character outside its vocabulary without {@code <unk>} is an error naming file, line and
 * character, and the training part may be empty.
 *
 * <h2>baselines</h2>
 * {@code <split>.unigram-bits-per-character}: the bits per character of predicting every target
 * from the training characters' frequencies (add-one smoothed), with no context at all.
 *
 * <pre>
 * data:
 *   type: text
 *   source: dinos
 *   mode: lines
 *   lowercase: true
 * </pre>
 */
public final class TextDatasetFactory implements DatasetFactory {
  public static final String NAME = "text";
  /** The end-of-item symbol of lines mode. */
  public static final String END = "\n";
  /** The start symbol of lines mode with {@code start: token}. */
  public static final String START = "<start>";

  static final List<String> SOURCES = List.of(NamedDatasets.DINOS, NamedDatasets.TINY_SHAKESPEARE);
  private static final List<String> SPLIT_NAMES = List.of(Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST);
  static final ParamSpec<String> SOURCE = DataSources.source(SOURCES.toArray(String[]::new));
  static final ParamSpec<String> PATH = DataSources.path("a UTF-8 text file");
  static final ParamSpec<String> MODE = ParamSpec.ofChoice("mode", "corpus", "lines").byDefault("corpus")
      .doc("corpus: one long text cut into windows; lines: one item per line, each ending with the symbol \\n");
  static final ParamSpec<Boolean> LOWERCASE = ParamSpec.ofBoolean("lowercase").byDefault(false)
      .doc("lower-case the text before anything else");
  static final ParamSpec<Integer> SEQUENCE_LENGTH = ParamSpec.ofInt("sequence_length").min(1).byDefault(100)
      .doc("corpus: characters per training window (T)");
  static final ParamSpec<Integer> STRIDE = ParamSpec.ofInt("stride").min(1).optional()
      .doc("corpus: characters from one window's start to the next; default sequence_length (consecutive windows)");
  static final ParamSpec<String> START_SYMBOL = ParamSpec.ofChoice("start", "end", "token", "none").byDefault("end")
      .doc("lines: the first input of an item: end (the \\n symbol), token (a separate <start>), none (no start)");
  static final ParamSpec<Integer> MAX_LENGTH = ParamSpec.ofInt("max_length").min(1).optional()
      .doc("lines: characters kept from the start of each line; longer lines are truncated");
  static final ParamSpec<Integer> MAX_CHARS = ParamSpec.ofInt("max_chars").min(2).optional()
      .doc("corpus: read only the first this many characters (quick runs and smoke tests); default: all");
  static final ParamSpec<List<Double>> SPLIT = Splits.ratios(List.of(90.0, 5.0, 5.0))
      .doc("relative sizes of train, val and test: by position in corpus mode (contiguous parts, in order),"
          + " by item after a seeded shuffle in lines mode");

  private final NamedData named;

  /** Reads named datasets from the data directory, downloading missing ones from their source. */
  public TextDatasetFactory() {
    this(NamedData.standard());
  }

  /** @param named how named datasets are found and fetched (tests pass a loopback downloader) */
  public TextDatasetFactory(NamedData named) {
    this.named = requireNonNull(named, "named is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "characters of a text corpus or of one item per line, with next-character targets (char language models)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SOURCE, PATH, MODE, LOWERCASE, SEQUENCE_LENGTH, STRIDE, START_SYMBOL, MAX_LENGTH, MAX_CHARS, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    Path file = DataSources.file("dataset '" + NAME + "'", params.get(SOURCE), params.get(PATH), SOURCES, context, named);
    boolean lines = "lines".equals(params.get(MODE));
    String where = "dataset '" + NAME + "' (" + file + ")";
    // a saved model's codec: its vocabulary, symbols and preparation, instead of this text's own
    TextCodec saved = context.savedSchema() == null ? null : SavedEncoding.of(context).codec(where);
    // lower-case (and, for lines, cut) as predict and evaluate will: the codec carries these rules
    TextPreparation preparation = saved != null ? saved.preparation()
        : TextPreparation.of(false, false, params.get(LOWERCASE), lines ? params.get(MAX_LENGTH) : null);
    String raw = DataSources.readText(file);
    if (lines && preparation.maxLength() == 0) {
      DataSources.requireShortLines(raw, file, "lines mode expects one item a line (set max_length to keep the"
          + " first characters of long lines)");
    }
    String text = preparation.apply(raw);
    return lines
        ? lines(text, params, preparation, context, where, file.toString())
        : corpus(text, params, preparation, context, where, file.toString());
  }

  /**
   * The id of a character that {@code codec} has no id for: {@code <unk>}'s, or (a saved model's
   * codec without one) an error naming the file and line.
   */
  private static int unseen(TextCodec codec, String character, String file, int line) {
    return SavedEncoding.tokenId(codec, character, file + ":" + line);
  }

  private static Dataset corpus(String text, Params params, TextPreparation preparation, DataContext context,
      String where, String file) {
    int[] chars = text.codePoints().toArray();
    Integer maxChars = params.get(MAX_CHARS);
    if (maxChars != null && chars.length > maxChars) {
      chars = Arrays.copyOf(chars, maxChars);
    }
    int t = params.get(SEQUENCE_LENGTH);
    int stride = params.get(STRIDE) == null ? t : params.get(STRIDE);
    DataSchema saved = context.savedSchema();
    int[] sizes = Splits.sizes(params.get(SPLIT), chars.length, where, saved);
    List<Double> ratios = params.get(SPLIT);

    TextCodec codec;
    if (saved != null) {
      codec = saved.codec();
    } else {
      TreeSet<String> seen = new TreeSet<>();
      for (int i = 0; i < sizes[0]; i++) {
        seen.add(Character.toString(chars[i]));
      }
      List<String> own = new ArrayList<>(seen);
      boolean unseen = false;
      for (int i = sizes[0]; i < chars.length && !unseen; i++) {
        unseen = !seen.contains(Character.toString(chars[i]));
      }
      if (unseen) {
        own.add(Vocabularies.UNKNOWN);
      }
      codec = new TextCodec(TextCodec.CHAR, own, 0, TextCodec.Symbols.NONE, preparation);
    }
    List<String> vocabulary = codec.vocabulary();
    int[] ids = new int[chars.length];
    int line = 1;
    for (int i = 0; i < chars.length; i++) {
      String c = Character.toString(chars[i]);
      int id = codec.id(c);
      ids[i] = id < 0 ? unseen(codec, c, file, line) : id;
      if (chars[i] == '\n') {
        line++;
      }
    }

    Map<String, Split> splits = new LinkedHashMap<>();
    int from = 0;
    for (int s = 0; s < 3; s++) {
      int length = sizes[s];
      if (length > 0 || (s < ratios.size() && ratios.get(s) > 0)) {
        int windows = length > t ? (length - t - 1) / stride + 1 : 0;
        if (windows == 0) {
          throw new RecurException(where + ": the " + SPLIT_NAMES.get(s) + " part holds " + length
              + " characters, too few for one window of sequence_length + 1 = " + (t + 1)
              + "; lower sequence_length or give " + SPLIT_NAMES.get(s) + " a larger share of split " + ratios);
        }
        int cells = DataSources.paddedCells(windows, t, 2, where, "sequence_length " + t,
            "lower sequence_length, raise stride or set max_chars");
        float[] in = new float[cells];
        float[] out = new float[cells];
        for (int w = 0; w < windows; w++) {
          int start = from + w * stride;
          for (int k = 0; k < t; k++) {
            in[w * t + k] = ids[start + k];
            out[w * t + k] = ids[start + k + 1];
          }
        }
        splits.put(SPLIT_NAMES.get(s), new Split(Tensor.of(in, windows, t), Tensor.of(out, windows, t), null));
      }
      from += length;
    }
    DataSchema schema = new DataSchema(new int[] {t}, vocabulary.size(), vocabulary, codec);
    Dataset dataset = new EncodedDataset(schema, splits, UnigramBaseline.of(splits, vocabulary.size()));
    return stride == t ? new ConsecutiveWindows(dataset) : dataset;
  }

  private static Dataset lines(String text, Params params, TextPreparation preparation, DataContext context,
      String where, String file) {
    List<int[]> items = new ArrayList<>();
    List<Integer> itemLines = new ArrayList<>();
    TextCodec tokenizer = new TextCodec(TextCodec.CHAR, List.of(), 0, TextCodec.Symbols.NONE, preparation);
    String[] lines = text.split("\n", -1);
    for (int l = 0; l < lines.length; l++) {
      if (lines[l].isBlank()) {
        continue;
      }
      items.add(tokenizer.tokens(lines[l]).stream().mapToInt(c -> c.codePointAt(0)).toArray());
      itemLines.add(l + 1);
    }
    if (items.isEmpty()) {
      throw new RecurException(where + ": no items; lines mode expects one item per line and every line is blank");
    }
    DataSchema saved = context.savedSchema();
    Splits splits = Splits.shuffled(params.get(SPLIT), items.size(), context.random(), where, saved);
    TextCodec codec = saved != null ? saved.codec() : ownCodec(items, splits, params.get(START_SYMBOL), preparation);
    List<String> vocabulary = codec.vocabulary();
    String startToken = codec.symbols().start();
    // a model trained on a corpus has no end symbol; a line break still ends each item
    int end = codec.endId() >= 0 ? codec.endId() : SavedEncoding.tokenId(codec, END, where);

    // every item: [start?] chars \n; inputs drop the last symbol, targets the first
    int n = items.size();
    int[][] full = new int[n][];
    int longest = 0;
    for (int i = 0; i < n; i++) {
      int[] chars = items.get(i);
      int offset = startToken == null ? 0 : 1;
      int[] ids = new int[chars.length + offset + 1];
      if (startToken != null) {
        ids[0] = codec.id(startToken);
      }
      for (int k = 0; k < chars.length; k++) {
        String c = Character.toString(chars[k]);
        int id = codec.id(c);
        ids[offset + k] = id < 0 ? unseen(codec, c, file, itemLines.get(i)) : id;
      }
      ids[ids.length - 1] = end;
      full[i] = ids;
      longest = Math.max(longest, ids.length - 1);
    }
    int longestItem = 0;
    for (int i = 0; i < n; i++) {
      if (full[i].length - 1 == longest) {
        longestItem = i;
        break;
      }
    }
    int cells = DataSources.paddedCells(n, longest, 3, where, file + ":" + itemLines.get(longestItem),
        "set max_length to keep the first characters of long lines");
    float[] in = new float[cells];
    float[] out = new float[cells];
    float[] mask = new float[cells];
    boolean ragged = false;
    for (int i = 0; i < n; i++) {
      int steps = full[i].length - 1;
      ragged |= steps != longest;
      for (int k = 0; k < steps; k++) {
        in[i * longest + k] = full[i][k];
        out[i * longest + k] = full[i][k + 1];
        mask[i * longest + k] = 1f;
      }
    }
    Map<String, Split> parts = splits.apply(Tensor.of(in, n, longest), Tensor.of(out, n, longest),
        ragged ? Tensor.of(mask, n, longest) : null);
    DataSchema schema = new DataSchema(new int[] {longest}, vocabulary.size(), vocabulary, codec);
    return new EncodedDataset(schema, parts, UnigramBaseline.of(parts, vocabulary.size()));
  }

  /**
   * The vocabulary of lines mode, from the training items: {@code \n} and their sorted
   * characters, then {@code <start>} if used, then {@code <unk>} only when another item holds a
   * character training never saw.
   */
  private static TextCodec ownCodec(List<int[]> items, Splits splits, String start, TextPreparation preparation) {
    TreeSet<String> seen = new TreeSet<>();
    seen.add(END);
    for (int i : splits.train()) {
      for (int c : items.get(i)) {
        seen.add(Character.toString(c));
      }
    }
    List<String> vocabulary = new ArrayList<>(seen);
    if ("token".equals(start)) {
      vocabulary.add(START);
    }
    boolean unseen = false;
    for (int[] item : items) {
      for (int c : item) {
        unseen |= !seen.contains(Character.toString(c));
      }
    }
    if (unseen) {
      vocabulary.add(Vocabularies.UNKNOWN);
    }
    String startToken = switch (start) {
      case "end" -> END;
      case "token" -> START;
      default -> null;
    };
    return new TextCodec(TextCodec.CHAR, vocabulary, 0, new TextCodec.Symbols(startToken, END, null), preparation);
  }
}
