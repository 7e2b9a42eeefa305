package io.recur.spark;

import io.recur.sweep.PortableTrial;
import io.recur.sweep.TrialResult;
import io.recur.sweep.TrialWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.api.java.function.Function;

/**
 * What a Spark task does with its trial, on whichever executor runs it: trains the trial into a
 * fresh local folder, then publishes the finished folder, so the trials directory only ever holds
 * whole trials; a task killed or retried halfway leaves at most its local folder behind.
 */
final class TrialTask implements Function<PortableTrial, TrialResult> {
  private static final long serialVersionUID = 1L;

  private final String trialsDirectory;
  private final LinkedHashMap<String, String> hadoopSettings;

  TrialTask(String trialsDirectory, Map<String, String> hadoopSettings) {
    this.trialsDirectory = trialsDirectory;
    this.hadoopSettings = new LinkedHashMap<>(hadoopSettings);
  }

  @Override
  public TrialResult call(PortableTrial trial) throws IOException {
    Path work = Files.createTempDirectory("recur-trial-");
    try {
      Path runDir = work.resolve(trial.id());
      TrialResult result = TrialWorker.run(trial, runDir);
      TrialPublisher.publish(runDir, trialsDirectory, trial.id(), hadoopSettings);
      return result;
    } finally {
      deleteTree(work);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the task's folder " + dir + ": " + e.getMessage(), e);
    }
  }
}
