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
 * Every shipped config with a {@code sweep:} block runs as a sweep, one epoch and one seed a
 * trial, so no shipped sweep can rot ({@link ShippedConfigsTest} validates it and trains its base).
 */
class ShippedSweepsTest {
  @TempDir Path tmp;

  static List<Path> sweeps() throws IOException {
    try (Stream<Path> configs = ShippedConfigsTest.configs().stream()) {
      return configs.filter(ShippedSweepsTest::hasSweep).toList();
    }
  }

  private static boolean hasSweep(Path config) {
    try {
      return Files.readAllLines(config).stream().anyMatch(l -> l.startsWith("sweep:"));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A halving or Hyperband sweep, whose rungs need their own budgets in a one-epoch smoke run. */
  private static boolean prunes(Path config) throws IOException {
    return Files.readAllLines(config).stream().anyMatch(l -> l.matches("\\s+method:\\s*(halving|hyperband)\\b.*"));
  }

  @TestFactory
  Stream<DynamicTest> everySweepRunsForOneEpochATrial() throws IOException {
    List<Path> sweeps = sweeps();
    assertTrue(!sweeps.isEmpty(), "no sweep configs found under " + ShippedConfigsTest.configsRoot());
    return sweeps.stream().map(c -> DynamicTest.dynamicTest(ShippedConfigsTest.configsRoot().relativize(c).toString(),
        () -> {
          NamedData.requireFor(c);
          Path dir = tmp.resolve(ShippedConfigsTest.configsRoot().relativize(c).toString().replace('/', '_'));
          ByteArrayOutputStream out = new ByteArrayOutputStream();
          ByteArrayOutputStream err = new ByteArrayOutputStream();
          List<String> args = new java.util.ArrayList<>(List.of("sweep", c.toString(), "--sweep-dir", dir.toString(),
              "--workers", "2", "--set", "training.epochs=1", "--set", "sweep.seeds=[1]"));
          if (prunes(c)) {
            // rungs of 1 and 2 epochs: every configuration trains one, the best go on from their checkpoints
            args.addAll(List.of("--set", "sweep.min_epochs=1", "--set", "sweep.max_epochs=2"));
          }
          // the same smaller data as the config's one-epoch smoke run, where it has one
          for (String set : ShippedConfigsTest.smokeSets(c, tmp)) {
            args.addAll(List.of("--set", set));
          }
          int code = Main.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
              new PrintStream(err, true, StandardCharsets.UTF_8));
          assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
          assertTrue(Files.exists(dir.resolve("summary.csv")), "no summary for " + c);
        }));
  }
}
