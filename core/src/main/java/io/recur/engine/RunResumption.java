package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.checkpoint.CheckpointFile;
import io.recur.checkpoint.CheckpointStore;
import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentSpec;
import io.recur.model.EpochNumbers;
import io.recur.run.RunDirectory;
import io.recur.schedule.LrSchedule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * Picks a run up where it stopped: checks that the config is the one the run started with (or one
 * a resume accepts, such as more epochs), restores the newest usable checkpoint and cuts
 * metrics.jsonl back to what that checkpoint saw.
 */
final class RunResumption {
  private final ExperimentSpec spec;
  private final RunDirectory runDirectory;
  private final RunMetrics metrics;
  private final RunProvenance provenance;
  private final Consumer<String> notice;

  RunResumption(ExperimentSpec spec, RunDirectory runDirectory, RunMetrics metrics, RunProvenance provenance,
      Consumer<String> notice) {
    this.spec = requireNonNull(spec, "spec is null");
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    this.metrics = requireNonNull(metrics, "metrics is null");
    this.provenance = requireNonNull(provenance, "provenance is null");
    this.notice = requireNonNull(notice, "notice is null");
  }

  /**
   * Restores the newest usable checkpoint, or returns null to start from the beginning (a run
   * stopped before its first checkpoint).
   */
  Progress resume(CheckpointStore store, RunCheckpointer checkpointer, int trainSize, int epochs,
      IntFunction<LrSchedule> scheduleFor) {
    Path configFile = runDirectory.path().resolve(RunDirectory.CONFIG);
    if (!Files.exists(configFile)) {
      notice.accept("resume: " + runDirectory.path() + " holds no run yet; starting from the beginning");
      runDirectory.truncateMetrics(0);
      return null;
    }
    ResumeChanges changes = ResumeChanges.check(configFile, spec.resolved(), epochs);
    store.removeLeftovers();
    // the resumed run scores the test split again when it ends, with the weights it ends with
    runDirectory.removeTestMetrics();
    // a kill while writing the model or the report leaves a .NAME.<uuid>.tmp beside it
    runDirectory.removeLeftovers().forEach(p -> notice.accept("resume: removed " + p + ", left by an interrupted write"));
    List<String> problems = new ArrayList<>();
    Optional<CheckpointStore.Found> found =
        store.latestValid(c -> checkpointer.check(c, trainSize, changes), problems);
    if (found.isEmpty()) {
      problems.forEach(p -> notice.accept("resume: unusable checkpoint: " + p));
      notice.accept("resume: no usable checkpoint in " + store.directory() + "; starting from the beginning");
      runDirectory.truncateMetrics(0);
      return null;
    }
    CheckpointStore.Found f = found.get();
    for (String skipped : f.skipped()) {
      notice.accept("resume: unusable checkpoint: " + skipped + "; falling back to the previous checkpoint");
    }
    CheckpointFile.Contents c = f.contents();
    Progress p = checkpointer.restore(c);
    p.history.addAll(metrics.restore(c));
    notice.accept("resuming from " + c.file() + " at " + p.describe());
    if (changes.extended()) {
      extend(p, changes.savedEpochs(), epochs, scheduleFor);
    }
    return p;
  }

  /**
   * Continues a run to more epochs than it was started for: a finished run (not stopped early)
   * trains on, and config.yaml and provenance.json now describe the longer run.
   */
  private void extend(Progress p, int savedEpochs, int epochs, IntFunction<LrSchedule> scheduleFor) {
    String more = "from " + savedEpochs + " to " + epochs + " epochs";
    if (p.stopReason != null) {
      notice.accept("resume: the run stopped early (" + p.stopReason + "); more epochs do not continue it");
    } else {
      p.finished = false;
      notice.accept("resume: continuing the run " + more);
    }
    LrSchedule before = scheduleFor.apply(savedEpochs);
    LrSchedule after = scheduleFor.apply(epochs);
    for (int e = 0; e < epochs; e++) {
      if (Double.doubleToLongBits(before.rateFor(e)) != Double.doubleToLongBits(after.rateFor(e))) {
        notice.accept("note: training.lr_schedule follows training.epochs, so its rates change mid-run (from epoch " + EpochNumbers.shown(e)
            + " on); the result differs from a run trained straight to " + epochs + " epochs");
        break;
      }
    }
    runDirectory.writeConfig(ConfigYaml.write(spec.resolved()));
    provenance.recordExtension(savedEpochs, epochs);
  }
}
