package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The encoder–decoder tasks of seed 004 (issue 4) through {@code recur train}: each shipped
 * config, reduced to a little data and a few epochs, must learn (its loss ends well below a
 * uniform guess's, ln V, and its per-symbol accuracy well above chance, 1/V); the report shows
 * sample outputs; and the saved model rebuilds with its decoder length, so {@code recur
 * evaluate} gives the numbers training reported.
 */
class EncoderDecoderTasksTest {
  @TempDir Path tmp;

  /** A little data, a few epochs and a small model, the config's optimizer and schedule: seconds a task. */
  private static final List<String> REDUCED = List.of("data.samples=1500", "training.epochs=10",
      "model.layers[0].units=48");

  /** Config and its target vocabulary V. */
  static Stream<Arguments> tasks() {
    return Stream.of(
        Arguments.of("copy/fixed.yaml", 3),
        Arguments.of("reverse/fixed.yaml", 3),
        Arguments.of("copy/variable.yaml", 4),
        Arguments.of("reverse/variable.yaml", 4),
        Arguments.of("addition/rnn.yaml", 11),
        Arguments.of("addition/lstm.yaml", 11));
  }

  private static CliRunner.Result train(String config, Path run, List<String> sets) {
    List<String> args = Runs.args(config, run);
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> epochs(Path run) throws IOException {
    return Runs.epochLines(run);
  }

  private static double number(Map<String, Object> epoch, String key) {
    return ((Number) epoch.get(key)).doubleValue();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("tasks")
  void aReducedRunLearns(String config, int vocabulary) throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(config, run, REDUCED);
    assertEquals(0, r.exitCode(), r.err());
    List<Map<String, Object>> epochs = epochs(run);
    Map<String, Object> last = epochs.get(epochs.size() - 1);
    double uniform = Math.log(vocabulary);
    assertTrue(number(last, "train.loss") < 0.75 * uniform, config + ": train loss " + number(last, "train.loss")
        + " is not well below a uniform guess's " + uniform);
    assertTrue(number(last, "train.loss") < number(epochs.get(0), "train.loss"), config + ": the loss did not fall");
    assertTrue(number(last, "val.accuracy") > 2.0 / vocabulary, config + ": val accuracy "
        + number(last, "val.accuracy") + " is near chance, 1/" + vocabulary);
    String report = Files.readString(run.resolve("report.html"));
    assertTrue(report.contains("Sample outputs") && report.contains("<table class=\"samples\""), config);
  }

  @Test
  void theSavedAdditionModelDecodesTheTargetsLengthAndEvaluatesAsTrainingReported() throws IOException {
    Path run = tmp.resolve("addition");
    CliRunner.Result r = train("addition/lstm.yaml", run, List.of("data.samples=300", "training.epochs=1",
        "model.layers[0].units=8"));
    assertEquals(0, r.exitCode(), r.err());
    // predict lays each line out as the dataset does (then <end>, padding) and reads the output until <end>
    Path sums = tmp.resolve("sums.txt");
    Files.writeString(sums, "123+4567\n99+1\n");
    CliRunner.Result p = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input",
        sums.toString());
    assertEquals(0, p.exitCode(), p.err());
    String[] lines = p.out().split("\n");
    assertEquals("index\tinput\tprediction", lines[0]);
    assertTrue(lines[1].matches("0\t123\\+4567\t[0-9]*") && lines[2].matches("1\t99\\+1\t[0-9]*"), p.out());
    Files.writeString(sums, "12345+67890\n");
    p = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", sums.toString());
    assertEquals(2, p.exitCode());
    assertTrue(p.err().contains("sums.txt:1: 11 characters; this model reads at most 9, then its end symbol '<end>'"),
        p.err());
    assertTrue(Files.readString(run.resolve("model/model.yaml")).contains("target:\n  shape: [6]"),
        "the decoder's length, the targets' 6 steps, is saved with the model");
    CliRunner.Result e = CliRunner.run("evaluate", "--model", run.resolve("model").toString());
    assertEquals(0, e.exitCode(), e.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = (Map<String, Object>) ((Map<String, Object>) Json.read(
        Files.readString(run.resolve("evaluation-test.json")))).get("metrics");
    Map<String, Object> last = Runs.finalMetrics(run);
    for (String key : List.of("test.loss", "test.accuracy", "test.sequence-accuracy")) {
      assertEquals(last.get(key), metrics.get(key), key);
    }
  }
}
