package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.engine.DataDirectory;
import io.recur.registry.Registry;
import io.recur.spi.sweep.DistributableTrialRunner;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the trials of one rung of a halving or Hyperband sweep: each is trained on from its
 * checkpoint to the rung's length ({@link TrialTraining#resume}), never from the start, then its
 * marker ({@code trial.json}, which then describes the trial as far as it has got) and its
 * {@link RungRecords rung record} are written, in that order. A trial killed halfway keeps its
 * checkpoints, and the next attempt continues from them. Failures are told apart as by {@link
 * LocalTrialRunner}: a trial's own (diverged, bad data) is recorded as failed at this rung, any
 * other ends the sweep with the trial unrecorded.
 *
 * <p>For distributed executors it packs trials as {@link LocalTrialRunner} does, and {@link
 * #recordFinished} writes the rung record of a trial that ran elsewhere.
 */
public final class RungTrialRunner implements DistributableTrialRunner {
  private final Sweep sweep;
  private final SweepDirectory directory;
  private final RungRecords records;
  private final Registry registry;
  private final DataDirectory dataDirectory;
  private final String resumeCommand;
  private final LocalTrialRunner packer;
  private final int bracket;
  private final int rung;
  /** The rung's trials as planned (to the rung's length), by id, as {@link #portable} packed them. */
  private final Map<String, Trial> planned = new ConcurrentHashMap<>();

  RungTrialRunner(Sweep sweep, SweepDirectory directory, RungRecords records, Registry registry,
      DataDirectory dataDirectory, String resumeCommand, int bracket, int rung) {
    this.sweep = requireNonNull(sweep, "sweep is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.records = requireNonNull(records, "records is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.resumeCommand = requireNonNull(resumeCommand, "resumeCommand is null");
    this.packer = new LocalTrialRunner(sweep, directory, registry, dataDirectory, resumeCommand);
    this.bracket = bracket;
    this.rung = rung;
  }

  @Override
  public TrialResult run(PortableTrial portable) {
    Trial trial = planned.get(portable.id());
    if (trial == null) {
      throw new IllegalStateException("trial " + portable.id() + " was not packed by this rung's runner");
    }
    Path runDir = directory.trialDirectory(trial);
    TrialResult result = TrialTraining.outcome(portable, sweep::higherIsBetter, () -> TrialTraining.resume(
        TrialTraining.keepThreads(trial.spec(), runDir), runDir, registry, dataDirectory, resumeCommand));
    recordFinished(result);
    return result;
  }

  /** {@code trial}, planned to this rung's length, as executors see it. */
  PortableTrial portable(Trial trial) {
    planned.put(trial.id(), trial);
    return packer.portable(trial);
  }

  @Override
  public Path trialsDirectory() {
    return packer.trialsDirectory();
  }

  @Override
  public void recordFinished(TrialResult result) {
    directory.markFinished(result);
    records.write(bracket, rung, result);
  }
}
