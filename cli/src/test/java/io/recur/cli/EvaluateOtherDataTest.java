package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.model.Contexts;
import io.recur.run.SavedModel;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur evaluate --data} on data other than the model's: it is encoded with the model's own
 * vocabulary and classes, so the reported accuracy is the accuracy of the model's own decisions
 * (read independently from {@code recur predict}), and what the model cannot represent is an error.
 */
class EvaluateOtherDataTest {
  private static final String ALPHABET = "abcd";

  @TempDir static Path shared;
  static Path tsvRun;
  static Path namesRun;

  @TempDir Path tmp;

  /** Label x when a sequence holds at least two a's, else y: learnable by a perceptron over one-hot characters. */
  private static String label(String sequence) {
    return sequence.chars().filter(c -> c == 'a').count() >= 2 ? "x" : "y";
  }

  private static List<String> sequences(int n, int length, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      for (int t = 0; t < length; t++) {
        b.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
      out.add(b.toString());
    }
    return out;
  }

  private static void writeTsv(Path file, List<String> sequences, List<String> labels) throws IOException {
    StringBuilder b = new StringBuilder("sequence\tlabel\n");
    for (int i = 0; i < sequences.size(); i++) {
      b.append(sequences.get(i)).append('\t').append(labels.get(i)).append('\n');
    }
    Files.writeString(file, b.toString());
  }

  /** Names of one made-up language: a stem from its letters and its ending. */
  private static List<String> names(String letters, String ending, int n, long seed) {
    Random random = new Random(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      StringBuilder b = new StringBuilder();
      int length = 2 + random.nextInt(4);
      for (int t = 0; t < length; t++) {
        b.append(letters.charAt(random.nextInt(letters.length())));
      }
      out.add(b.append(ending).toString());
    }
    return out;
  }

  private static final String[][] LANGUAGES = {{"Alpha", "abcr", "ov"}, {"Beta", "desn", "son"}, {"Gamma", "gior", "ez"}};

  private static void writeNames(Path folder, long seed) throws IOException {
    Files.createDirectories(folder);
    for (int l = 0; l < LANGUAGES.length; l++) {
      Files.writeString(folder.resolve(LANGUAGES[l][0] + ".txt"),
          String.join("\n", names(LANGUAGES[l][1], LANGUAGES[l][2], 30, seed + l)) + "\n");
    }
  }

  @BeforeAll
  static void train() throws IOException {
    List<String> train = sequences(80, 6, 1);
    writeTsv(shared.resolve("train.tsv"), train, train.stream().map(EvaluateOtherDataTest::label).toList());
    // an absolute data path, so RUN/config.yaml finds it from the run directory too
    Path tsvConfig = shared.resolve("tsv.yaml");
    Files.writeString(tsvConfig, """
        name: xy
        seed: 3
        data: {type: tsv, path: %s, split: [3, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: flatten}
            - {type: dense, units: 2, activation: softmax}
        loss: bce
        optimizer: {type: sgd, learning_rate: 0.5}
        training: {epochs: 15, batch_size: 8}
        metrics: [accuracy]
        """.formatted(shared.resolve("train.tsv")));
    tsvRun = shared.resolve("tsv-run");
    CliRunner.Result r = CliRunner.run("train", tsvConfig.toString(), "--run-dir", tsvRun.toString());
    assertEquals(0, r.exitCode(), r.err());

    writeNames(shared.resolve("names"), 10);
    Path namesConfig = shared.resolve("names.yaml");
    Files.writeString(namesConfig, """
        name: names
        seed: 2
        data: {type: labelled-files, path: %s, split: [8, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: rnn, units: 16, output: last}
            - {type: dense, units: 3, activation: log-softmax}
        loss: nll
        optimizer: {type: sgd, learning_rate: 0.05, momentum: 0.9}
        training: {epochs: 8, batch_size: 8}
        metrics: [accuracy]
        """.formatted(shared.resolve("names")));
    namesRun = shared.resolve("names-run");
    r = CliRunner.run("train", namesConfig.toString(), "--run-dir", namesRun.toString());
    assertEquals(0, r.exitCode(), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> metrics(Path json) throws IOException {
    return (Map<String, Object>) ((Map<String, Object>) Json.read(Files.readString(json))).get("metrics");
  }

  /** The model's decision for every line of {@code input}, from the prediction column of {@code recur predict}. */
  private static List<String> decisions(Path run, Path input) {
    CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", input.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertTrue(lines.get(0).startsWith("index\tinput\tprediction\t"), r.out());
    return lines.subList(1, lines.size()).stream().map(l -> l.split("\t")[2]).toList();
  }

  /**
   * The model's decision for each line, computed here: the line encoded with the model's codec,
   * one sample at a time (no padding, no mask), then the most probable class. (The names model takes
   * variable-length input, which {@code recur predict} of this branch cannot read.)
   */
  private static List<String> ownDecisions(Path run, List<String> lines) {
    SavedModel.Loaded loaded = SavedModel.load(run.resolve("model"), Registries.builtIn());
    List<String> out = new ArrayList<>();
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      for (String line : lines) {
        int[] ids = loaded.schema().codec().ids(line, line);
        float[] input = new float[ids.length];
        for (int t = 0; t < ids.length; t++) {
          input[t] = ids[t];
        }
        float[] scores = loaded.model().forward(Tensor.of(input, 1, ids.length), Contexts.evaluation(null)).data();
        int best = 0;
        for (int c = 1; c < scores.length; c++) {
          best = scores[c] > scores[best] ? c : best;
        }
        out.add(loaded.schema().classes().get(best));
      }
    }
    return out;
  }

  private Path dataYaml(String name, String data) throws IOException {
    Path file = tmp.resolve(name);
    Files.writeString(file, "data: " + data + "\n");
    return file;
  }

  private static double accuracy(Path json, String split) throws IOException {
    return ((Number) metrics(json).get(split + ".accuracy")).doubleValue();
  }

  @Test
  void dataOfOneClassIsScoredAgainstTheModelsOwnIndexOfThatClass() throws IOException {
    List<String> sequences = sequences(40, 6, 7);
    writeTsv(tmp.resolve("all-y.tsv"), sequences, sequences.stream().map(s -> "y").toList());
    Path data = dataYaml("all-y.yaml", "{type: tsv, path: all-y.tsv, split: [0, 0, 1]}");
    Path out = tmp.resolve("eval.json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", tsvRun.resolve("model").toString(), "--data",
        data.toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());

    Files.writeString(tmp.resolve("input.txt"), String.join("\n", sequences) + "\n");
    List<String> decided = decisions(tsvRun, tmp.resolve("input.txt"));
    assertEquals(sequences.size(), decided.size());
    double saysY = decided.stream().filter("y"::equals).count() / (double) decided.size();
    // the file's own class list would be [y], making y index 0 = the model's x
    assertEquals(saysY, accuracy(out, "test"), 1e-9, r.out());
    assertTrue(saysY < 1.0, "the fixture should hold sequences the model calls x: " + decided);
  }

  @Test
  void namesOfTheSameLanguagesAreScoredByTheModelsOwnDecisions() throws IOException {
    Path other = tmp.resolve("other-names");
    writeNames(other, 500);
    Path data = dataYaml("other-names.yaml", "{type: labelled-files, path: other-names, split: [0, 0, 1]}");
    Path out = tmp.resolve("names.json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", namesRun.resolve("model").toString(), "--data",
        data.toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());

    long right = 0;
    long all = 0;
    for (String[] language : LANGUAGES) {
      Path file = other.resolve(language[0] + ".txt");
      List<String> names = Files.readAllLines(file).stream().filter(l -> !l.isBlank()).toList();
      for (String decision : ownDecisions(namesRun, names)) {
        right += decision.equals(language[0]) ? 1 : 0;
        all++;
      }
    }
    assertEquals(90, all);
    assertEquals(right / (double) all, accuracy(out, "test"), 1e-9, r.out());
  }

  @Test
  void aLabelTheModelNeverSawNamesFileLineAndLabel() throws IOException {
    writeTsv(tmp.resolve("z.tsv"), List.of("abcdab", "aabbcc", "dddddd"), List.of("x", "y", "z"));
    Path data = dataYaml("z.yaml", "{type: tsv, path: z.tsv, split: [0, 0, 1]}");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", tsvRun.resolve("model").toString(), "--data",
        data.toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains(tmp.resolve("z.tsv") + ":4: label 'z' is not one of the model's classes [x, y]"),
        r.err());
  }

  @Test
  void aTokenOutsideTheVocabularyNamesFileLineAndToken() throws IOException {
    writeTsv(tmp.resolve("q.tsv"), List.of("abcdab", "abqdab"), List.of("x", "y"));
    Path data = dataYaml("q.yaml", "{type: tsv, path: q.tsv, split: [0, 0, 1]}");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", tsvRun.resolve("model").toString(), "--data",
        data.toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains(tmp.resolve("q.tsv") + ":3: token 'q' is not in the model's vocabulary [a, b, c, d]"),
        r.err());
  }

  @Test
  void theRunsOwnConfigAsDataGivesTheSameNumbersAsNoData() throws IOException {
    for (Path run : List.of(tsvRun, namesRun)) {
      Path own = tmp.resolve(run.getFileName() + "-own.json");
      Path given = tmp.resolve(run.getFileName() + "-given.json");
      CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--output",
          own.toString());
      assertEquals(0, r.exitCode(), r.err());
      r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data",
          run.resolve("config.yaml").toString(), "--output", given.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertEquals(metrics(own), metrics(given), run.toString());
    }
  }

  @Test
  void aSyntheticDatasetWithAnotherVocabularyIsRefused() throws IOException {
    Path data = dataYaml("strings.yaml", "{type: dummy-string, samples: 30, length: 6, alphabet: abce,"
        + " split: [1, 1, 1]}");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", tsvRun.resolve("model").toString(), "--data",
        data.toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("dataset type 'dummy-string' (" + data + ") encoded its data with its own vocabulary"
        + " [a, b, c, e] and classes [0, 1], which differ from the model's [a, b, c, d] and [x, y]; it cannot be"
        + " evaluated on the model's encoding"), r.err());
  }
}
