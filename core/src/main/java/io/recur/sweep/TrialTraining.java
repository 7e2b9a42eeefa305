package io.recur.sweep;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.engine.DataDirectory;
import io.recur.engine.ExperimentModule;
import io.recur.engine.ResumeModule;
import io.recur.engine.RunDirectoryModule;
import io.recur.engine.RunOptions;
import io.recur.engine.TrainingRun;
import io.recur.model.EpochResult;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.yaml.snakeyaml.Yaml;

/**
 * Trains one trial into a run directory exactly as {@code recur train} would: an injector of its
 * own with the experiment and its run directory, no console output. The one training path of
 * every executor, local or distributed, so a trial gives the same bits wherever it runs.
 */
final class TrialTraining {
  private TrialTraining() {}

  /**
   * @return the epochs trained
   * @throws RuntimeException as training throws it; {@link #userError} tells a trial's own
   *     failure (diverged, bad data) from an internal one
   */
  static List<EpochResult> train(ExperimentSpec spec, Path runDir, Registry registry, DataDirectory data,
      String resumeCommand) {
    // a new run every time: --resume of a sweep starts unfinished trials again
    return run(spec, RunDirectory.create(runDir), registry, data, new RunOptions(false, resumeCommand));
  }

  /**
   * Continues the trial in {@code runDir} to {@code spec}'s epochs, as {@code recur train
   * --resume --set training.epochs=N} does: from its newest valid checkpoint, or from the start
   * when the folder holds no run yet. A halving sweep's rungs go through here, so a promoted trial
   * is trained on, never again from the start, and ends with the bits of a straight run.
   *
   * @return every epoch of the run, those before the resume included
   */
  static List<EpochResult> resume(ExperimentSpec spec, Path runDir, Registry registry, DataDirectory data,
      String resumeCommand) {
    return run(spec, RunDirectory.open(runDir), registry, data, new RunOptions(true, resumeCommand));
  }

  private static List<EpochResult> run(ExperimentSpec spec, RunDirectory runDirectory, Registry registry,
      DataDirectory data, RunOptions options) {
    Injector injector = Guice.createInjector(new ExperimentModule(spec, registry, data),
        new RunDirectoryModule(runDirectory), new ResumeModule(options));
    return injector.getInstance(TrainingRun.class).run().epochs();
  }

  /**
   * Runs {@code training} and makes {@code trial}'s result of it: finished with its metrics, or
   * failed with the trial's own error (diverged, bad data), since running it again would fail
   * again. Any other exception (a bug, or Ctrl-C stopping the trial) is rethrown: the trial then
   * counts as unfinished.
   *
   * @param higherIsBetter whether a metric key ({@code val.accuracy}) is better when higher
   */
  static TrialResult outcome(PortableTrial trial, Predicate<String> higherIsBetter,
      Supplier<List<EpochResult>> training) {
    long start = System.nanoTime();
    try {
      return TrialResults.finished(trial, training.get(), higherIsBetter, secondsSince(start));
    } catch (RuntimeException e) {
      RecurException cause = userError(e);
      if (cause == null) {
        throw e;
      }
      return TrialResult.failed(trial, cause.getMessage(), secondsSince(start));
    }
  }

  /**
   * The trial's spec with the {@code training.threads} its folder was started with, if any: a sweep
   * resumed with another {@code --workers} shares the cores out differently, but a run continues
   * only with the config it started with, and threads change no number.
   */
  static ExperimentSpec keepThreads(ExperimentSpec spec, Path runDir) {
    Path config = runDir.resolve(RunDirectory.CONFIG);
    if (!Files.exists(config)) {
      return spec;
    }
    try {
      Object tree = new Yaml().load(Files.readString(config));
      if (tree instanceof Map<?, ?> m && m.get("training") instanceof Map<?, ?> training
          && training.get(TrainingParams.THREADS.name()) instanceof Integer threads && threads >= 1) {
        return spec.withThreads(threads);
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable config.yaml: the resume itself says what is wrong with it
    }
    return spec;
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

  private static double secondsSince(long start) {
    return (System.nanoTime() - start) / 1e9;
  }
}
