package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Comparisons of run directories for the resume tests. */
final class Runs {
  private Runs() {}

  /** metrics.jsonl with every {@code "seconds":…} value removed: the rest must match byte for byte. */
  static String metricsWithoutSeconds(Path run) {
    try {
      return Files.readString(run.resolve("metrics.jsonl")).replaceAll(",\"seconds\":[^,}]*", "");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] weights(Path run) {
    try {
      return Files.readAllBytes(run.resolve("model/weights.safetensors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The same final weights (bytes) and the same metrics apart from wall time. */
  static void assertSameResult(Path expected, Path actual) {
    assertArrayEquals(weights(expected), weights(actual), "model/weights.safetensors of " + actual);
    assertEquals(metricsWithoutSeconds(expected), metricsWithoutSeconds(actual), "metrics.jsonl of " + actual);
  }

  /** metrics.jsonl's epoch lines, each as a map; the after-training test line is left out. */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> epochLines(Path run) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    try {
      for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
        Map<String, Object> m = (Map<String, Object>) io.recur.io.Json.read(line);
        if (m.containsKey("epoch")) {
          out.add(m);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /**
   * The numbers a finished run ends with: its last epoch's line, with the test.* values of
   * test-metrics.json (the test split scored once after training) added.
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> finalMetrics(Path run) {
    List<Map<String, Object>> epochs = epochLines(run);
    Map<String, Object> out = new java.util.LinkedHashMap<>(epochs.get(epochs.size() - 1));
    Path test = run.resolve("test-metrics.json");
    if (Files.exists(test)) {
      try {
        ((Map<String, Object>) io.recur.io.Json.read(Files.readString(test))).forEach((k, v) -> {
          if (k.startsWith("test.")) {
            out.put(k, v);
          }
        });
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return out;
  }

  static List<String> args(String config, Path runDir, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train", CliRunner.config(config).toString(), "--run-dir",
        runDir.toString()));
    a.addAll(List.of(extra));
    return a;
  }
}
