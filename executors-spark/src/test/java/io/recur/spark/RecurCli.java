package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The CLI as users run it, in a JVM of its own: {@code java -jar cli/target/recur.jar …}, with
 * the plugin folder this module's build produced. Spark's Java 17 flags come from the jar's
 * manifest; its processes bind to loopback.
 */
final class RecurCli {
  /** Generous: a slow, shared 2-core machine runs these sweeps several times slower than a laptop. */
  static final long TIMEOUT_MINUTES = 8;

  private RecurCli() {}

  static Path repoRoot() {
    String root = System.getProperty("recur.repo.root");
    return root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
  }

  static Path cliJar() {
    return repoRoot().resolve("cli").resolve(System.getProperty("recur.target", "target")).resolve("recur.jar");
  }

  /** The folder holding this module's jar and Spark's: one plugin. */
  static Path pluginFolder() {
    return Path.of(System.getProperty("recur.spark.plugin"));
  }

  /** What {@code --plugins} takes: the plugins folder around {@link #pluginFolder()}. */
  static Path pluginsDir() {
    return pluginFolder().getParent();
  }

  static Path config(String relative) {
    return repoRoot().resolve("configs").resolve(relative);
  }

  /** Starts {@code recur ARGS}; its output goes to {@code log}. */
  static Process start(List<String> args, Path log) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx1g", "-jar", cliJar().toString()));
    cmd.addAll(args);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    loopback(pb.environment());
    return pb.start();
  }

  /** Runs {@code recur ARGS} to the end and returns its output; fails the test on a non-zero exit. */
  static String run(List<String> args, Path log) throws IOException, InterruptedException {
    return finish(start(args, log), log, 0);
  }

  /** Waits for {@code p} and checks its exit code. */
  static String finish(Process p, Path log, int expectedExit) throws IOException, InterruptedException {
    boolean ended = p.waitFor(TIMEOUT_MINUTES, TimeUnit.MINUTES);
    if (!ended) {
      p.descendants().forEach(ProcessHandle::destroyForcibly);
      p.destroyForcibly();
    }
    String out = Files.readString(log);
    assertTrue(ended, "recur did not finish in " + TIMEOUT_MINUTES + " minutes:\n" + out);
    assertEquals(expectedExit, p.exitValue(), out);
    return out;
  }

  /** Spark's processes bind to loopback and say so, instead of guessing an outside address. */
  static void loopback(Map<String, String> env) {
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_HOSTNAME", "localhost");
  }

  /** summary.csv without its last column, the wall time (as SweepCommandTest compares it). */
  static List<String> untimed(Path sweepDir) throws IOException {
    List<String> lines = new ArrayList<>();
    for (String line : Files.readAllLines(sweepDir.resolve("summary.csv"))) {
      lines.add(line.substring(0, line.lastIndexOf(',')));
    }
    return lines;
  }

  /** The trial folders of a sweep, by name. */
  static List<String> trialNames(Path sweepDir) throws IOException {
    try (Stream<Path> dirs = Files.list(sweepDir.resolve("trials"))) {
      return dirs.map(d -> d.getFileName().toString()).sorted().toList();
    }
  }

  /** How many trials of the sweep have their marker. */
  static long finishedTrials(Path sweepDir) throws IOException {
    Path trials = sweepDir.resolve("trials");
    if (!Files.isDirectory(trials)) {
      return 0;
    }
    try (Stream<Path> dirs = Files.list(trials)) {
      return dirs.filter(d -> !d.getFileName().toString().startsWith(".") && Files.exists(d.resolve("trial.json")))
          .count();
    }
  }

  /**
   * Asserts that two sweeps have the same summary apart from wall times, the same trial folders
   * and byte-identical weights in every trial.
   */
  static void assertSameSweep(Path expected, Path actual) throws IOException {
    assertEquals(untimed(expected), untimed(actual), "summary.csv differs");
    assertEquals(trialNames(expected), trialNames(actual), "trial folders differ");
    for (String trial : trialNames(expected)) {
      Path weights = Path.of("trials", trial, "model", "weights.safetensors");
      assertTrue(Files.exists(expected.resolve(weights)), expected.resolve(weights) + " is missing");
      assertEquals(-1L, Files.mismatch(expected.resolve(weights), actual.resolve(weights)),
          "weights of " + trial + " differ");
    }
  }
}
