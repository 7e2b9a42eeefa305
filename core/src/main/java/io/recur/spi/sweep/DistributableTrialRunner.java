package io.recur.spi.sweep;

import java.nio.file.Path;

/**
 * A {@link TrialRunner} whose trials can also run in another JVM: a distributed executor ships
 * each {@link PortableTrial} to a worker, trains it there with {@link TrialWorker#run}, publishes
 * the finished run directory to its storage, and hands the result back to {@link #recordFinished}.
 */
public interface DistributableTrialRunner extends TrialRunner {
  /** The sweep's {@code trials/} folder: where trial folders go unless the executor is told otherwise. */
  Path trialsDirectory();

  /**
   * Records a trial that ran elsewhere as finished: writes its marker into the sweep directory,
   * so the summaries and {@code --resume} see it exactly as they see a trial run here.
   */
  void recordFinished(TrialResult result);
}
