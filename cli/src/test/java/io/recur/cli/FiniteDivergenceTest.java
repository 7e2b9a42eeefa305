package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A learning rate of 1e6 on the dummy-string configs blows the run up while every number stays
 * finite (the BCE loss pinned at its clamp, weights at ±6e5): it stops as diverged with exit 2, as
 * a NaN does, unless {@code training.divergence: warn}.
 */
class FiniteDivergenceTest {
  @TempDir Path tmp;

  private static CliRunner.Result train(String config, Path runDir, String... sets) {
    List<String> args = new ArrayList<>(List.of("train", CliRunner.config(config).toString(), "--run-dir",
        runDir.toString(), "--set", "optimizer.learning_rate=1e6", "--set", "training.epochs=3"));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  @ParameterizedTest
  @ValueSource(strings = {"dummy-string/perceptron.yaml", "dummy-string/rnn.yaml", "dummy-string/lstm.yaml"})
  void aBlownUpRunStopsAsDiverged(String config) throws IOException {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r = train(config, runDir);
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("; training diverged. Lower optimizer.learning_rate (now 1.00e+06)"), r.err());
    assertFalse(r.err().contains("\tat "), r.err());
    assertFalse(Files.exists(runDir.resolve("model").resolve("weights.safetensors")), "no model of a diverged run");
    try (Stream<Path> s = Files.walk(runDir)) {
      assertEquals(List.of(), s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dummy-string/perceptron.yaml"})
  void warnOnlyWarns(String config) {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r = train(config, runDir, "training.divergence=warn");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue((r.out() + r.err()).contains("warning: "), r.out() + r.err());
    assertTrue((r.out() + r.err()).contains("training has probably diverged"), r.out() + r.err());
  }
}
