package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.checkpoint.CheckpointFile;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur train --resume} in-process: damaged checkpoints fall back, metrics lines written
 * after the checkpoint are cut back, the config must be the same. (KillAndResumeTest kills real
 * processes.)
 */
class ResumeTest {
  static final String CONFIG = "dummy-string/perceptron.yaml";
  static final String[] SETTINGS = {"--set", "training.epochs=4", "--set", "data.samples=120"};

  @TempDir static Path shared;
  static Path reference;

  @TempDir Path tmp;

  @BeforeAll
  static void trainTheReference() {
    reference = shared.resolve("reference");
    CliRunner.Result r = train(reference);
    assertEquals(0, r.exitCode(), r.err());
  }

  static CliRunner.Result train(Path runDir, String... extra) {
    List<String> args = Runs.args(CONFIG, runDir, SETTINGS);
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static List<Path> checkpoints(Path run) throws IOException {
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      return s.sorted().toList();
    }
  }

  @Test
  void aRunResumedAfterItFinishedIsUnchanged() {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resuming from ") && r.out().contains("at the end of training (epoch 4)"), r.out());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void aDamagedNewestCheckpointFallsBackToThePreviousOneAndSaysSo() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    List<Path> ckpts = checkpoints(run);
    assertEquals(2, ckpts.size(), "the last two checkpoints are kept");
    Path newest = ckpts.get(1);
    byte[] b = Files.readAllBytes(newest);
    // a bit of the data section: the file still parses, only its checksum can tell
    b[b.length - 7] ^= 0x10;
    Files.write(newest, b);
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resume: unusable checkpoint: " + newest + ": bad checksum"), r.out());
    assertTrue(r.out().contains("falling back to the previous checkpoint"), r.out());
    assertTrue(r.out().contains("resuming from " + ckpts.get(0) + " at the start of epoch 4"), r.out());
    // the fourth epoch is trained again and its metrics line written again, once
    Runs.assertSameResult(reference, run);
  }

  @Test
  void aTruncatedCheckpointFallsBackToo() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    Path newest = checkpoints(run).get(1);
    byte[] b = Files.readAllBytes(newest);
    Files.write(newest, java.util.Arrays.copyOf(b, b.length / 3));
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains(newest + ": truncated") || r.out().contains(newest + ": tensor"), r.out());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void aCheckpointWithATensorOfTheWrongShapeNamesTheFileAndTheTensor() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    Path newest = checkpoints(run).get(1);
    CheckpointFile.Contents c = CheckpointFile.read(newest);
    Map<String, Tensor> tensors = new LinkedHashMap<>(c.tensors());
    tensors.put("model.dense_2.weight", Tensor.zeros(3, 48));
    // a well-formed file with a good checksum, for a different model
    CheckpointFile.write(newest, tensors, c.metadata());
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains(newest + ": tensor 'model.dense_2.weight' has shape [3, 48], this run expects [2, 48]"),
        r.out());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void metricsLinesWrittenAfterTheCheckpointAreCutBack() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    // as if the run had died after writing a line but before its checkpoint
    Files.delete(checkpoints(run).get(1));
    Files.writeString(run.resolve("metrics.jsonl"), "{\"epoch\":3,\"train.loss\":0.1}\n", StandardOpenOption.APPEND);
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void withNoUsableCheckpointTheRunStartsOverAndSaysWhy() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    for (Path p : checkpoints(run)) {
      Files.write(p, new byte[] {1, 2, 3});
    }
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("no usable checkpoint in " + run.resolve("checkpoints") + "; starting from the beginning"),
        r.out());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void resumingAnEmptyOrMissingDirectoryStartsTheRun() {
    Path run = tmp.resolve("never-started");
    CliRunner.Result r = train(run, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("holds no run yet; starting from the beginning"), r.out());
    Runs.assertSameResult(reference, run);
  }

  @Test
  void aDifferentConfigIsRefusedNamingTheLineThatDiffers() {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    CliRunner.Result r = train(run, "--resume", "--set", "optimizer.learning_rate=0.5");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().startsWith(run.resolve("config.yaml") + ":"), r.err());
    assertTrue(r.err().contains("the run was started with a different config ('learning_rate: 0.001', now "
        + "'learning_rate: 0.5')"), r.err());
  }

  @Test
  void resumeNeedsARunDirectory() {
    CliRunner.Result r = CliRunner.run("train", CliRunner.config(CONFIG).toString(), "--resume");
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("--resume needs --run-dir"), r.err());
  }

  @Test
  void withoutResumeAnExistingRunIsStillNeverOverwritten() {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    CliRunner.Result r = train(run);
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("already exists and is not empty"), r.err());
  }
}
