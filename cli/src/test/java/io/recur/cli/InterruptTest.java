package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
  private static final String[] SETTINGS = {"--set", "training.epochs=40", "--set", "data.samples=300"};

  @TempDir Path tmp;

  @Test
  void sigintCheckpointsMidEpochAndTheResumedRunMatchesAnUninterruptedOne() throws IOException {
    Path run = tmp.resolve("run");
    RecurProcess p = RecurProcess.start(tmp, "interrupted", Runs.args(CONFIG, run, SETTINGS));
    // the table's header prints as training starts: the signal lands in its first epochs, far from the end
    assertTrue(p.awaitOutput("| epoch | lrate", 120), "training did not start: " + p.out() + p.err());
    RecurProcess.sleep(300);
    p.interrupt();
    int code = p.waitFor(120);
    assertEquals(130, code, p.out() + p.err());
    assertTrue(p.out().contains("interrupted at epoch ") || p.out().contains("interrupted at the start of epoch "),
        p.out());
    assertTrue(p.out().contains("continue with: recur train " + CliRunner.config(CONFIG) + " --run-dir " + run
        + " --set training.epochs=40 --set data.samples=300 --resume"), p.out());
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      assertTrue(s.findAny().isPresent(), "a checkpoint was written");
    }

    List<String> resume = Runs.args(CONFIG, run, SETTINGS);
    resume.add("--resume");
    CliRunner.Result r = CliRunner.run(resume.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("resuming from "), r.out());

    Path reference = tmp.resolve("reference");
    CliRunner.Result whole = CliRunner.run(Runs.args(CONFIG, reference, SETTINGS).toArray(String[]::new));
    assertEquals(0, whole.exitCode(), whole.err());
    Runs.assertSameResult(reference, run);
  }
}
