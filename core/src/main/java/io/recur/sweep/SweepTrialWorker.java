package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.DataDirectory;
import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.plugin.PluginManager;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialWorker;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a {@link PortableTrial} in this JVM, on whatever machine a distributed executor placed
 * it: reads the trial's resolved config back, trains it with the same code as {@link
 * LocalTrialRunner}, and leaves an ordinary trial folder, marker included, in the given
 * directory. Thread-safe.
 *
 * <p>The registry is the sweep's own when the trial runs in the JVM that planned the sweep
 * (Spark's local mode), so plugin types from {@code --plugins} work; elsewhere it is built once
 * per JVM from the classes beside Recur's (the jars the executor shipped) plus {@code
 * RECUR_PLUGINS}.
 */
public final class SweepTrialWorker implements TrialWorker.Training {
  private static final Map<String, Registry> HOSTED = new ConcurrentHashMap<>();
  private static volatile Registry workerRegistry;

  /** Made by {@link java.util.ServiceLoader} for {@link TrialWorker}. */
  public SweepTrialWorker() {}

  /** Makes {@code registry} the one trials of {@code session} use when they run in this JVM. */
  static void host(String session, Registry registry) {
    HOSTED.putIfAbsent(session, registry);
  }

  /**
   * Trains {@code trial} into {@code runDir} and writes its marker there last. An absent or empty
   * {@code runDir} starts the run; one that holds the trial's earlier run (a halving sweep's rung
   * before, fetched by the executor) continues it from its checkpoint to the config's epochs, with
   * the bits of a straight run.
   *
   * @return the trial's result; a failure of the trial's own (diverged, bad data, a type this
   *     JVM does not know) is a failed result
   * @throws RuntimeException for an internal failure; nothing counts as finished then
   */
  @Override
  public TrialResult run(PortableTrial trial, Path runDir) {
    requireNonNull(trial, "trial is null");
    requireNonNull(runDir, "runDir is null");
    Registry registry = registry(trial.session());
    TrialResult result = TrialTraining.outcome(trial, trial::higherIsBetter, () -> {
      ExperimentSpec spec = spec(trial, registry);
      return holdsARun(runDir)
          ? TrialTraining.resume(TrialTraining.keepThreads(spec, runDir), runDir, registry, dataDirectory(trial), "")
          : TrialTraining.train(spec, runDir, registry, dataDirectory(trial), "");
    });
    AtomicFiles.write(runDir.resolve(SweepDirectory.MARKER), Json.writePretty(TrialMarker.toJson(result)));
    return result;
  }

  private static boolean holdsARun(Path runDir) {
    return Files.exists(runDir.resolve(RunDirectory.CONFIG));
  }

  /** The resolved config read back through the loader, as {@code recur train config.yaml} reads it. */
  private static ExperimentSpec spec(PortableTrial trial, Registry registry) {
    Path file = null;
    try {
      file = Files.createTempFile("recur-trial-", ".yaml");
      Files.writeString(file, trial.configYaml());
      return new ExperimentLoader(registry).load(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the config of trial " + trial.id() + ": " + e.getMessage(), e);
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException ignored) {
          // a stray temporary file is not worth failing a trial for
        }
      }
    }
  }

  /** The sweep's data directory where this machine has it, else this machine's own. */
  private static DataDirectory dataDirectory(PortableTrial trial) {
    Path planned = Path.of(trial.dataDirectory());
    return Files.isDirectory(planned) ? new DataDirectory(planned) : DataDirectory.resolve(null, System.getenv());
  }

  private static Registry registry(String session) {
    Registry hosted = HOSTED.get(session);
    if (hosted != null) {
      return hosted;
    }
    Registry r = workerRegistry;
    if (r == null) {
      synchronized (SweepTrialWorker.class) {
        r = workerRegistry;
        if (r == null) {
          r = new PluginManager(SweepTrialWorker.class.getClassLoader(), line -> { })
              .load(PluginSource.fromEnvironment(System.getenv()));
          workerRegistry = r;
        }
      }
    }
    return r;
  }
}
