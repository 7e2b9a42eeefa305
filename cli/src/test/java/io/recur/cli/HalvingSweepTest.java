package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sweep.method: halving} end to end: the schedule {@code recur validate} prints, the same
 * bytes with one worker or two and after a SIGKILL mid-rung, and a promoted trial that ends with
 * the weights of the same configuration trained straight to its length.
 */
class HalvingSweepTest {
  @TempDir Path tmp;

  private static final Path CONFIG = SweepCommandTest.resource("halving.yaml");

  private static CliRunner.Result sweep(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", CONFIG.toString(), "--sweep-dir", dir.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void validateListsTheBracketRungsAndTheEpochBudgetAgainstTheGrid() {
    CliRunner.Result r = CliRunner.run("validate", CONFIG.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("sweep: halving over 6 configurations from a grid over 2 parameters, × 2 seeds, "
        + "reduction factor 3, 12 trials, ordered by val.loss (min)\n"
        + "  bracket 0: 6 configurations × 1 epoch → 2 × 3 epochs → 1 × 9 epochs\n"
        + "  epoch budget: 16 epochs (× 2 seeds: 32) against a full grid's 108 (29.6%)\n"), r.out());
  }

  @Test
  void hyperbandListsItsBrackets() {
    CliRunner.Result r = CliRunner.run("validate", CONFIG.toString(), "--set", "sweep.method=hyperband");
    assertEquals(0, r.exitCode(), r.err());
    // s_max = 2 (1·3² <= 9): 3·9/3 = 9 configurations wanted, the sweep has 6; then ⌈3·3/2⌉ = 5; then 3
    assertTrue(r.out().contains("  bracket 2: 6 configurations × 1 epoch → 2 × 3 epochs → 1 × 9 epochs\n"
        + "  bracket 1: 5 configurations × 3 epochs → 1 × 9 epochs\n"
        + "  bracket 0: 3 configurations × 9 epochs\n"
        + "  epoch budget: 64 epochs (× 2 seeds: 128) against a full grid's 108 (118.5%)\n"), r.out());
    assertTrue(r.out().contains("  b2-") && r.out().contains("  b0-"), "bracket-prefixed trial ids\n" + r.out());
  }

  @Test
  void hyperbandRunsItsBracketsToTheSameBytesOnOneAndTwoWorkers() throws IOException {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    String[] options = {"--set", "sweep.method=hyperband", "--set", "sweep.seeds=[1]"};
    CliRunner.Result r1 = sweep(one, options);
    assertEquals(0, r1.exitCode(), r1.err());
    List<String> twoWorkers = new ArrayList<>(List.of(options));
    twoWorkers.addAll(List.of("--workers", "2"));
    CliRunner.Result r2 = sweep(two, twoWorkers.toArray(String[]::new));
    assertEquals(0, r2.exitCode(), r2.err());
    assertSameSweep(one, two);
    // brackets 2, 1, 0 start 6, 5 and 3 configurations: 6 + 2 + 1 + 5 + 1 + 3 trial-rungs
    assertEquals(18, Files.readAllLines(one.resolve("rungs.jsonl")).size());
    assertTrue(r1.out().contains("epochs spent: 64 epochs, 118.5% of a full grid's 54"), r1.out());
    List<String> summary = SweepCommandTest.untimed(one.resolve("summary.csv"));
    assertEquals(1, summary.stream().filter(l -> l.contains(",yes,")).count(), "one winner\n" + summary);
    assertEquals("finished@9", SweepCommandTest.cells(summary.get(1)).get(8), summary.get(1));
  }

  @Test
  void oneAndTwoWorkersGiveTheSameBytesAndAPromotedTrialEqualsAStraightRun() throws IOException {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    CliRunner.Result r1 = sweep(one, "--workers", "1");
    assertEquals(0, r1.exitCode(), r1.err());
    CliRunner.Result r2 = sweep(two, "--workers", "2");
    assertEquals(0, r2.exitCode(), r2.err());
    assertTrue(r1.out().contains("bracket 0, rung 0 (1 epoch): 6 ranked, 2 promoted; best "), r1.out());
    assertTrue(r1.out().contains("epochs spent: 32 epochs, 29.6% of a full grid's 108"), r1.out());
    assertSameSweep(one, two);

    List<String> summary = SweepCommandTest.untimed(one.resolve("summary.csv"));
    assertTrue(summary.get(0).startsWith("rank,id,model.layers[1].type,optimizer.learning_rate,seed,status,epochs,"
        + "bracket,outcome,winner,val.loss@1,val.loss@3,val.loss@9,final."), summary.get(0));
    // the winner's two seeds come first, trained to the end; then the one configuration stopped at 3; then at 1
    List<String> outcomes = summary.subList(1, summary.size()).stream()
        .map(l -> SweepCommandTest.cells(l).get(8) + " " + SweepCommandTest.cells(l).get(9)).toList();
    assertEquals(List.of("finished@9 yes", "finished@9 yes", "stopped@3 ", "stopped@3 ", "stopped@1 ", "stopped@1 ",
        "stopped@1 ", "stopped@1 ", "stopped@1 ", "stopped@1 ", "stopped@1 ", "stopped@1 "), outcomes);
    List<String> winner = SweepCommandTest.cells(summary.get(1));
    assertEquals("9", winner.get(6), "epochs");
    assertTrue(!winner.get(10).isEmpty() && !winner.get(11).isEmpty() && !winner.get(12).isEmpty(), summary.get(1));
    List<String> rungs = Files.readAllLines(one.resolve("rungs.jsonl"));
    assertEquals(12 + 4 + 2, rungs.size(), "one line per trial and rung");
    assertTrue(Files.readString(one.resolve("summary.html")).contains("Epochs spent: 32 epochs, 29.6% of a full grid"));

    // the winner was trained 1, then 3, then 9 epochs, each time from its checkpoint: the bits of a straight run
    Path trial = one.resolve("trials").resolve(winner.get(1));
    assertTrue(Files.readString(trial.resolve("provenance.json")).contains("\"to_epochs\": 9"), "extended, not retrained");
    Path straight = tmp.resolve("straight");
    CliRunner.Result train = CliRunner.run("train", trial.resolve("config.yaml").toString(), "--run-dir",
        straight.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertArrayEquals(Files.readAllBytes(straight.resolve("model/weights.safetensors")),
        Files.readAllBytes(trial.resolve("model/weights.safetensors")));
    assertEquals(untimedMetrics(straight), untimedMetrics(trial));
  }

  @Test
  void aSweepKilledMidRungResumesToTheSameBytes() throws Exception {
    Path reference = tmp.resolve("reference");
    assertEquals(0, sweep(reference).exitCode());

    Path dir = tmp.resolve("killed");
    Process p = java(List.of("sweep", CONFIG.toString(), "--sweep-dir", dir.toString()));
    // kill -9 once the second rung has its first trial: the others of that rung are running or waiting
    Path rung1 = dir.resolve("rungs/b0-r1");
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (files(rung1) == 0 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    p.destroyForcibly().waitFor();
    long reached = files(rung1);
    assertTrue(reached >= 1 && reached < 4, reached + " trials had reached rung 1 when the sweep was killed");
    assertEquals(12, files(dir.resolve("rungs/b0-r0")), "rung 0 was finished");

    CliRunner.Result r = sweep(dir, "--resume", "--workers", "2");
    assertEquals(0, r.exitCode(), r.err());
    assertSameSweep(reference, dir);
  }

  @Test
  void aFailedTrialRanksLastAndNeverGoesOn() throws IOException {
    Path dir = tmp.resolve("failing");
    CliRunner.Result r = CliRunner.run("sweep", SweepCommandTest.resource("failing.yaml").toString(), "--sweep-dir",
        dir.toString(), "--set", "sweep.method=halving", "--set", "training.epochs=3");
    assertEquals(0, r.exitCode(), r.err());
    List<String> summary = SweepCommandTest.untimed(dir.resolve("summary.csv"));
    // rungs of 1 and 3 epochs keep max(1, ⌊2/3⌋) = 1 configuration: the one that trained
    assertEquals(List.of("ok", "finished@3", "yes"), statusOutcomeWinner(summary.get(1)));
    assertEquals(List.of("failed", "failed@1", ""), statusOutcomeWinner(summary.get(2)));
    assertTrue(r.out().contains("1 trial failed:\n  "), r.out());
  }

  @Test
  void resumeRefusesOtherRungs() {
    Path dir = tmp.resolve("s");
    assertEquals(0, sweep(dir, "--set", "sweep.seeds=[1]", "--set", "sweep.min_epochs=3").exitCode());
    CliRunner.Result r = sweep(dir, "--resume", "--set", "sweep.seeds=[1]");
    assertEquals(2, r.exitCode(), r.out());
    assertEquals(dir + ": holds this sweep's trials with other rungs ({\"min_epochs\":3,\"reduction_factor\":3,"
        + "\"max_epochs\":9}, this sweep {\"min_epochs\":1,\"reduction_factor\":3,\"max_epochs\":9}); expected the "
        + "same min_epochs, reduction_factor and max_epochs it was started with", r.err().strip());
  }

  @Test
  void badHalvingSettingsNameTheLineAndWhatWasExpected() {
    assertEquals(2, CliRunner.run("validate", CONFIG.toString(), "--set", "sweep.min_epochs=10").exitCode());
    assertEquals("--set sweep.min_epochs=10: sweep.min_epochs: is 10, more than the last rung's 9 epochs "
        + "(training.epochs); expected min_epochs <= 9",
        CliRunner.run("validate", CONFIG.toString(), "--set", "sweep.min_epochs=10").err().strip());
    assertEquals("--set sweep.method=grid: sweep.min_epochs: is only for method: halving or hyperband; a grid sweep "
            + "trains every trial for training.epochs",
        CliRunner.run("validate", CONFIG.toString(), "--set", "sweep.method=grid").err().strip().replaceFirst(
            "^[^ ]+halving.yaml:\\d+:\\d+", "--set sweep.method=grid"));
    CliRunner.Result cosine = CliRunner.run("validate", CONFIG.toString(), "--set",
        "training.lr_schedule={type: cosine}");
    assertEquals(2, cosine.exitCode(), cosine.out());
    assertTrue(cosine.err().strip().endsWith("sweep: training.lr_schedule is cosine without t_max, so its rates "
        + "follow training.epochs, and a trial resumed to a longer rung would not equal one trained straight to it; "
        + "expected an explicit training.lr_schedule.t_max (or a schedule that does not follow the epochs) for a "
        + "halving or hyperband sweep"), cosine.err());
    assertEquals(0, CliRunner.run("validate", CONFIG.toString(), "--set",
        "training.lr_schedule={type: cosine, t_max: 9}").exitCode());
  }

  /** The summaries, the rung log and every trial's weights, byte for byte (wall times aside). */
  private static void assertSameSweep(Path expected, Path actual) throws IOException {
    assertEquals(SweepCommandTest.untimed(expected.resolve("summary.csv")),
        SweepCommandTest.untimed(actual.resolve("summary.csv")));
    assertEquals(Files.readString(expected.resolve("summary-by-config.csv")),
        Files.readString(actual.resolve("summary-by-config.csv")));
    assertEquals(Files.readString(expected.resolve("rungs.jsonl")), Files.readString(actual.resolve("rungs.jsonl")));
    try (Stream<Path> trials = Files.list(expected.resolve("trials"))) {
      for (Path t : trials.toList()) {
        assertArrayEquals(Files.readAllBytes(t.resolve("model/weights.safetensors")),
            Files.readAllBytes(actual.resolve("trials").resolve(t.getFileName()).resolve("model/weights.safetensors")),
            t.getFileName().toString());
        assertEquals(untimedMetrics(t), untimedMetrics(actual.resolve("trials").resolve(t.getFileName())));
      }
    }
  }

  /** The status, outcome and winner cells of a summary.csv row of a sweep over one parameter. */
  private static List<String> statusOutcomeWinner(String row) {
    List<String> cells = SweepCommandTest.cells(row);
    return List.of(cells.get(4), cells.get(7), cells.get(8));
  }

  /** metrics.jsonl without the wall time of each epoch. */
  private static List<String> untimedMetrics(Path run) throws IOException {
    return Files.readAllLines(run.resolve("metrics.jsonl")).stream()
        .map(l -> l.replaceAll(",\"seconds\":[^,}]+", "")).toList();
  }

  private static long files(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(f -> f.getFileName().toString().endsWith(".json")).count();
    }
  }

  /** {@code recur ARGS} in a JVM of its own, so that it can be killed. */
  private Process java(List<String> args) throws IOException {
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.log").toFile()).start();
  }
}
