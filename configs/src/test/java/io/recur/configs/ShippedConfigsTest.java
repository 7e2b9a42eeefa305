package io.recur.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML in {@code configs/} must validate and train for one short epoch through the CLI,
 * so no shipped config can rot. Named datasets resolve from the shared data mirror when the
 * build provides one ({@code RECUR_DATA}).
 */
class ShippedConfigsTest {
  @TempDir Path tmp;

  static Path configsRoot() {
    String root = System.getProperty("recur.repo.root");
    return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).resolve("configs");
  }

  static List<Path> configs() throws IOException {
    try (Stream<Path> files = Files.walk(configsRoot())) {
      return files.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.toString().contains("/src/") && !p.toString().contains("/target"))
          .sorted()
          .toList();
    }
  }

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @TestFactory
  Stream<DynamicTest> everyConfigValidates() throws IOException {
    List<Path> configs = configs();
    assertTrue(!configs.isEmpty(), "no configs found under " + configsRoot());
    return configs.stream().map(c -> DynamicTest.dynamicTest(configsRoot().relativize(c).toString(), () -> {
      String[] r = run("validate", c.toString());
      assertEquals("0", r[0], r[2]);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyConfigTrainsForOneEpoch() throws IOException {
    return configs().stream().map(c -> DynamicTest.dynamicTest(configsRoot().relativize(c).toString(), () -> {
      Path runDir = tmp.resolve(configsRoot().relativize(c).toString().replace('/', '_'));
      String[] r = run("train", c.toString(), "--run-dir", runDir.toString(), "--set", "training.epochs=1");
      assertEquals("0", r[0], r[2]);
      assertTrue(Files.exists(runDir.resolve("model/weights.safetensors")), "no weights written for " + c);
    }));
  }
}
