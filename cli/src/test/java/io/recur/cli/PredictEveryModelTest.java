package io.recur.cli;

import static io.recur.cli.PredictFixtures.dataset;
import static io.recur.cli.PredictFixtures.evaluate;
import static io.recur.cli.PredictFixtures.forward;
import static io.recur.cli.PredictFixtures.number;
import static io.recur.cli.PredictFixtures.predictAll;
import static io.recur.cli.PredictFixtures.registry;
import static io.recur.cli.PredictFixtures.shippedWith;
import static io.recur.cli.PredictFixtures.steps;
import static io.recur.cli.PredictFixtures.train;
import static io.recur.cli.PredictFixtures.words;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.PredictFixtures.Outputs;
import io.recur.run.SavedModel;
import io.recur.spi.Normalization;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur predict} for every kind of model, each a shipped config trained for a moment: the
 * three formats agree row by row, one row per non-blank line in input order, and the answers are
 * what the model computes on the same items laid out by its own dataset (its test split, decoded
 * back to text or numbers and fed to predict), and agree with {@code recur evaluate} on that split.
 * A wrong encoding (shifted ids, a missing start symbol, padding that counts) changes the answers.
 */
class PredictEveryModelTest {
  @TempDir Path tmp;

  /** The items, one a line, with a blank line after the first (predict skips it). */
  private Path writeItems(List<String> items) throws IOException {
    List<String> lines = new ArrayList<>(items);
    lines.add(Math.min(1, lines.size()), "");
    lines.add("   ");
    Path f = tmp.resolve("items.txt");
    Files.write(f, lines, StandardCharsets.UTF_8);
    return f;
  }

  /** Row {@code i} of a text split as the text it encodes: ids from {@code from}, up to the mask's end or an end/pad symbol. */
  private static String text(TextCodec codec, Split split, int i, int from) {
    int t = split.inputs().dim(1);
    // an encoder-decoder's mask is its targets'; its sources end at the end symbol
    boolean masked = split.mask() != null && split.mask().size() == split.inputs().size();
    int n = masked ? steps(split, i) : t;
    int unknown = codec.vocabulary().indexOf(TextCodec.UNKNOWN);
    StringBuilder b = new StringBuilder();
    for (int k = from; k < n; k++) {
      int id = (int) split.inputs().data()[i * t + k];
      if (id == codec.endId() && k > 0 || id == codec.padId()) {
        break;
      }
      // <unk> stands for a character training never saw: give predict one the vocabulary lacks
      b.append(id == unknown ? UNSEEN : codec.decode(new int[] {id}));
    }
    return b.toString();
  }

  /** A character outside every vocabulary here, which a model with {@code <unk>} reads as {@code <unk>}. */
  private static final String UNSEEN = "\u2603";

  private static List<String> texts(TextCodec codec, Split split, int from) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < split.size(); i++) {
      out.add(text(codec, split, i, from));
    }
    return out;
  }

  private static int argmax(float[] p, int from, int k) {
    int best = 0;
    for (int j = 1; j < k; j++) {
      if (p[from + j] > p[from + best]) {
        best = j;
      }
    }
    return best;
  }

  // ---- classifiers

  /** Decisions and probabilities equal the model's on the dataset's layout; accuracy equals evaluate's. */
  private void checkClassifier(Path model, Path run) throws IOException {
    SavedModel.Loaded m = SavedModel.load(model, registry());
    Split test = dataset(run).splits().get("test");
    List<String> items = texts(m.schema().codec(), test, 0);
    Outputs o = predictAll(model, writeItems(items), tmp);
    List<String> classes = m.schema().classes();
    int k = classes.size();
    float[] p = m.probabilities(forward(m, test)).data();
    int right = 0;
    for (int i = 0; i < items.size(); i++) {
      List<String> row = o.tsvRows().get(i);
      Map<String, Object> json = o.jsonl().get(i);
      String expected = classes.get(argmax(p, i * k, k));
      assertEquals(items.get(i), row.get(1), "input column of row " + i);
      assertEquals(items.get(i), json.get("input"));
      assertEquals(expected, row.get(2), "decision for '" + items.get(i) + "'");
      assertEquals(expected, json.get("label"), "jsonl decision for '" + items.get(i) + "'");
      for (int c = 0; c < k; c++) {
        assertEquals(p[i * k + c], Double.parseDouble(row.get(3 + c)), 2e-6,
            "p(" + classes.get(c) + ") of '" + items.get(i) + "'");
      }
      assertEquals(p[i * k + classes.indexOf(expected)], number(json.get("probability")), 1e-6);
      right += expected.equals(classes.get((int) test.targets().data()[i])) ? 1 : 0;
    }
    assertEquals(evaluate(model, tmp, "accuracy"), (double) right / items.size(), 1e-9,
        "evaluate's accuracy is the fraction of predict's decisions equal to the labels");
  }

  @Test
  void aFixedLengthClassifierDecidesAsTheModelDoesOnItsTestSplit() throws IOException {
    Path run = tmp.resolve("perceptron");
    Path model = train(CliRunner.config("dummy-string/perceptron.yaml"), run, "training.epochs=2",
        "data.samples=150", "data.split=[2, 1, 1]");
    checkClassifier(model, run);
  }

  @Test
  void aFixedLengthRnnClassifierDecidesAsTheModelDoesOnItsTestSplit() throws IOException {
    Path run = tmp.resolve("rnn");
    Path model = train(CliRunner.config("dummy-string/rnn.yaml"), run, "training.epochs=1",
        "data.samples=90", "data.split=[1, 1, 1]", "model.layers[1].units=4");
    checkClassifier(model, run);
  }

  /** Two classes of generated words in a folder, one file each, for labelled-files. */
  private Path labelledFolder() throws IOException {
    Path folder = Files.createDirectories(tmp.resolve("labelled"));
    Files.write(folder.resolve("Soft.txt"), words(60, "aeioulmn", 1), StandardCharsets.UTF_8);
    Files.write(folder.resolve("Hard.txt"), words(60, "aeiktgkrz", 2), StandardCharsets.UTF_8);
    Files.write(folder.resolve("Mixed.txt"), words(40, "aeioulmnktgrz", 3), StandardCharsets.UTF_8);
    return folder;
  }

  @Test
  void aVariableLengthClassifierIgnoresItsPaddingAsTheDatasetsMaskDoes() throws IOException {
    Path config = shippedWith("names/rnn.yaml", tmp, "source: names", "path: " + labelledFolder().toAbsolutePath());
    Path run = tmp.resolve("names-rnn");
    Path model = train(config, run, "training.epochs=3", "model.layers[1].units=12", "model.layers[2].units=3");
    checkClassifier(model, run);
  }

  @Test
  void theStrongNamesClassifierOnRealNamesDecidesAsTheModelDoes() throws IOException {
    Path names = DataMirror.require("names/Japanese.txt").resolve("names");
    Path subset = Files.createDirectories(tmp.resolve("names"));
    for (String language : List.of("Chinese", "Italian", "Japanese")) {
      List<String> lines = Files.readAllLines(names.resolve(language + ".txt"), StandardCharsets.UTF_8);
      Files.write(subset.resolve(language + ".txt"), lines.subList(0, 40), StandardCharsets.UTF_8);
    }
    Path config = shippedWith("names/strong.yaml", tmp, "source: names", "path: " + subset.toAbsolutePath());
    Path run = tmp.resolve("names-strong");
    Path model = train(config, run, "training.epochs=1", "model.layers[0].members=2", "model.layers[0].layers[2].units=8",
        "model.layers[0].layers[4].units=3");
    checkClassifier(model, run);
  }

  // ---- per-position labeller

  @Test
  void aPerPositionLabellerLabelsEveryBaseAsTheModelDoes() throws IOException {
    Path run = tmp.resolve("hmm");
    Path model = train(CliRunner.config("hmm-gc/gru.yaml"), run, "training.epochs=1", "data.length=20",
        "data.samples=30");
    SavedModel.Loaded m = SavedModel.load(model, registry());
    Split test = dataset(run).splits().get("test");
    List<String> items = texts(m.schema().codec(), test, 0);
    assertTrue(items.get(0).matches("[ACGT]{20}"), items.get(0));
    Outputs o = predictAll(model, writeItems(items), tmp);
    List<String> classes = m.schema().classes();
    int k = classes.size();
    Tensor p = m.probabilities(forward(m, test));
    int t = p.dim(1);
    long right = 0;
    long positions = 0;
    for (int i = 0; i < items.size(); i++) {
      StringBuilder expected = new StringBuilder();
      List<String> labels = new ArrayList<>();
      for (int s = 0; s < t; s++) {
        String label = classes.get(argmax(p.data(), (i * t + s) * k, k));
        expected.append(label);
        labels.add(label);
        right += label.equals(classes.get((int) test.targets().data()[i * t + s])) ? 1 : 0;
        positions++;
      }
      assertEquals(expected.toString(), o.tsvRows().get(i).get(2), "labels of " + items.get(i));
      assertEquals(labels, o.jsonl().get(i).get("labels"), "jsonl labels of " + items.get(i));
    }
    assertEquals(evaluate(model, tmp, "accuracy"), (double) right / positions, 1e-9,
        "evaluate's accuracy is the fraction of predicted labels equal to the hidden states");
  }

  // ---- language models

  /** Predict's likelihoods of the test items, aggregated, give evaluate's bits per character; the formats agree. */
  private void checkLanguageModel(Path model, Path run, int from, boolean appendTarget) throws IOException {
    SavedModel.Loaded m = SavedModel.load(model, registry());
    TextCodec codec = m.schema().codec();
    Split test = dataset(run).splits().get("test");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < test.size(); i++) {
      String item = text(codec, test, i, from);
      if (appendTarget) {
        // a corpus window predicts its targets: the window and its last target are the line
        int t = test.targets().dim(1);
        item += codec.decode(new int[] {(int) test.targets().data()[i * t + t - 1]});
      }
      items.add(item);
    }
    Outputs o = predictAll(model, writeItems(items), tmp);
    double logLikelihood = 0;
    double scored = 0;
    for (int i = 0; i < items.size(); i++) {
      Map<String, Object> json = o.jsonl().get(i);
      List<String> row = o.tsvRows().get(i);
      assertEquals(items.get(i), json.get("input"));
      double ll = number(json.get("log_likelihood"));
      double bpc = number(json.get("bits_per_character"));
      assertEquals(ll, Double.parseDouble(row.get(2)), 1e-6, "log_likelihood of " + items.get(i));
      assertEquals(bpc, Double.parseDouble(row.get(3)), 1e-6, "bits_per_character of " + items.get(i));
      List<?> next = (List<?>) json.get("next");
      String first = (String) ((Map<?, ?>) next.get(0)).get("token");
      assertTrue(row.get(4).startsWith(first + ":"), row.get(4) + " vs " + next);
      // bits per character = -ll / (scored ln 2): recover the scored tokens of the line
      double tokens = -ll / (bpc * Math.log(2));
      assertEquals(Math.rint(tokens), tokens, 1e-6, "scored tokens of " + items.get(i));
      logLikelihood += ll;
      scored += Math.rint(tokens);
    }
    double aggregated = -logLikelihood / scored / Math.log(2);
    assertEquals(evaluate(model, tmp, "bits-per-character"), aggregated, 1e-4,
        "predict's likelihoods summed over the test items give evaluate's bits per character");
  }

  private Path wordLines() throws IOException {
    Path f = tmp.resolve("words.txt");
    Files.write(f, words(300, "abcdefghijklmnopqrstuvwxyz", 7), StandardCharsets.UTF_8);
    return f;
  }

  @Test
  void aLinesLanguageModelScoresEachLineWithItsStartAndEndSymbolsAsEvaluateDoes() throws IOException {
    Path config = shippedWith("dinos/lstm.yaml", tmp, "source: dinos", "path: " + wordLines().toAbsolutePath());
    Path run = tmp.resolve("lstm");
    Path model = train(config, run, "training.epochs=1", "model.layers[1].units=16");
    // test items: inputs are the start symbol then the characters
    checkLanguageModel(model, run, 1, false);
  }

  @Test
  void anNgramLanguageModelScoresEachLineAsEvaluateDoes() throws IOException {
    Path config = shippedWith("dinos/ngram.yaml", tmp, "source: dinos", "path: " + wordLines().toAbsolutePath());
    Path run = tmp.resolve("ngram");
    Path model = train(config, run);
    checkLanguageModel(model, run, 1, false);
  }

  @Test
  void aCorpusLanguageModelScoresAWindowAsEvaluateDoes() throws IOException {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, String.join(" ", words(900, "abcdefghijklmnopqrstuvwxyz,.;", 11)));
    Path config = shippedWith("shakespeare/small.yaml", tmp, "source: tinyshakespeare",
        "path: " + corpus.toAbsolutePath());
    Path run = tmp.resolve("corpus");
    // predict scores each item from a zero state: the window number, not the stream number the config reports
    Path model = train(config, run, "training.epochs=1", "data.max_chars=3000", "data.sequence_length=20",
        "model.layers[1].units=16", "model.layers[2].units=30", "training.evaluation=windows");
    checkLanguageModel(model, run, 0, true);
  }

  // ---- encoder–decoders

  /** Outputs equal the model's argmax on the dataset's sources; sequence accuracy equals evaluate's. */
  private void checkEncoderDecoder(Path model, Path run, List<String> extra) throws IOException {
    SavedModel.Loaded m = SavedModel.load(model, registry());
    TextCodec source = m.schema().codec();
    TextCodec target = m.schema().targetCodec();
    Split test = dataset(run).splits().get("test");
    List<String> items = texts(source, test, 0);
    List<String> all = new ArrayList<>(items);
    all.addAll(extra);
    Outputs o = predictAll(model, writeItems(all), tmp);
    Tensor raw = forward(m, test);
    int t = raw.dim(1);
    int k = raw.dim(2);
    int tt = test.targets().dim(1);
    int right = 0;
    for (int i = 0; i < items.size(); i++) {
      List<Integer> ids = new ArrayList<>();
      for (int s = 0; s < t; s++) {
        int best = argmax(raw.data(), (i * t + s) * k, k);
        if (best == target.endId()) {
          break;
        }
        ids.add(best);
      }
      String expected = target.decode(ids.stream().mapToInt(Integer::intValue).toArray());
      assertEquals(items.get(i), o.tsvRows().get(i).get(1));
      assertEquals(expected, o.tsvRows().get(i).get(2), "output for " + items.get(i));
      assertEquals(expected, o.jsonl().get(i).get("output"), "jsonl output for " + items.get(i));
      List<Integer> truth = new ArrayList<>();
      for (int s = 0; s < tt; s++) {
        int id = (int) test.targets().data()[i * tt + s];
        if (id == target.endId()) {
          break;
        }
        truth.add(id);
      }
      right += expected.equals(target.decode(truth.stream().mapToInt(Integer::intValue).toArray())) ? 1 : 0;
    }
    for (int i = items.size(); i < all.size(); i++) {
      assertEquals(all.get(i), o.jsonl().get(i).get("input"));
    }
    assertEquals(evaluate(model, tmp, "sequence-accuracy"), (double) right / items.size(), 1e-9,
        "evaluate's sequence accuracy is the fraction of predicted outputs equal to the targets");
  }

  @Test
  void aVariableLengthCopyModelReadsItsSourceWithTheEndSymbolAsTheDatasetLaysItOut() throws IOException {
    Path run = tmp.resolve("copy");
    Path model = train(CliRunner.config("copy/variable.yaml"), run, "training.epochs=1", "data.samples=300",
        "model.layers[0].units=16");
    checkEncoderDecoder(model, run, List.of());
  }

  @Test
  void aFixedLengthReverseModelAnswersAsTheModelDoes() throws IOException {
    Path run = tmp.resolve("reverse");
    Path model = train(CliRunner.config("reverse/fixed.yaml"), run, "training.epochs=1", "data.samples=300",
        "model.layers[0].units=16");
    checkEncoderDecoder(model, run, List.of());
  }

  @Test
  void anAdditionModelReadsSumsAsTheDatasetLaysThemOut() throws IOException {
    Path run = tmp.resolve("addition");
    Path model = train(CliRunner.config("addition/lstm.yaml"), run, "training.epochs=1", "data.samples=300",
        "model.layers[0].units=16");
    checkEncoderDecoder(model, run, List.of("123+4567", "999+1"));
  }

  // ---- real values

  private static List<Float> floats(String commaJoined) {
    return Arrays.stream(commaJoined.split(",")).map(Float::parseFloat).toList();
  }

  @SuppressWarnings("unchecked")
  private static List<Float> flat(Object jsonOutput) {
    List<Float> out = new ArrayList<>();
    for (Object o : (List<Object>) jsonOutput) {
      if (o instanceof List<?> row) {
        row.forEach(v -> out.add((float) number(v)));
      } else {
        out.add((float) number(o));
      }
    }
    return out;
  }

  /** Outputs equal the model's on the dataset's (normalised) inputs, in the data's units; mse equals evaluate's. */
  private void checkRealValued(Path model, Path run) throws IOException {
    SavedModel.Loaded m = SavedModel.load(model, registry());
    Normalization norm = m.schema().normalization();
    Split test = dataset(run).splits().get("test");
    int n = test.size();
    int perItem = test.inputs().size() / n;
    List<String> items = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int j = 0; j < perItem; j++) {
        float z = test.inputs().data()[i * perItem + j];
        b.append(j > 0 ? ", " : "").append(norm == null ? z : (float) norm.invert(z));
      }
      items.add(b.toString());
    }
    Outputs o = predictAll(model, writeItems(items), tmp);
    Tensor raw = forward(m, test);
    int perOut = raw.size() / n;
    assertEquals(perOut, test.targets().size() / n, "one output per target value");
    double squared = 0;
    for (int i = 0; i < n; i++) {
      List<Float> table = floats(o.tsvRows().get(i).get(2));
      List<Float> json = flat(o.jsonl().get(i).get("output"));
      assertEquals(table, json, "tsv and jsonl outputs of item " + i);
      assertEquals(perOut, json.size(), "outputs of item " + i);
      for (int j = 0; j < perOut; j++) {
        float z = raw.data()[i * perOut + j];
        double expected = norm == null ? z : norm.invert(z);
        assertEquals(expected, json.get(j), 1e-4 * Math.max(1, Math.abs(expected)), "output " + j + " of item " + i);
        double back = norm == null ? json.get(j) : norm.apply(json.get(j));
        double d = back - test.targets().data()[i * perOut + j];
        squared += d * d;
      }
    }
    assertEquals(evaluate(model, tmp, "mse"), squared / (n * perOut), 1e-4,
        "evaluate's mse is the mean squared error of predict's outputs against the targets");
  }

  @Test
  void aSineModelReadsLinesOfNumbersAndAnswersEveryStep() throws IOException {
    Path run = tmp.resolve("sine");
    Path model = train(CliRunner.config("sine/one-frequency.yaml"), run, "training.epochs=1", "data.samples=60",
        "data.steps=30");
    checkRealValued(model, run);
  }

  @Test
  void theAirlineModelReadsAWindowOfThirteenMonthsInPassengers() throws IOException {
    DataMirror.require("airline_passengers/airline_passengers.csv");
    Path run = tmp.resolve("airline");
    Path model = train(CliRunner.config("airline/linear-rnn.yaml"), run, "training.epochs=2");
    checkRealValued(model, run);
  }
}
