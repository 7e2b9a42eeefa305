package io.recur.engine;

import io.recur.checkpoint.CheckpointFile;
import io.recur.checkpoint.CheckpointStore;
import io.recur.io.Sha256;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.schedule.LrSchedule;
import io.recur.spi.Optimizer;
import java.nio.file.Path;

/**
 * Writes a checkpoint after every epoch (and every N steps when configured) with what resuming
 * needs, restores one on resume, and tells the trainer when to stop (Ctrl-C).
 */
final class RunCheckpointer {
  private final CheckpointStore store;
  private final Model model;
  private final Optimizer optimizer;
  private final LrSchedule schedule;
  private final String configHash;
  private final int epochs;
  private final RandomStreams streams;
  private final RunMetrics metrics;
  final StopSignal signal = new StopSignal();
  Path last;

  RunCheckpointer(CheckpointStore store, Model model, Optimizer optimizer, LrSchedule schedule, String configHash,
      int epochs, RandomStreams streams, RunMetrics metrics) {
    this.store = store;
    this.streams = streams;
    this.metrics = metrics;
    this.model = model;
    this.optimizer = optimizer;
    this.schedule = schedule;
    this.configHash = configHash;
    this.epochs = epochs;
  }

  Trainer.Hooks hooks(Runnable saveBest) {
    return new Trainer.Hooks() {
      @Override
      public void checkpoint(Progress p) {
        byte[] metricsSoFar = metrics.read();
        last = store.write(p.step, TrainingCheckpoint.tensors(model, optimizer, p),
            TrainingCheckpoint.metadata(p, optimizer, streams, schedule, metricsSoFar.length,
                Sha256.of(metricsSoFar), configHash, epochs));
      }

      @Override
      public void onBest(Progress p) {
        saveBest.run();
      }

      @Override
      public boolean stopRequested() {
        return signal.requested();
      }
    };
  }

  /** @param changes what the resume changed: a checkpoint of a run since extended carries its older hash */
  void check(CheckpointFile.Contents c, int trainSize, ResumeChanges changes) {
    TrainingCheckpoint.check(c, model, optimizer, trainSize, changes.hashFor(TrainingCheckpoint.epochs(c)));
  }

  Progress restore(CheckpointFile.Contents c) {
    last = c.file();
    return TrainingCheckpoint.restore(c, model, optimizer, streams, schedule);
  }
}
