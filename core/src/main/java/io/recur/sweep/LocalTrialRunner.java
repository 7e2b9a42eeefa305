package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.recur.engine.DataDirectory;
import io.recur.engine.ExperimentModule;
import io.recur.engine.ResumeModule;
import io.recur.engine.RunOptions;
import io.recur.engine.RunDirectoryModule;
import io.recur.engine.TrainingRun;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;

/**
 * Trains a trial in this JVM exactly as {@code recur train} would (an injector of its own with
 * the experiment and its run directory, no console output), then writes its marker. A trial that
 * fails with a {@link RecurException} (a diverged loss, a bad data file) is marked finished as
 * failed, since running it again would fail again; any other exception (a bug, or Ctrl-C stopping
 * the trial) ends the sweep, and the trial counts as unfinished.
 */
public final class LocalTrialRunner implements TrialRunner {
  private final Sweep sweep;
  private final SweepDirectory directory;
  private final Registry registry;
  private final DataDirectory dataDirectory;
  private final String resumeCommand;

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
  public TrialResult run(Trial trial) {
    long start = System.nanoTime();
    TrialResult result;
    try {
      Injector injector = Guice.createInjector(
          new ExperimentModule(trial.spec(), registry, dataDirectory),
          new RunDirectoryModule(RunDirectory.create(directory.trialDirectory(trial))),
          // a new run every time: --resume of a sweep starts unfinished trials again
          new ResumeModule(new RunOptions(false, resumeCommand)));
      TrainingRun.Result run = injector.getInstance(TrainingRun.class).run();
      result = TrialResult.finished(trial, run.epochs(), sweep::higherIsBetter, seconds(start));
    } catch (RuntimeException e) {
      RecurException cause = userError(e);
      if (cause == null) {
        throw e;
      }
      result = TrialResult.failed(trial, cause.getMessage(), seconds(start));
    }
    directory.markFinished(result);
    return result;
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** The RecurException behind {@code t}, if any (Guice wraps what providers throw). */
  private static RecurException userError(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof RecurException r) {
        return r;
      }
    }
    return null;
  }
}
