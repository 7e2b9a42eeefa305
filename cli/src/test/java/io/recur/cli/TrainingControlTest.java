package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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

/** Early stopping, the best model in model/, learning-rate schedules and divergence, through {@code recur train}. */
class TrainingControlTest {
  private static final String CONFIG = "dummy-string/perceptron.yaml";

  @TempDir Path tmp;

  private static CliRunner.Result train(Path run, String... settings) {
    List<String> args = Runs.args(CONFIG, run, "--set", "data.samples=120");
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static List<Map<String, Object>> metrics(Path run) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) Json.read(line);
      out.add(m);
    }
    return out;
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsAndModelHoldsTheBestEpoch() throws IOException {
    Path run = tmp.resolve("run");
    // the training loss falls every epoch, so watching it with "higher is better" sees the first epoch as the best
    CliRunner.Result r = train(run, "training.epochs=10", "training.early_stopping.monitor=train.loss",
        "training.early_stopping.mode=max", "training.early_stopping.patience=2");
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(3, metrics(run).size(), "epochs 1, 2, 3, then stop");
    assertTrue(r.out().contains("early stopping: train.loss has not improved for 2 epochs; best "), r.out());

    // model/ holds epoch 1: the weights a one-epoch run ends with
    Path one = tmp.resolve("one");
    assertEquals(0, train(one, "training.epochs=1").exitCode());
    assertArrayEquals(Runs.weights(one), Runs.weights(run));
    String report = Files.readString(run.resolve("report.html"));
    assertTrue(report.contains("Stopped early after 3 of 10 epochs"), report);
    assertTrue(report.contains("model/ holds epoch 1, the best by train.loss"), report);

    // resuming a run that stopped early changes nothing
    List<String> args = Runs.args(CONFIG, run, "--set", "data.samples=120", "--set", "training.epochs=10",
        "--set", "training.early_stopping.monitor=train.loss", "--set", "training.early_stopping.mode=max",
        "--set", "training.early_stopping.patience=2", "--resume");
    CliRunner.Result again = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, again.exitCode(), again.err());
    assertEquals(3, metrics(run).size());
    assertArrayEquals(Runs.weights(one), Runs.weights(run));
  }

  @Test
  void earlyStoppingOnAMetricThatIsNotReportedIsAClearError() {
    CliRunner.Result r = train(tmp.resolve("run"), "training.early_stopping.monitor=test.loss");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("training.early_stopping.monitor: 'test.loss' is not a reported metric; expected one"
        + " of train.accuracy, val.accuracy, train.loss, val.loss"), r.err());
  }

  @Test
  void aStepScheduleHalvesTheRateEveryEpochAndMetricsRecordIt() throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(run, "training.epochs=3", "training.lr_schedule.type=step",
        "training.lr_schedule.step_size=1", "training.lr_schedule.gamma=0.5");
    assertEquals(0, r.exitCode(), r.err());
    List<Double> lr = metrics(run).stream().map(m -> (Double) m.get("lr")).toList();
    assertEquals(List.of(0.001, 0.0005, 0.00025), lr);
    assertTrue(r.out().contains("| 5.00e-04 |"), r.out());
  }

  @Test
  void warmUpThenCosineRunsAndThePlateauScheduleWatchesValidationLoss() throws IOException {
    Path run = tmp.resolve("cosine");
    assertEquals(0, train(run, "training.epochs=4", "training.lr_schedule.type=cosine",
        "training.lr_schedule.warmup_epochs=2").exitCode());
    List<Double> lr = metrics(run).stream().map(m -> (Double) m.get("lr")).toList();
    assertEquals(0.0001, lr.get(0), 1e-12);
    assertEquals(0.00055, lr.get(1), 1e-12);
    assertEquals(0.001, lr.get(2), 1e-12);
    assertEquals(0.0005, lr.get(3), 1e-12);

    Path plateau = tmp.resolve("plateau");
    assertEquals(0, train(plateau, "training.epochs=4", "training.lr_schedule.type=plateau",
        "training.lr_schedule.monitor=train.loss", "training.lr_schedule.mode=max",
        "training.lr_schedule.patience=0").exitCode());
    // "higher is better" on a falling loss: every epoch after the first is bad, so every one cuts the rate
    List<Double> cut = metrics(plateau).stream().map(m -> (Double) m.get("lr")).toList();
    assertEquals(0.001, cut.get(0), 1e-15);
    assertEquals(0.001, cut.get(1), 1e-15);
    assertEquals(0.0001, cut.get(2), 1e-15);
    assertEquals(0.00001, cut.get(3), 1e-15);
  }

  @Test
  void aDivergingRunStopsWithTheEpochStepAndAHintAndExitsWithTwo() throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(run, "optimizer.learning_rate=1e38", "training.epochs=3");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    // NaN first, or (caught earlier) a weight that blew up while staying finite
    assertTrue(r.err().matches("(?s)(epoch \\d+, batch \\d+: the (loss is NaN|gradient of layer 'dense_2' \\(dense_2\\.\\w+\\) is "
        + "(NaN|-?Infinity))|at the start of epoch \\d+ \\(step \\d+\\): weight 'dense_2\\.\\w+' holds [-0-9.E]+, beyond"
        + " .*).*training diverged\\. Lower optimizer\\.learning_rate \\(now 1\\.00e\\+38\\), set training\\.clip_norm.*"),
        r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(Files.exists(run.resolve("model")), "no model is saved from a diverged run");
    // every checkpoint left is a good one, from before the divergence
    try (var s = Files.list(run.resolve("checkpoints"))) {
      for (Path p : s.toList()) {
        io.recur.checkpoint.CheckpointFile.Contents c = io.recur.checkpoint.CheckpointFile.read(p);
        for (var t : c.tensors().values()) {
          for (float v : t.data()) {
            assertTrue(Float.isFinite(v), p + " holds a non-finite value");
          }
        }
      }
    } catch (java.nio.file.NoSuchFileException e) {
      // diverged within the first epoch: no checkpoint at all, which is fine too
    }
  }

  @Test
  void aModelWithoutTrainableParametersIsAClearError() throws IOException {
    Path config = tmp.resolve("no-weights.yaml");
    Files.writeString(config, """
        name: no-weights
        data: {type: dummy-string, samples: 30}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: flatten}
        loss: mse
        optimizer: {type: sgd, learning_rate: 0.1}
        """);
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("the model has no trainable parameters"), r.err());
    assertFalse(Files.exists(run), "nothing is written");
  }

  @Test
  void fewerOutputsThanTheDataHasClassesFailsBeforeAnythingIsWritten() throws IOException {
    // the label 'c' appears only late in the file, so the first training batch alone would not show it
    StringBuilder tsv = new StringBuilder("sequence\tlabel\n");
    for (int i = 0; i < 40; i++) {
      tsv.append(i % 2 == 0 ? "ACGT" : "GGCA").append('\t').append(i == 39 ? "c" : i % 2 == 0 ? "a" : "b").append('\n');
    }
    Files.writeString(tmp.resolve("data.tsv"), tsv);
    Path config = tmp.resolve("three-classes.yaml");
    Files.writeString(config, """
        name: three-classes
        data: {type: tsv, path: data.tsv, split: [2, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: gru, units: 2, output: last}
            - {type: dense, units: 2, activation: softmax}
        loss: cross-entropy
        optimizer: {type: sgd, learning_rate: 0.1}
        """);
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(config + ":7:"), r.err());
    assertTrue(r.err().contains("the model gives 2 values per prediction but the data has 3 classes (a, b, c);"
        + " give the last layer 3 units"), r.err());
    assertFalse(Files.exists(run), "nothing is written");
  }

  @Test
  void aLossThatDoesNotFitTheOutputFailsBeforeAnythingIsWritten() {
    Path run = tmp.resolve("run");
    // one output unit cannot score classes 0 and 1 for cross-entropy
    CliRunner.Result r = train(run, "loss=cross-entropy", "model.layers[2].units=1");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("loss 'cross-entropy': target 1.0 at position"), r.err());
    assertFalse(Files.exists(run), "nothing is written: " + r.err());
  }
}
