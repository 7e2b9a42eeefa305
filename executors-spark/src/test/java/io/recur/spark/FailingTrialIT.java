package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spark.testplugin.ExplodingMetricPlugin;
import io.recur.spi.RecurPlugin;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial that fails on every attempt (Spark retries it, then gives up) is a failed row of the
 * summary with Spark's reason, leaves no half-written trial folder, and the other trials finish.
 */
class FailingTrialIT {
  @TempDir Path tmp;

  @Test
  void aTrialThatFailsEveryAttemptIsReportedAndTheOthersFinish() throws Exception {
    Path dir = tmp.resolve("sweep");
    String out = RecurCli.run(List.of("sweep", config().toString(), "--sweep-dir", dir.toString(),
        "--plugins", explodingPlugin().toString(), "--plugins", RecurCli.pluginsDir().toString(),
        "--executor", "spark", "--spark-master", "local[2]", "--conf", "spark.task.maxFailures=2",
        "--conf", "spark.ui.enabled=false"), tmp.resolve("sweep.log"));
    assertTrue(out.contains("[4/4]"), out);

    List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
    List<String> header = cells(lines.get(0));
    int fail = header.indexOf("metrics[1].fail");
    int status = header.indexOf("status");
    int error = header.indexOf("error");
    assertTrue(fail >= 0 && status >= 0 && error >= 0, lines.get(0));
    int failed = 0;
    for (String line : lines.subList(1, lines.size())) {
      List<String> row = cells(line);
      if (row.get(fail).equals("true")) {
        failed++;
        assertEquals("failed", row.get(status), line);
        assertTrue(row.get(error).startsWith("Spark gave up on the trial after 2 attempts: "), line);
        assertTrue(row.get(error).contains("failed 2 times"), line);
        assertTrue(row.get(error).contains("IllegalStateException: the exploding metric exploded"), line);
      } else {
        assertEquals("ok", row.get(status), line);
      }
    }
    assertEquals(2, failed, String.join("\n", lines));

    // a failed trial's folder holds its marker only: no attempt published half a run
    for (String trial : RecurCli.trialNames(dir)) {
      if (trial.contains("fail=true")) {
        try (Stream<Path> files = Files.list(dir.resolve("trials").resolve(trial))) {
          assertEquals(List.of("trial.json"), files.map(f -> f.getFileName().toString()).toList(), trial);
        }
      } else {
        assertTrue(Files.exists(dir.resolve("trials").resolve(trial).resolve("model/weights.safetensors")), trial);
      }
    }
    SparkLocalModeIT.assertNoLeftovers(dir);
  }

  private static Path config() {
    return RecurCli.repoRoot().resolve("executors-spark/src/test/resources/exploding.yaml");
  }

  /** The test plugin as a plugin jar: its classes, its service file and the SPI version it was built for. */
  private Path explodingPlugin() throws IOException {
    Path classes = Path.of(RecurCli.repoRoot().resolve("executors-spark").toString(),
        System.getProperty("recur.target", "target"), "test-classes");
    String pkg = ExplodingMetricPlugin.class.getPackageName().replace('.', '/');
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().putValue("Recur-Spi-Version", Integer.toString(RecurPlugin.SPI_VERSION));
    Path jar = tmp.resolve("exploding.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> found = Files.list(classes.resolve(pkg))) {
      out.putNextEntry(new JarEntry("META-INF/services/" + RecurPlugin.class.getName()));
      out.write((ExplodingMetricPlugin.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      for (Path c : found.sorted().toList()) {
        out.putNextEntry(new JarEntry(pkg + "/" + c.getFileName()));
        out.write(Files.readAllBytes(c));
      }
    }
    return jar;
  }

  /** The cells of a CSV line: quoted cells may hold commas and doubled quotes. */
  static List<String> cells(String line) {
    List<String> out = new ArrayList<>();
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '"') {
        if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else {
          quoted = !quoted;
        }
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
