package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur validate} and {@code recur sweep} on small sweeps: the trial list, run
 * directories that are ordinary runs, the same summary with one worker or two, and resuming.
 */
class SweepCommandTest {
  @TempDir Path tmp;

  static Path resource(String name) {
    return CliRunner.repoRoot().resolve("cli/src/test/resources/sweep").resolve(name);
  }

  private static CliRunner.Result sweep(Path config, Path dir, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", config.toString(), "--sweep-dir", dir.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  /** summary.csv without its last column, the wall time. */
  static List<String> untimed(Path csv) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(csv)) {
      lines.add(line.substring(0, line.lastIndexOf(',')));
    }
    return lines;
  }

  private static List<Path> trialDirs(Path sweepDir) throws IOException {
    try (Stream<Path> dirs = Files.list(sweepDir.resolve("trials"))) {
      return dirs.sorted().toList();
    }
  }

  @Test
  void validateListsTheTrialsWithoutRunningThem() {
    CliRunner.Result r = CliRunner.run("validate", resource("tiny.yaml").toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("sweep: 4 trials (2 configurations from a grid over 1 parameter, × 2 seeds), "
        + "ordered by val.loss (min)"), r.out());
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("(?m)^  (\\d)  ([0-9a-f]{8}-\\S+)$").matcher(r.out());
    while (m.find()) {
      ids.add(m.group(1) + " " + m.group(2).substring(9));
    }
    assertEquals(List.of("0 learning_rate=0.01,seed=1", "1 learning_rate=0.01,seed=2", "2 learning_rate=0.1,seed=1",
        "3 learning_rate=0.1,seed=2"), ids);
  }

  @Test
  void validateNamesAnUnknownMetricAndSuggestsTheNearest() {
    CliRunner.Result r = CliRunner.run("validate", resource("tiny.yaml").toString(), "--set", "sweep.metric=val.accurcy");
    assertEquals(2, r.exitCode(), r.out());
    assertEquals("", r.out(), "no 'ok' for a file whose sweep is bad");
    assertEquals("--set sweep.metric=val.accurcy: sweep.metric: unknown metric 'val.accurcy'; known: test.accuracy, "
        + "test.loss, train.accuracy, train.loss, val.accuracy, val.loss. Did you mean 'val.accuracy'?", r.err().strip());
  }

  @Test
  void aConfigWithoutASweepIsRefused() {
    Path config = CliRunner.config("dummy-string/perceptron.yaml");
    CliRunner.Result r = sweep(config, tmp.resolve("s"));
    assertEquals(2, r.exitCode(), r.out());
    assertEquals(config + ": has no 'sweep:' block; expected one (docs/sweeps.md), or use 'recur train' for a single "
        + "run", r.err().strip());
  }

  @Test
  void oneAndTwoWorkersGiveTheSameResults() throws IOException {
    Path one = tmp.resolve("one");
    Path two = tmp.resolve("two");
    CliRunner.Result r1 = sweep(resource("tiny.yaml"), one, "--workers", "1");
    assertEquals(0, r1.exitCode(), r1.err());
    CliRunner.Result r2 = sweep(resource("tiny.yaml"), two, "--workers", "2");
    assertEquals(0, r2.exitCode(), r2.err());

    assertTrue(r1.out().contains("[4/4] "), r1.out());
    assertTrue(r1.out().contains("rank  trial"), r1.out());
    List<String> summary = untimed(one.resolve("summary.csv"));
    assertEquals(5, summary.size(), String.join("\n", summary));
    assertEquals("rank,id,optimizer.learning_rate,seed,status,epochs,final.train.accuracy,final.val.accuracy,"
        + "final.train.loss,final.val.loss,best.train.accuracy,best.val.accuracy,best.train.loss,best.val.loss,error",
        summary.get(0));
    assertEquals(summary, untimed(two.resolve("summary.csv")));
    assertEquals(Files.readString(one.resolve("summary-by-config.csv")),
        Files.readString(two.resolve("summary-by-config.csv")));
    // sorted by val.loss, lowest first
    List<Double> losses = summary.subList(1, 5).stream().map(l -> Double.parseDouble(cells(l).get(9))).toList();
    assertEquals(losses.stream().sorted().toList(), losses);

    // every trial is an ordinary run directory, and the same bits with either number of workers
    List<Path> trials = trialDirs(one);
    assertEquals(4, trials.size());
    for (Path t : trials) {
      for (String file : List.of("config.yaml", "provenance.json", "metrics.jsonl", "model/model.yaml",
          "model/weights.safetensors", "trial.json")) {
        assertTrue(Files.exists(t.resolve(file)), t + " lacks " + file);
      }
      Path other = two.resolve("trials").resolve(t.getFileName());
      assertArrayEquals(Files.readAllBytes(t.resolve("model/weights.safetensors")),
          Files.readAllBytes(other.resolve("model/weights.safetensors")), t.getFileName().toString());
    }

    String html = Files.readString(one.resolve("summary.html"));
    assertTrue(html.contains("<img width=\"480\" height=\"320\" alt=\"val.loss of each trial against "), "a plot of the metric");
    assertFalse(html.contains("<script") || html.contains("<link"), "self-contained");
    assertFalse(html.replace("src=\"data:image/png;base64,", "").contains("src="), "images inline, nothing fetched");
    assertTrue(html.contains("The 95% interval is Student's t for the mean over the seeds"), "says which interval");
    // every trial links to its own report, which lies where the link says
    java.util.regex.Matcher link = java.util.regex.Pattern.compile("href=\"(trials/[^\"]+/report\\.html)\"").matcher(html);
    int links = 0;
    while (link.find()) {
      links++;
      String path = java.net.URI.create(link.group(1)).getPath();
      assertTrue(Files.isRegularFile(one.resolve(path)), "the link " + link.group(1) + " finds no report");
    }
    try (var trialDirs = Files.list(one.resolve("trials"))) {
      assertEquals(trialDirs.count(), links, "one link per trial");
    }
    List<String> byConfig = Files.readAllLines(one.resolve("summary-by-config.csv"));
    assertEquals(3, byConfig.size());
    assertTrue(byConfig.get(0).startsWith("rank,configuration,optimizer.learning_rate,trials,failed,train.accuracy.n,"
        + "train.accuracy.mean,train.accuracy.std,train.accuracy.ci95_low,train.accuracy.ci95_high,"), byConfig.get(0));
  }

  @Test
  void aTrialIsReproducibleAloneFromItsRunDirectory() throws IOException {
    Path dir = tmp.resolve("s");
    assertEquals(0, sweep(resource("tiny.yaml"), dir, "--set", "sweep.seeds=[3]").exitCode());
    Path trial = trialDirs(dir).get(0);
    CliRunner.Result r = CliRunner.run("reproduce", trial.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("identical: "), r.out());
    // and 'recur train' takes its config.yaml as is
    CliRunner.Result train = CliRunner.run("train", trial.resolve("config.yaml").toString(), "--run-dir",
        tmp.resolve("again").toString());
    assertEquals(0, train.exitCode(), train.err());
  }

  @Test
  void resumeRestartsUnfinishedTrialsAndSummarisesAsBefore() throws IOException {
    Path dir = tmp.resolve("s");
    assertEquals(0, sweep(resource("tiny.yaml"), dir).exitCode());
    List<String> before = untimed(dir.resolve("summary.csv"));
    // a trial without its marker is unfinished, whatever else its folder holds
    Path trial = trialDirs(dir).get(2);
    Files.delete(trial.resolve("trial.json"));
    Files.writeString(trial.resolve("metrics.jsonl"), "{\"epoch\":0,\"torn");
    Files.delete(dir.resolve("summary.csv"));

    CliRunner.Result r = sweep(resource("tiny.yaml"), dir, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resuming: 3 finished, 1 to run (1 unfinished started again)"), r.out());
    assertTrue(r.out().contains("[4/4] " + trial.getFileName()), r.out());
    assertEquals(before, untimed(dir.resolve("summary.csv")));
  }

  @Test
  void resumeRefusesADirectoryOfAnotherSweep() {
    Path dir = tmp.resolve("s");
    assertEquals(0, sweep(resource("tiny.yaml"), dir, "--set", "sweep.seeds=[1]").exitCode());
    CliRunner.Result r = sweep(resource("tiny.yaml"), dir, "--resume");
    assertEquals(2, r.exitCode(), r.out());
    assertEquals(dir + ": holds another sweep (it has 2 trials, this sweep 4); expected the same config and --set "
        + "options it was started with", r.err().strip());
    CliRunner.Result again = sweep(resource("tiny.yaml"), dir, "--set", "sweep.seeds=[1]");
    assertEquals(2, again.exitCode(), again.out());
    assertEquals(dir + ": sweep directory already exists and is not empty; add --resume to continue the sweep in it, "
        + "or choose another --sweep-dir", again.err().strip());
  }

  @Test
  void aTrialThatFailsIsReportedAndTheOthersGoOn() throws IOException {
    Path dir = tmp.resolve("s");
    CliRunner.Result r = sweep(resource("failing.yaml"), dir);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("1 trial failed:\n  "), r.out());
    List<String> summary = untimed(dir.resolve("summary.csv"));
    List<String> failed = cells(summary.get(2));
    assertEquals("failed", failed.get(4));
    assertTrue(failed.get(failed.size() - 1).endsWith("no-such-file.tsv: file not found (the path is relative to the "
        + "experiment file's folder)"), summary.get(2));
    assertEquals("ok", cells(summary.get(1)).get(4));
    // a failed trial is finished: running it again would fail the same way
    CliRunner.Result resumed = sweep(resource("failing.yaml"), dir, "--resume");
    assertTrue(resumed.out().contains("resuming: 2 finished, 0 to run"), resumed.out());

    CliRunner.Result all = sweep(resource("failing.yaml"), tmp.resolve("all"), "--set",
        "sweep.parameters.data=[{type: tsv, path: a.tsv}, {type: tsv, path: b.tsv}]");
    assertEquals(2, all.exitCode(), all.out());
    assertTrue(all.err().startsWith("every trial failed; the first: "), all.err());
  }

  @Test
  void aSweepKilledWithSigkillLosesNoFinishedTrialAndResumesToTheSameSummary() throws Exception {
    Path reference = tmp.resolve("reference");
    CliRunner.Result whole = sweep(resource("cells.yaml"), reference);
    assertEquals(0, whole.exitCode(), whole.err());

    Path dir = tmp.resolve("killed");
    Process p = java(List.of("sweep", resource("cells.yaml").toString(), "--sweep-dir", dir.toString()));
    // kill -9 as soon as the first trial has its marker, while the second is running
    long deadline = System.nanoTime() + 120_000_000_000L;
    while (markers(dir) == 0 && p.isAlive() && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    p.destroyForcibly().waitFor();
    long finished = markers(dir);
    assertTrue(finished >= 1 && finished < 6, finished + " trials had finished when the sweep was killed");

    CliRunner.Result r = sweep(resource("cells.yaml"), dir, "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resuming: " + finished + " finished, " + (6 - finished) + " to run"), r.out());
    assertEquals(untimed(reference.resolve("summary.csv")), untimed(dir.resolve("summary.csv")));
    assertEquals(Files.readString(reference.resolve("summary-by-config.csv")),
        Files.readString(dir.resolve("summary-by-config.csv")));
    for (Path t : trialDirs(reference)) {
      assertArrayEquals(Files.readAllBytes(t.resolve("model/weights.safetensors")),
          Files.readAllBytes(dir.resolve("trials").resolve(t.getFileName()).resolve("model/weights.safetensors")));
    }
  }

  private static long markers(Path sweepDir) throws IOException {
    Path trials = sweepDir.resolve("trials");
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(trials)) {
      return dirs.filter(d -> Files.exists(d.resolve("trial.json"))).count();
    }
  }

  /** {@code recur ARGS} in a JVM of its own, so that it can be killed. */
  private Process java(List<String> args) throws IOException {
    // surefire runs tests from a manifest-only jar and publishes the real class path separately
    String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", cp, Main.class.getName()));
    cmd.addAll(args);
    return new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("killed.log").toFile()).start();
  }

  /** The cells of a CSV line without quoted commas inside ids: split, then glue quoted parts back. */
  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (char c : line.toCharArray()) {
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cell.toString());
        cell.setLength(0);
      } else {
        cell.append(c);
      }
    }
    out.add(cell.toString());
    return out;
  }
}
