package io.recur.spark;

import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialWorker;
import java.io.IOException;
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
    // a halving sweep's promoted trial continues from the run its last rung published
    return TrialWorker.runAndPublish(trial,
        runDir -> TrialPublisher.fetch(trialsDirectory, trial.id(), runDir, hadoopSettings),
        runDir -> TrialPublisher.publish(runDir, trialsDirectory, trial.id(), hadoopSettings));
  }
}
