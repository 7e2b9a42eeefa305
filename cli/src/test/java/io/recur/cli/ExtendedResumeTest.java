package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recur train --resume} of a finished run with more {@code training.epochs}: the run continues. */
class ExtendedResumeTest {
  static final String CONFIG = "dummy-string/perceptron.yaml";

  @TempDir Path tmp;

  private static CliRunner.Result train(Path runDir, int epochs, String... extra) {
    List<String> args = Runs.args(CONFIG, runDir, "--set", "data.samples=120", "--set", "training.epochs=" + epochs);
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static String[] with(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }

  @Test
  void aFinishedRunContinuedToMoreEpochsEqualsARunTrainedStraightThere() throws IOException {
    Path straight = tmp.resolve("straight");
    assertEquals(0, train(straight, 4).exitCode());
    Path run = tmp.resolve("run");
    assertEquals(0, train(run, 2).exitCode());
    CliRunner.Result r = train(run, 4, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resume: continuing the run from 2 to 4 epochs"), r.out());
    assertFalse(r.out().contains("note: training.lr_schedule"), r.out());
    Runs.assertSameResult(straight, run);
    assertEquals(4, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    assertTrue(Files.readString(run.resolve("config.yaml")).contains("  epochs: 4\n"));
    assertTrue(Files.readString(run.resolve("provenance.json")).contains("\"from_epochs\": 2"),
        Files.readString(run.resolve("provenance.json")));
    // resumed again with the same config: finished, unchanged
    CliRunner.Result again = train(run, 4, "--resume");
    assertEquals(0, again.exitCode(), again.err());
    Runs.assertSameResult(straight, run);
  }

  @Test
  void aScheduleThatFollowsTheEpochsIsNoted() {
    String[] cosine = {"--set", "training.lr_schedule.type=cosine"};
    Path run = tmp.resolve("run");
    assertEquals(0, train(run, 2, cosine).exitCode());
    CliRunner.Result r = train(run, 4, with(cosine, "--resume"));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("note: training.lr_schedule follows training.epochs"), r.out());
    assertEquals(4, Runs.metricsWithoutSeconds(run).strip().split("\n").length);
  }

  @Test
  void fewerEpochsAreRefused() {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run, 3).exitCode());
    CliRunner.Result r = train(run, 2, "--resume");
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("the run was started for 3 epochs, the config now asks for 2"), r.err());
  }
}
