package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

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

  static List<String> args(String config, Path runDir, String... extra) {
    List<String> a = new java.util.ArrayList<>(List.of("train", CliRunner.config(config).toString(), "--run-dir",
        runDir.toString()));
    a.addAll(List.of(extra));
    return a;
  }
}
