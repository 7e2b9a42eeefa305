package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.engine.DataDirectory;
import io.recur.registry.Registry;
import io.recur.spi.RecurException;
import io.recur.spi.sweep.DistributableTrialRunner;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Trains a trial in this JVM exactly as {@code recur train} would (an injector of its own with
 * the experiment and its run directory, no console output), then writes its marker. A trial that
 * fails with a {@link RecurException} (a diverged loss, a bad data file) is marked finished as
 * failed, since running it again would fail again; any other exception (a bug, or Ctrl-C stopping
 * the trial) ends the sweep, and the trial counts as unfinished.
 *
 * <p>It also packs trials for distributed executors ({@link #portable}); a packed trial run in
 * this same JVM uses this runner's registry, so plugin types work there too.
 */
public final class LocalTrialRunner implements DistributableTrialRunner {
  private final Sweep sweep;
  private final SweepDirectory directory;
  private final Registry registry;
  private final DataDirectory dataDirectory;
  private final String resumeCommand;
  private final String session = UUID.randomUUID().toString();

  /**
   * @param resumeCommand how to continue the sweep after an interruption (Ctrl-C), for the message
   *     a stopped trial prints; "" for none
   */
  public LocalTrialRunner(Sweep sweep, SweepDirectory directory, Registry registry, DataDirectory dataDirectory,
      String resumeCommand) {
    this.sweep = requireNonNull(sweep, "sweep is null");
    this.directory = requireNonNull(directory, "directory is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.resumeCommand = requireNonNull(resumeCommand, "resumeCommand is null");
  }

  @Override
  public TrialResult run(PortableTrial portable) {
    Trial trial = sweep.trial(portable.id());
    TrialResult result = TrialTraining.outcome(portable, sweep::higherIsBetter, () -> TrialTraining.train(
        trial.spec(), directory.trialDirectory(trial), registry, dataDirectory, resumeCommand));
    directory.markFinished(result);
    return result;
  }

  /** {@code trial} as executors see it: plain values, all a worker elsewhere needs to train it. */
  public PortableTrial portable(Trial trial) {
    SweepTrialWorker.host(session, registry);
    Map<String, Boolean> directions = new LinkedHashMap<>();
    for (String label : sweep.metricLabels()) {
      directions.put(label, sweep.higherIsBetter("." + label));
    }
    return new PortableTrial(trial.id(), trial.index(), TrialResults.assignments(trial), trial.seed(),
        trial.configYaml(), directions, dataDirectory.path().toAbsolutePath().toString(), session);
  }

  @Override
  public Path trialsDirectory() {
    return directory.path().resolve(SweepDirectory.TRIALS);
  }

  @Override
  public void recordFinished(TrialResult result) {
    directory.markFinished(result);
  }
}
