package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C (SIGINT) to a real {@code recur train}: a checkpoint is written before the JVM exits. */
class InterruptTest {
  private static final String CONFIG = "dummy-string/perceptron.yaml";

  @TempDir Path tmp;

  @Test
  void sigintCheckpointsMidEpochAndTheResumedRunMatchesAnUninterruptedOne() throws IOException {
    // How long a run takes depends on the machine: the signal goes out the moment training
    // starts, and a run that still finished first is repeated with four times the data.
    for (int samples = 300; samples <= 300 * 64; samples *= 4) {
      String[] settings = {"--set", "training.epochs=40", "--set", "data.samples=" + samples};
      Path run = tmp.resolve("run-" + samples);
      RecurProcess p = RecurProcess.start(tmp, "interrupted-" + samples, Runs.args(CONFIG, run, settings));
      assertTrue(p.awaitOutput("| epoch | lrate", 120), "training did not start: " + p.out() + p.err());
      p.interrupt();
      int code = p.waitFor(120);
      if (code == 0) {
        continue; // finished before the signal landed
      }
      assertEquals(130, code, p.out() + p.err());
      assertInterruptedAndResumable(p, run, samples);

      List<String> resume = Runs.args(CONFIG, run, settings);
      resume.add("--resume");
      CliRunner.Result r = CliRunner.run(resume.toArray(String[]::new));
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("resuming from "), r.out());

      Path reference = tmp.resolve("reference");
      CliRunner.Result whole = CliRunner.run(Runs.args(CONFIG, reference, settings).toArray(String[]::new));
      assertEquals(0, whole.exitCode(), whole.err());
      Runs.assertSameResult(reference, run);
      return;
    }
    fail("every run finished before SIGINT reached it");
  }

  private static void assertInterruptedAndResumable(RecurProcess p, Path run, int samples) throws IOException {
    assertTrue(p.out().contains("interrupted at epoch ") || p.out().contains("interrupted at the start of epoch "),
        p.out());
    assertTrue(p.out().contains("continue with: recur train " + CliRunner.config(CONFIG) + " --run-dir " + run
        + " --set training.epochs=40 --set data.samples=" + samples + " --resume"), p.out());
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      assertTrue(s.findAny().isPresent(), "a checkpoint was written");
    }
    String all = p.out() + p.err();
    assertEquals(all.indexOf("interrupted at "), all.lastIndexOf("interrupted at "), "said once: " + all);
  }
}
