package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark executor against a real standalone cluster on loopback: the driver (the CLI) ships
 * Recur's jar and the plugin's to executors that have only Spark, and the trials come out as
 * the local executor makes them, also when the only worker dies mid-sweep and another takes over.
 */
class SparkClusterIT {
  /** 12 short trials: one seed of the dummy-string grid. */
  private static final List<String> SMALL = List.of("--set", "training.epochs=3", "--set", "sweep.seeds=[1]");
  private static final Duration WAIT = Duration.ofMinutes(5);

  @TempDir static Path shared;
  @TempDir Path tmp;
  private static Path reference;

  @BeforeAll
  static void runTheSweepLocally() throws Exception {
    reference = shared.resolve("local");
    RecurCli.run(sweep(reference, List.of("--workers", "2")), shared.resolve("local.log"));
  }

  private static List<String> sweep(Path dir, List<String> extra) {
    List<String> args = new ArrayList<>(List.of("sweep", RecurCli.config("dummy-string/sweep.yaml").toString(),
        "--sweep-dir", dir.toString()));
    args.addAll(SMALL);
    args.addAll(extra);
    return args;
  }

  private static List<String> onCluster(StandaloneCluster cluster) {
    return List.of("--plugins", RecurCli.pluginsDir().toString(), "--executor", "spark", "--spark-master", cluster.url(),
        "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.executor.memory=512m",
        "--conf", "spark.ui.enabled=false");
  }

  @Test
  void aSweepOnAStandaloneClusterGivesTheLocalExecutorsResults() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"))) {
      cluster.startWorker();
      Path dir = tmp.resolve("sweep");
      String out = RecurCli.run(sweep(dir, onCluster(cluster)), tmp.resolve("sweep.log"));
      assertTrue(out.contains("[12/12]"), out);
      RecurCli.assertSameSweep(reference, dir);
      SparkLocalModeIT.assertNoLeftovers(dir);
    }
  }

  @Test
  void aSweepSurvivesItsWorkerDyingAndAnotherTakingOver() throws Exception {
    try (StandaloneCluster cluster = StandaloneCluster.start(tmp.resolve("cluster"))) {
      Process worker = cluster.startWorker();
      Path dir = tmp.resolve("sweep");
      Path log = tmp.resolve("sweep.log");
      Process sweep = RecurCli.start(sweep(dir, onCluster(cluster)), log);
      awaitFinishedTrials(dir, sweep, log);
      StandaloneCluster.kill(worker);
      long finishedAtKill = RecurCli.finishedTrials(dir);
      assertTrue(finishedAtKill < 12, "every trial had finished before the worker died; nothing was tested");
      cluster.startWorker();
      String out = RecurCli.finish(sweep, log, 0);
      assertTrue(out.contains("[12/12]"), out);
      RecurCli.assertSameSweep(reference, dir);
      SparkLocalModeIT.assertNoLeftovers(dir);
    }
  }

  /** Waits until the sweep has published a first trial, so the worker dies mid-sweep. */
  private static void awaitFinishedTrials(Path dir, Process sweep, Path log) throws Exception {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (RecurCli.finishedTrials(dir) < 1) {
      assertTrue(sweep.isAlive(), "the sweep ended before its first trial finished:\n" + java.nio.file.Files.readString(log));
      assertTrue(System.nanoTime() < deadline, "no trial finished in " + WAIT);
      Thread.sleep(20);
    }
  }
}
