package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real {@code recur train} processes killed with SIGKILL at random moments (during start-up,
 * training steps, evaluation, checkpoint writes, whatever the moment holds), each time resumed
 * with {@code --resume}; the run they finish must end with the weights and metrics of a run
 * that was never interrupted, byte for byte (the wall time column aside).
 */
class KillAndResumeTest {
  private static final String CONFIG = "dummy-string/gru.yaml";
  /** Small enough to take a few seconds, with checkpoints inside epochs as well as at their ends. */
  private static final String[] SETTINGS = {"--set", "training.epochs=6", "--set", "data.samples=150",
      "--set", "training.checkpoint_every_steps=40", "--set", "training.lr_schedule.type=exponential",
      "--set", "training.lr_schedule.gamma=0.9"};
  private static final int KILLS = 6;

  @TempDir Path tmp;

  @Test
  void aRunKilledAtRandomMomentsAndResumedEndsWithTheSameBitsAsAnUninterruptedOne() {
    Path reference = tmp.resolve("reference");
    long start = System.nanoTime();
    RecurProcess whole = RecurProcess.start(tmp, "reference", Runs.args(CONFIG, reference, SETTINGS));
    assertEquals(0, whole.waitFor(300), whole.err());
    long millis = (System.nanoTime() - start) / 1_000_000;

    // seeded, so a failure can be replayed; the moments spread over a whole run's length
    Random random = new Random(8);
    List<Long> killedAt = new ArrayList<>();
    int runs = 0;
    int attempt = 0;
    Path run = null;
    List<String> args = null;
    while (killedAt.size() < KILLS) {
      if (run == null) {
        run = tmp.resolve("killed-" + ++runs);
        args = Runs.args(CONFIG, run, SETTINGS);
        args.add("--resume");
      }
      attempt++;
      assertTrue(attempt < 40, "could not kill the run " + KILLS + " times: " + killedAt);
      RecurProcess p = RecurProcess.start(tmp, "attempt-" + attempt, args);
      long delay = 200 + (long) (random.nextDouble() * millis);
      RecurProcess.sleep(delay);
      if (!p.alive()) {
        // it finished before the kill: its result must be right too; go on with a new run
        assertEquals(0, p.waitFor(10), p.err());
        Runs.assertSameResult(reference, run);
        run = null;
        continue;
      }
      p.kill();
      killedAt.add(delay);
    }
    RecurProcess last = RecurProcess.start(tmp, "final", args);
    assertEquals(0, last.waitFor(300), last.out() + last.err());
    assertTrue(Files.exists(run.resolve("report.html")));
    Runs.assertSameResult(reference, run);
  }
}
