package org.example.recurplugin;

import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * {@code fasta}: labelled sequences read from FASTA files, one class label per record taken from
 * its header line ({@code >seq17 promoter}). Every symbol is a token; the vocabulary is the
 * {@code alphabet} if given, else every symbol seen, sorted. Sequences of different lengths are
 * padded at the end with a mask, so masked layers (recurrent layers, {@code attention-pool})
 * ignore the padding; when all have one length, {@code recur predict} can also read new
 * sequences as text, one per line.
 *
 * <p>Inputs {@code [N, L]} token ids (L the longest sequence), targets {@code [N]} class indices
 * (labels sorted by name), split after a seeded shuffle.
 *
 * <pre>{@code
 * data:
 *   type: fasta
 *   files: [promoters.fa, background.fa]
 *   split: [0.8, 0.1, 0.1]
 * }</pre>
 */
public final class FastaDatasetFactory implements DatasetFactory {
  static final String NAME = "fasta";

  static final ParamSpec<List<String>> FILES = ParamSpec.ofStringList("files")
      .doc("FASTA files, relative to the config file");
  static final ParamSpec<Integer> LABEL_FIELD = ParamSpec.ofInt("label_field").byDefault(-1)
      .doc("which whitespace-separated header field is the label: 0 the id, -1 the last");
  static final ParamSpec<String> ALPHABET = ParamSpec.ofString("alphabet").optional()
      .doc("the allowed symbols in token-id order, e.g. ACGT; default: every symbol seen, sorted");
  static final ParamSpec<Boolean> UPPERCASE = ParamSpec.ofBoolean("uppercase").byDefault(true)
      .doc("read sequences in upper case, so acgt and ACGT are the same symbols");
  static final ParamSpec<List<Double>> SPLIT = ParamSpec.ofDoubleList("split").min(0)
      .byDefault(List.of(0.8, 0.1, 0.1)).doc("train, validation and test ratios");
  static final ParamSpec<Boolean> SHUFFLE = ParamSpec.ofBoolean("shuffle").byDefault(true)
      .doc("shuffle the records with the seeded data stream before splitting");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "labelled sequences from FASTA files, the label taken from each header line";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(FILES, LABEL_FIELD, ALPHABET, UPPERCASE, SPLIT, SHUFFLE);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    FastaReader reader = new FastaReader(params.get(LABEL_FIELD), params.get(UPPERCASE));
    List<FastaRecord> records = new ArrayList<>();
    for (String file : params.get(FILES)) {
      Path path = context.configDirectory().resolve(file);
      records.addAll(reader.read(path, file));
    }
    if (records.isEmpty()) {
      throw new RecurException("dataset 'fasta': the files " + params.get(FILES) + " hold no records");
    }
    List<Double> split = params.get(SPLIT);
    if (split.size() != 3 || split.stream().mapToDouble(Double::doubleValue).sum() <= 0 || split.get(0) <= 0) {
      throw new RecurException("dataset 'fasta': split " + split + " must be three ratios (train, validation, test) "
          + "with a positive train ratio");
    }
    List<String> vocabulary = vocabulary(records, params.get(ALPHABET));
    List<String> classes = new ArrayList<>(new TreeSet<>(records.stream().map(FastaRecord::label).toList()));
    if (params.get(SHUFFLE)) {
      shuffle(records, context.random());
    }
    return encode(records, vocabulary, classes, split);
  }

  private static List<String> vocabulary(List<FastaRecord> records, String alphabet) {
    if (alphabet == null) {
      TreeSet<String> seen = new TreeSet<>();
      records.forEach(r -> r.sequence().codePoints().forEach(cp -> seen.add(Character.toString(cp))));
      return List.copyOf(seen);
    }
    List<String> symbols = alphabet.codePoints().mapToObj(Character::toString).toList();
    for (FastaRecord r : records) {
      r.sequence().codePoints().mapToObj(Character::toString).filter(s -> !symbols.contains(s)).findFirst()
          .ifPresent(s -> {
            throw new RecurException(r.where() + ": record '" + r.id() + "' has symbol '" + s
                + "', which is not in the alphabet '" + alphabet + "'");
          });
    }
    return symbols;
  }

  /** Fisher–Yates with the experiment's data stream, so the same seed gives the same splits. */
  private static void shuffle(List<FastaRecord> records, RandomGenerator random) {
    for (int i = records.size() - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      FastaRecord t = records.get(i);
      records.set(i, records.get(j));
      records.set(j, t);
    }
  }

  private static Dataset encode(List<FastaRecord> records, List<String> vocabulary, List<String> classes,
      List<Double> split) {
    int n = records.size();
    int length = records.stream().mapToInt(r -> r.sequence().codePointCount(0, r.sequence().length())).max().orElse(0);
    boolean ragged = records.stream().anyMatch(r -> r.sequence().codePointCount(0, r.sequence().length()) != length);
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (int i = 0; i < vocabulary.size(); i++) {
      ids.put(vocabulary.get(i), i);
    }
    float[] inputs = new float[n * length];
    float[] mask = new float[n * length];
    float[] targets = new float[n];
    for (int r = 0; r < n; r++) {
      int[] symbols = records.get(r).sequence().codePoints().toArray();
      for (int t = 0; t < symbols.length; t++) {
        inputs[r * length + t] = ids.get(Character.toString(symbols[t]));
        mask[r * length + t] = 1f;
      }
      targets[r] = classes.indexOf(records.get(r).label());
    }
    double total = split.get(0) + split.get(1) + split.get(2);
    int train = Math.min(n, Math.max(1, (int) Math.round(n * split.get(0) / total)));
    int val;
    if (split.get(2) > 0) {
      val = Math.min(n - train, (int) Math.round(n * split.get(1) / total));
    } else if (split.get(1) > 0) {
      val = n - train; // no test part: validation takes what rounding left
    } else {
      train = n;
      val = 0;
    }
    int[] bounds = {0, train, train + val, n};
    Map<String, Split> splits = new LinkedHashMap<>();
    String[] names = {Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST};
    for (int s = 0; s < 3; s++) {
      int from = bounds[s];
      int to = bounds[s + 1];
      if (to > from) {
        Tensor in = Tensor.of(Arrays.copyOfRange(inputs, from * length, to * length), to - from, length);
        Tensor m = ragged ? Tensor.of(Arrays.copyOfRange(mask, from * length, to * length), to - from, length) : null;
        splits.put(names[s], new Split(in, Tensor.of(Arrays.copyOfRange(targets, from, to), to - from), m));
      }
    }
    // a codec of fixed length lets `recur predict` read sequences as text; ragged data needs tensors
    TextCodec codec = new TextCodec(TextCodec.CHAR, vocabulary, ragged ? 0 : length);
    DataSchema schema = new DataSchema(new int[] {length}, vocabulary.size(), classes, codec);
    String fingerprint = fingerprint(vocabulary, classes, inputs, targets);
    return new Dataset() {
      @Override
      public DataSchema schema() {
        return schema;
      }

      @Override
      public Map<String, Split> splits() {
        return splits;
      }

      @Override
      public String fingerprint() {
        return fingerprint;
      }
    };
  }

  private static String fingerprint(List<String> vocabulary, List<String> classes, float[] inputs, float[] targets) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(String.join("\u0000", vocabulary).getBytes(StandardCharsets.UTF_8));
      md.update((byte) 1);
      md.update(String.join("\u0000", classes).getBytes(StandardCharsets.UTF_8));
      ByteBuffer buf = ByteBuffer.allocate(4 * (inputs.length + targets.length));
      for (float v : inputs) {
        buf.putFloat(v);
      }
      for (float v : targets) {
        buf.putFloat(v);
      }
      md.update(buf.array());
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform provides SHA-256", e);
    }
  }
}
