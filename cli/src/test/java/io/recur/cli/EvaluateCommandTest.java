package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recur evaluate}: a saved model's metrics on a split of its own data or of another dataset. */
class EvaluateCommandTest {
  @TempDir static Path shared;
  static Path run;

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    run = shared.resolve("run");
    CliRunner.Result r = CliRunner.run(Runs.args("dummy-string/perceptron.yaml", run, "--set", "training.epochs=2",
        "--set", "data.samples=150", "--set", "data.split=[2, 1, 1]").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(Path file) throws IOException {
    return (Map<String, Object>) Json.read(Files.readString(file));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastEpoch() throws IOException {
    return Runs.finalMetrics(run);
  }

  @Test
  void theTestSplitOfTheTrainingDataGivesTheMetricsTrainingReported() throws IOException {
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("perceptron on the test split (") && r.out().contains("test.accuracy"), r.out());
    Map<String, Object> doc = json(run.resolve("evaluation-test.json"));
    Map<?, ?> metrics = (Map<?, ?>) doc.get("metrics");
    // the same weights on the same split (rebuilt with the run's seed) give the same numbers
    assertEquals(lastEpoch().get("test.loss"), metrics.get("test.loss"));
    assertEquals(lastEpoch().get("test.accuracy"), metrics.get("test.accuracy"));
    assertEquals("test", doc.get("split"));
  }

  @Test
  void anySplitCanBeEvaluatedAndWrittenWhereAsked() throws IOException {
    Path out = tmp.resolve("val.json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val",
        "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(lastEpoch().get("val.loss"), ((Map<?, ?>) json(out).get("metrics")).get("val.loss"));
  }

  @Test
  void anotherDatasetComesFromTheDataSectionOfAFile() throws IOException {
    Path data = tmp.resolve("other-strings.yaml");
    Files.writeString(data, """
        seed: 9
        data:
          type: dummy-string
          samples: 90
          length: 12
          alphabet: ACGT
          split: [1, 1, 1]
        """);
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data", data.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, Object> doc = json(run.resolve("evaluation-test-other-strings.json"));
    assertEquals(30, doc.get("samples"));
    assertTrue(((Map<?, ?>) doc.get("metrics")).containsKey("test.accuracy"), doc.toString());
  }

  @Test
  void aMissingSplitListsTheSplitsThereAre() {
    Path data = tmp.resolve("no-test.yaml");
    try {
      Files.writeString(data, "data: {type: dummy-string, samples: 60, length: 12, split: [2, 1, 0]}\n");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data", data.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--split test: the dataset has no such split (or it is empty); it has train, val"), r.err());
  }

  @Test
  void dataOfAnotherShapeIsAClearError() throws IOException {
    Path data = tmp.resolve("longer.yaml");
    Files.writeString(data, "data: {type: dummy-string, samples: 60, length: 20, split: [1, 1, 1]}\n");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--data", data.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("dataset type 'dummy-string' (" + data + ") encoded its data with its own input shape"
        + " [20], which differs from the model's [12]; it cannot be evaluated on the model's encoding"), r.err());
  }

  @Test
  void aFolderThatIsNotAModelIsAClearError() {
    CliRunner.Result r = CliRunner.run("evaluate", "--model", tmp.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("not a saved model directory"), r.err());
  }

  @Test
  void anOutputOverARunsOwnFileIsRefusedAndTheFileIsKept() throws IOException {
    Path config = run.resolve("config.yaml");
    byte[] before = Files.readAllBytes(config);
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--output",
        config.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--output " + config + ": would overwrite the run's config.yaml"), r.err());
    assertArrayEquals(before, Files.readAllBytes(config));
  }

  @Test
  void anOutputIntoTheModelFolderIsRefusedAndTheWeightsAreKept() throws IOException {
    Path weights = run.resolve("model/weights.safetensors");
    byte[] before = Files.readAllBytes(weights);
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--output",
        weights.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("would overwrite the model's weights.safetensors"), r.err());
    assertArrayEquals(before, Files.readAllBytes(weights));
  }
}
