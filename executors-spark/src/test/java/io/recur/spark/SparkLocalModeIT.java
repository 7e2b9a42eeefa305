package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark executor embedded in the CLI ({@code local[2]}), loaded from the plugin folder as
 * users load it: the shipped dummy-string sweep gives the local executor's summary and weights,
 * {@code --resume} runs only what is missing, and {@code recur plugins} lists the executor.
 */
class SparkLocalModeIT {
  /** The whole 36-trial grid, each trial shortened: the same overrides for both executors. */
  private static final List<String> SHORTER = List.of("--set", "training.epochs=4");

  @TempDir Path tmp;

  private List<String> sweep(Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", RecurCli.config("dummy-string/sweep.yaml").toString(),
        "--sweep-dir", dir.toString()));
    args.addAll(SHORTER);
    args.addAll(List.of(extra));
    return args;
  }

  private static List<String> spark(String... more) {
    List<String> args = new ArrayList<>(List.of("--plugins", RecurCli.pluginsDir().toString(), "--executor", "spark",
        "--spark-master", "local[2]", "--conf", "spark.ui.enabled=false"));
    args.addAll(List.of(more));
    return args;
  }

  @Test
  void theDummyStringSweepGivesTheLocalExecutorsSummaryAndWeights() throws Exception {
    Path local = tmp.resolve("local");
    RecurCli.run(sweep(local, "--workers", "2"), tmp.resolve("local.log"));

    Path spark = tmp.resolve("spark");
    String out = RecurCli.run(concat(sweep(spark), spark()), tmp.resolve("spark.log"));
    assertTrue(out.contains("[36/36]"), out);
    assertEquals(36, RecurCli.finishedTrials(spark));
    RecurCli.assertSameSweep(local, spark);
    assertNoLeftovers(spark);

    // two trials lost (one wholly, one its marker only): --resume runs exactly those again
    List<String> names = RecurCli.trialNames(spark);
    deleteTree(spark.resolve("trials").resolve(names.get(0)));
    Files.delete(spark.resolve("trials").resolve(names.get(1)).resolve("trial.json"));
    String resumed = RecurCli.run(concat(sweep(spark, "--resume"), spark()), tmp.resolve("resume.log"));
    assertTrue(resumed.contains("resuming: 34 finished, 2 to run"), resumed);
    assertTrue(resumed.contains("[36/36]"), resumed);
    RecurCli.assertSameSweep(local, spark);
  }

  @Test
  void aHalvingSweepGivesTheLocalExecutorsBytesAndResumesPromotedTrialsOnTheWorkers() throws Exception {
    // rungs of 1, 3 and 9 epochs over the shipped halving config's 18 configurations, one seed, less data
    List<String> halving = List.of("sweep", RecurCli.config("dummy-string/halving.yaml").toString(), "--set",
        "sweep.seeds=[1]", "--set", "sweep.min_epochs=1", "--set", "sweep.max_epochs=9", "--set", "data.samples=240");
    Path local = tmp.resolve("local");
    RecurCli.run(concat(halving, List.of("--sweep-dir", local.toString(), "--workers", "2")), tmp.resolve("local.log"));
    Path spark = tmp.resolve("spark");
    String out = RecurCli.run(concat(concat(halving, List.of("--sweep-dir", spark.toString())), spark()),
        tmp.resolve("spark.log"));
    assertTrue(out.contains("bracket 0, rung 2 (9 epochs): 2 ranked, bracket done"), out);
    RecurCli.assertSameSweep(local, spark);
    assertEquals(Files.readString(local.resolve("rungs.jsonl")), Files.readString(spark.resolve("rungs.jsonl")));
    assertEquals(Files.readString(local.resolve("summary-by-config.csv")),
        Files.readString(spark.resolve("summary-by-config.csv")));
    assertNoLeftovers(spark);
    // the finalists went on from the folders their earlier rungs published, on the workers
    long extended = 0;
    for (String trial : RecurCli.trialNames(spark)) {
      if (Files.readString(spark.resolve("trials").resolve(trial).resolve("provenance.json")).contains("\"to_epochs\": 9")) {
        extended++;
      }
    }
    assertEquals(2, extended, "trials continued to 9 epochs from their checkpoints");
  }

  @Test
  void theSweepBlockCanNameTheExecutorAndTrialsCanGoToAnotherFileSystemPath() throws Exception {
    Path dir = tmp.resolve("yaml");
    Path elsewhere = tmp.resolve("shared storage/trials");
    String out = RecurCli.run(List.of("sweep", RecurCli.config("dummy-string/sweep.yaml").toString(), "--sweep-dir",
        dir.toString(), "--set", "training.epochs=1", "--set", "sweep.seeds=[1]", "--set", "sweep.executor=spark",
        "--plugins", RecurCli.pluginsDir().toString(), "--spark-master", "local[2]", "--conf", "spark.ui.enabled=false",
        "--executor-option", "trials-dir=" + elsewhere.toUri()), tmp.resolve("yaml.log"));
    assertTrue(out.contains("[12/12]"), out);
    // the runs are in the trials directory, the markers (and the summaries) in the sweep directory
    assertEquals(12, RecurCli.finishedTrials(dir));
    assertEquals(13, Files.readAllLines(dir.resolve("summary.csv")).size());
    assertEquals(RecurCli.trialNames(dir), names(elsewhere));
    for (String trial : names(elsewhere)) {
      assertTrue(Files.exists(elsewhere.resolve(trial).resolve("model/weights.safetensors")), trial);
      assertTrue(Files.exists(elsewhere.resolve(trial).resolve("trial.json")), trial);
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void anUnknownExecutorOrAMalformedSettingIsABadInput() throws Exception {
    String config = RecurCli.config("dummy-string/sweep.yaml").toString();
    Path log = tmp.resolve("bad.log");
    String unknown = RecurCli.finish(RecurCli.start(List.of("sweep", config, "--sweep-dir", tmp.resolve("a").toString(),
        "--executor", "sparc"), log), log, 2);
    assertTrue(unknown.contains("--executor: unknown trial executor 'sparc'; known: local"), unknown);

    String conf = RecurCli.finish(RecurCli.start(concat(List.of("sweep", config, "--sweep-dir", tmp.resolve("b").toString()),
        List.of("--plugins", RecurCli.pluginsDir().toString(), "--executor", "spark", "--conf", "executor.memory=1g")),
        log), log, 2);
    assertTrue(conf.contains("--conf executor.memory=1g: expected a Spark setting, a key starting with 'spark.'"), conf);

    String option = RecurCli.finish(RecurCli.start(concat(List.of("sweep", config, "--sweep-dir", tmp.resolve("c").toString()),
        List.of("--plugins", RecurCli.pluginsDir().toString(), "--executor", "spark", "--executor-option", "trails-dir=x")),
        log), log, 2);
    assertTrue(option.contains("--executor-option trails-dir: unknown option of the spark executor; known: trials-dir"),
        option);

    String localWithSpark = RecurCli.finish(RecurCli.start(List.of("sweep", config, "--sweep-dir", tmp.resolve("d").toString(),
        "--spark-master", "local[2]"), log), log, 2);
    assertTrue(localWithSpark.contains("the local executor takes none (got spark.master)"), localWithSpark);
  }

  @Test
  void recurPluginsListsTheExecutorWithItsJar() throws Exception {
    String out = RecurCli.run(List.of("plugins", "--plugins", RecurCli.pluginsDir().toString()), tmp.resolve("plugins.log"));
    String jar = RecurCli.pluginFolder().resolve("recur-executors-spark-" + version() + ".jar").toString();
    assertTrue(out.contains("trial executors:"), out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("  spark  — ") && l.endsWith("[" + jar + " (SparkTrialExecutor)]")),
        out);
    assertTrue(out.lines().anyMatch(l -> l.startsWith("  local  — ")), out);
    assertTrue(out.contains("  " + jar + "  sha256 "), out);
  }

  static String version() throws IOException {
    try (var files = Files.list(RecurCli.pluginFolder())) {
      String name = files.map(f -> f.getFileName().toString()).filter(n -> n.startsWith("recur-executors-spark-"))
          .findFirst().orElseThrow();
      return name.substring("recur-executors-spark-".length(), name.length() - ".jar".length());
    }
  }

  /** No temporary publishing folders left beside the trials. */
  static void assertNoLeftovers(Path sweepDir) throws IOException {
    try (var dirs = Files.list(sweepDir.resolve("trials"))) {
      List<String> hidden = dirs.map(d -> d.getFileName().toString()).filter(n -> n.startsWith(".")).toList();
      assertEquals(List.of(), hidden, "temporary folders left behind");
    }
  }

  static List<String> concat(List<String> a, List<String> b) {
    List<String> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  static void deleteTree(Path dir) throws IOException {
    try (var walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
