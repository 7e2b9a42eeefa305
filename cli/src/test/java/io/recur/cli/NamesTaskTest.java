package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 003, names → language, reduced: the shipped {@code configs/names/strong.yaml} on 100 names
 * of each of four languages for a few epochs. It must learn (the loss falls well below where it
 * started, accuracy beats the majority class), and the run directory and {@code recur evaluate}
 * must hold the confusion matrix as CSV and the per-language accuracy.
 */
class NamesTaskTest {
  static final List<String> LANGUAGES = List.of("Chinese", "Italian", "Japanese", "Russian");
  static final int PER_LANGUAGE = 100;

  @TempDir static Path shared;
  static Path run;

  @BeforeAll
  static void train() throws IOException {
    Path names = DataMirror.require("names").resolve("names");
    Path subset = Files.createDirectories(shared.resolve("names"));
    for (String language : LANGUAGES) {
      List<String> lines = Files.readAllLines(names.resolve(language + ".txt"), StandardCharsets.UTF_8);
      Files.write(subset.resolve(language + ".txt"), lines.subList(0, PER_LANGUAGE), StandardCharsets.UTF_8);
    }
    // the shipped config, reading the subset instead of the named dataset
    String yaml = Files.readString(CliRunner.config("names/strong.yaml"))
        .replace("source: names", "path: " + subset.toAbsolutePath());
    Path config = shared.resolve("names-small.yaml");
    Files.writeString(config, yaml);
    run = shared.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString(),
        "--set", "training.epochs=6", "--set", "model.layers[0].members=2", "--set",
        "model.layers[0].layers[2].units=32", "--set", "model.layers[0].layers[4].units=4");
    assertEquals(0, r.exitCode(), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return (Map<String, Object>) Json.read(text);
  }

  private static Map<String, Object> epoch(int index) throws IOException {
    List<Map<String, Object>> epochs = Runs.epochLines(run);
    return epochs.get(index < 0 ? epochs.size() + index : index);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @Test
  void itLearnsTheLanguageOfANameBeyondTheMajorityClass() throws IOException {
    double first = number(epoch(0), "train.loss");
    double last = number(epoch(-1), "train.loss");
    assertTrue(last < 0.6 * first, "train loss " + first + " → " + last);
    double majority = number(json(Files.readString(run.resolve("baselines.json"))), "val.majority-accuracy");
    // early stopping keeps the best epoch by val.accuracy: its accuracy is the one to beat the baseline with
    double best = 0;
    for (Map<String, Object> epoch : Runs.epochLines(run)) {
      best = Math.max(best, number(epoch, "val.accuracy"));
    }
    assertTrue(best > majority + 0.25, "val accuracy " + best + " against the majority class's " + majority);
    assertTrue(number(epoch(-1), "val.top-2-accuracy") >= number(epoch(-1), "val.accuracy"));
  }

  @Test
  void everySplitHasItsConfusionMatrixAsCsv() throws IOException {
    for (String split : List.of("train", "val", "test")) {
      List<String> rows = Files.readAllLines(run.resolve("confusion-" + split + ".csv"));
      assertEquals("true\\predicted,Chinese,Italian,Japanese,Russian", rows.get(0));
      assertEquals(1 + LANGUAGES.size(), rows.size());
      long total = 0;
      for (int i = 1; i < rows.size(); i++) {
        String[] cells = rows.get(i).split(",");
        assertEquals(LANGUAGES.get(i - 1), cells[0]);
        assertEquals(1 + LANGUAGES.size(), cells.length);
        for (int j = 1; j < cells.length; j++) {
          total += Long.parseLong(cells[j]);
        }
      }
      // stratified 8 : 1 : 1 of 100 names per language
      assertEquals(LANGUAGES.size() * (split.equals("train") ? 80 : 10), total, split);
    }
  }

  @Test
  void theReportShowsPerLanguageAccuracyBesideTheConfusionMatrixAndTheBaseline() throws IOException {
    String html = Files.readString(run.resolve("report.html"));
    int matrix = html.indexOf("<h2>Confusion matrix</h2>");
    int perClass = html.indexOf("<h2>Per-class accuracy</h2>");
    assertTrue(matrix > 0 && perClass > matrix, "per-class accuracy follows the heat map");
    for (String language : LANGUAGES) {
      assertTrue(html.indexOf("<tr><td>" + language + "</td><td>10</td>", perClass) > 0, language);
    }
    assertTrue(html.contains("<tr><td>baseline: majority-accuracy (no training)</td>"), html);
    assertTrue(html.contains("<h2>Baselines</h2>"));
  }

  @Test
  @SuppressWarnings("unchecked")
  void evaluatePrintsPerLanguageAccuracyAndWritesTheMatrix() throws IOException {
    Path out = shared.resolve("eval/evaluation-val.json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val",
        "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("per-class accuracy (support):") && r.out().contains("    Japanese "), r.out());
    Map<String, Object> doc = json(Files.readString(out));
    Map<?, ?> perClass = (Map<?, ?>) doc.get("per_class_accuracy");
    assertEquals(LANGUAGES, List.copyOf(perClass.keySet().stream().map(String::valueOf).toList()));
    assertEquals("confusion-val.csv", doc.get("confusion_matrix"));
    // the model saved with the run: the same matrix as the one training wrote
    assertEquals(Files.readString(run.resolve("confusion-val.csv")), Files.readString(out.resolveSibling("confusion-val.csv")));
    // its diagonal is what the accuracy metric counted
    List<String> rows = Files.readAllLines(out.resolveSibling("confusion-val.csv"));
    long right = 0;
    long total = 0;
    for (int i = 1; i < rows.size(); i++) {
      String[] cells = rows.get(i).split(",");
      for (int j = 1; j < cells.length; j++) {
        total += Long.parseLong(cells[j]);
        right += i == j ? Long.parseLong(cells[j]) : 0;
      }
    }
    assertEquals(number((Map<String, Object>) doc.get("metrics"), "val.accuracy"), (double) right / total, 1e-12);
  }
}
