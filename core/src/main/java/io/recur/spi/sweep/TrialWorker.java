package io.recur.spi.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.io.Directories;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Trains a {@link PortableTrial} on whatever machine runs this code: the entry point a
 * distributed executor's worker calls. The training itself is Recur's (found through {@link
 * ServiceLoader} beside this class, so a worker needs Recur's jars on its class path, as it does
 * to deserialise the trial); the executor only moves trials, folders and results.
 */
public final class TrialWorker {
  private TrialWorker() {}

  /** Recur's side of {@link TrialWorker}: listed in {@code META-INF/services/io.recur.spi.sweep.TrialWorker$Training}. */
  public interface Training {
    /**
     * Trains {@code trial} into {@code runDir} (absent or empty) and writes its marker there last.
     *
     * @return the trial's result; a failure of the trial's own (diverged, bad data, a type this
     *     JVM does not know) is a failed result
     * @throws RuntimeException for an internal failure; nothing counts as finished then
     */
    TrialResult run(PortableTrial trial, Path runDir);
  }

  /** Receives a finished trial folder, to copy it where the sweep keeps its trials. */
  @FunctionalInterface
  public interface Publisher {
    void publish(Path runDir) throws IOException;
  }

  /** See {@link Training#run}. */
  public static TrialResult run(PortableTrial trial, Path runDir) {
    requireNonNull(trial, "trial is null");
    requireNonNull(runDir, "runDir is null");
    return training().run(trial, runDir);
  }

  /**
   * {@link #run} into a fresh temporary folder, then hands the finished folder to {@code
   * publish} and deletes it: a task killed or retried halfway leaves at most that local folder.
   */
  public static TrialResult runAndPublish(PortableTrial trial, Publisher publish) throws IOException {
    return runAndPublish(trial, runDir -> { }, publish);
  }

  /** Copies the trial's earlier run, if the sweep's storage has one, into a local folder. */
  @FunctionalInterface
  public interface Fetcher {
    /** @param runDir absent: the folder to create with the earlier run's files, if there is one */
    void fetch(Path runDir) throws IOException;
  }

  /**
   * As {@link #runAndPublish(PortableTrial, Publisher)}, starting from what {@code fetch} copies
   * in: the trial's earlier run, which a halving sweep's next rung continues from its checkpoint.
   */
  public static TrialResult runAndPublish(PortableTrial trial, Fetcher fetch, Publisher publish) throws IOException {
    Path work = Files.createTempDirectory("recur-trial-");
    try {
      Path runDir = work.resolve(trial.id());
      fetch.fetch(runDir);
      TrialResult result = run(trial, runDir);
      publish.publish(runDir);
      return result;
    } finally {
      Directories.deleteTree(work);
    }
  }

  private static Training training() {
    // this class's own loader: Recur's, also when an executor loaded as a plugin calls in
    return ServiceLoader.load(Training.class, TrialWorker.class.getClassLoader()).findFirst()
        .orElseThrow(() -> new IllegalStateException("no " + Training.class.getName() + " on the class path: the"
            + " worker needs Recur's core jar"));
  }
}
