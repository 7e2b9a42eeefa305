package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing is shared between experiments (no static singletons, no global seed): two trainings
 * running at the same time in one JVM give the same bits as each one run alone.
 */
class SideBySideExperimentsTest {
  @TempDir Path tmp;

  private static int train(Path runDir, String seed) {
    return CliRunner.run("train", CliRunner.config("dummy-string/perceptron.yaml").toString(),
        "--run-dir", runDir.toString(), "--set", "training.epochs=2", "--set", "seed=" + seed).exitCode();
  }

  @Test
  void twoExperimentsInOneJvmDoNotDisturbEachOther() throws Exception {
    assertEquals(0, train(tmp.resolve("alone-1"), "1"));
    assertEquals(0, train(tmp.resolve("alone-2"), "2"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Integer> a = pool.submit(() -> train(tmp.resolve("together-1"), "1"));
      Future<Integer> b = pool.submit(() -> train(tmp.resolve("together-2"), "2"));
      assertEquals(0, a.get());
      assertEquals(0, b.get());
    } finally {
      pool.shutdown();
    }
    for (String seed : new String[] {"1", "2"}) {
      assertArrayEquals(Files.readAllBytes(tmp.resolve("alone-" + seed).resolve("model/weights.safetensors")),
          Files.readAllBytes(tmp.resolve("together-" + seed).resolve("model/weights.safetensors")), "seed " + seed);
    }
  }
}
