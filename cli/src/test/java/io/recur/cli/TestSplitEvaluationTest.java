package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.evaluate_test}: the test split is scored once, after training, with the weights
 * model/ holds, unless {@code every_epoch} asks for it after every epoch; the table, metrics.jsonl
 * and report.html say which.
 */
class TestSplitEvaluationTest {
  private static final String CONFIG = "dummy-string/perceptron.yaml";

  @TempDir Path tmp;

  private static List<String> args(Path run, String... settings) {
    List<String> args = Runs.args(CONFIG, run, "--set", "data.samples=120", "--set", "data.split=[2, 1, 1]",
        "--set", "training.epochs=4");
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return args;
  }

  private static CliRunner.Result train(Path run, String... settings) {
    return CliRunner.run(args(run, settings).toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> lines(Path run) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add((Map<String, Object>) Json.read(line));
    }
    return out;
  }

  @Test
  void theTestSplitIsScoredOnceAfterTrainingWithTheSavedModel() throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(run, "training.early_stopping={monitor: val.loss, patience: 10}");
    assertEquals(0, r.exitCode(), r.err());

    List<Map<String, Object>> lines = lines(run);
    assertEquals(4, lines.size(), "one object per epoch, as the run directory's contract says");
    for (int i = 0; i < 4; i++) {
      assertEquals(i, lines.get(i).get("epoch"), "metrics.jsonl's epoch is the 0-based index");
      assertTrue(lines.get(i).keySet().stream().noneMatch(k -> k.startsWith("test.")), lines.get(i).toString());
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> test = (Map<String, Object>) Json.read(Files.readString(run.resolve("test-metrics.json")));
    assertEquals("after_training", test.get("test"));
    assertEquals("val.loss", test.get("chosen_by"));
    int index = (Integer) test.get("weights_of_epoch");
    assertTrue(index >= 0 && index <= 3, test.toString());
    int epoch = index + 1; // as the console and the report count

    // the numbers are the saved model's: recur evaluate on the test split gives the same bits
    CliRunner.Result evaluated = CliRunner.run("evaluate", "--model", run.resolve("model").toString());
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    Map<?, ?> metrics = (Map<?, ?>) ((Map<?, ?>) Json.read(Files.readString(run.resolve("evaluation-test.json"))))
        .get("metrics");
    assertEquals(metrics.get("test.loss"), test.get("test.loss"));
    assertEquals(metrics.get("test.accuracy"), test.get("test.accuracy"));

    assertTrue(r.out().contains("test:  loss "), r.out());
    assertTrue(r.out().contains("(scored once after training, with the weights of epoch " + epoch + ", the best by"
        + " val.loss)"), r.out());
    String report = Files.readString(run.resolve("report.html"));
    assertTrue(report.contains("<h3>Test</h3>"), report);
    assertTrue(report.contains("The test split was scored once after training, with the weights of epoch " + epoch
        + ", the best by val.loss; no epoch above looked at it"), report);
  }

  @Test
  void everyEpochScoresTheTestSplitAfterEachEpochAndNotAgain() throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(run, "training.evaluate_test=every_epoch");
    assertEquals(0, r.exitCode(), r.err());
    List<Map<String, Object>> lines = lines(run);
    assertEquals(4, lines.size());
    lines.forEach(l -> assertTrue(l.containsKey("test.loss") && l.containsKey("epoch"), l.toString()));
    assertFalse(Files.exists(run.resolve("test-metrics.json")), "scored every epoch, so not again after training");
    assertFalse(r.out().contains("scored once after training"), r.out());
    assertTrue(Files.readString(run.resolve("report.html")).contains("scored after every epoch"));
  }

  @Test
  void monitoringTheTestSplitNeedsItScoredEveryEpoch() {
    CliRunner.Result r = train(tmp.resolve("run"), "training.early_stopping={monitor: test.loss}");
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("training.early_stopping.monitor: 'test.loss' is scored once, after training"
        + " (training.evaluate_test: end), so no epoch reports it; monitor a validation metric (val.accuracy,"
        + " val.loss), or set training.evaluate_test: every_epoch"), r.err());
    assertEquals(0, train(tmp.resolve("every"), "training.evaluate_test=every_epoch",
        "training.early_stopping={monitor: test.loss}").exitCode());
  }

  @Test
  void resumingAFinishedRunScoresTheTestSplitAgainToTheSameBits() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    String before = Runs.metricsWithoutSeconds(run);
    String testBefore = Files.readString(run.resolve("test-metrics.json"));
    List<String> again = args(run);
    again.add("--resume");
    CliRunner.Result r = CliRunner.run(again.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(before, Runs.metricsWithoutSeconds(run));
    assertEquals(testBefore, Files.readString(run.resolve("test-metrics.json")), "scored again, to the same bits");
  }
}
