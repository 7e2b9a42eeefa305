package io.recur.cli;

import com.google.inject.Guice;
import io.recur.config.ConfigHash;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.ExperimentModule;
import io.recur.engine.RunDirectoryModule;
import io.recur.engine.TrainingRun;
import io.recur.io.Directories;
import io.recur.io.Json;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;
import io.recur.sweep.RunComparison;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recur reproduce RUN_DIR}: trains the run again from its {@code config.yaml} and says
 * whether every metric (wall times aside) and the weights came out identical. Exit code 0 when
 * identical, {@value Main#NOT_REPRODUCED} when something differs, 2 for a bad run directory.
 */
@Command(name = "reproduce", mixinStandardHelpOptions = true,
    description = "Train RUN_DIR again from its config.yaml and provenance.json and check that every metric and the "
        + "weights come out identical. Exit code 0: identical; " + Main.NOT_REPRODUCED + ": they differ.")
final class ReproduceCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory, or a sweep's trials/<id>.")
  Path original;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where to write the re-run, kept afterwards. Default: a temporary folder, deleted when identical.")
  Path runDir;

  @Mixin
  DataDirOption dataDirectory;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
    Path config = original.resolve(RunDirectory.CONFIG);
    if (!Files.isRegularFile(config)) {
      throw new RecurException(original + ": not a run directory (no " + RunDirectory.CONFIG + "); expected the "
          + "folder 'recur train' or 'recur sweep' wrote");
    }
    Registry registry = common.registry(config, List.of());
    ExperimentSpec experiment = new ExperimentLoader(registry).load(config);
    String hash = ConfigHash.shortHash(experiment.resolved());
    Map<?, ?> provenance = provenance(original.resolve(RunDirectory.PROVENANCE));
    Object recordedHash = provenance.get(Provenance.CONFIG_HASH);
    if (recordedHash != null && !hash.equals(recordedHash)) {
      out.println("note: " + config + " has hash " + hash + " but the run recorded " + recordedHash
          + "; the config was edited after the run");
    }
    Object recordedSeed = provenance.get(Provenance.SEED);
    if (recordedSeed instanceof Number n && n.longValue() != experiment.seed()) {
      out.println("note: " + config + " has seed " + experiment.seed() + " but the run recorded " + recordedSeed);
    }
    // relative paths in the config (a data file) meant the folder of the config the run was started from
    if (provenance.get(Provenance.CONFIG_FILE) instanceof String source && Files.isDirectory(Path.of(source).getParent())) {
      experiment = experiment.withSource(Path.of(source));
    }
    boolean temporary = runDir == null;
    Path target = temporary ? Files.createTempDirectory("recur-reproduce-").resolve("run") : runDir;
    out.println("reproducing " + original + " (experiment '" + experiment.name() + "', seed " + experiment.seed()
        + ", config " + hash + ") into " + target);
    Guice.createInjector(
        new ExperimentModule(experiment, registry, dataDirectory.resolve()),
        new RunDirectoryModule(RunDirectory.create(target)))
        .getInstance(TrainingRun.class).run();

    RunComparison.Result result = RunComparison.compare(original, target);
    result.notes().forEach(n -> out.println("note: " + n));
    if (result.identical()) {
      out.println("identical: " + result.values() + " metric values over " + result.epochs() + " epochs (wall times "
          + "aside) and " + result.tensors() + " weight tensors (" + result.weightBytes() + " bytes) match bit for bit");
      if (temporary) {
        Directories.deleteTree(target.getParent());
      }
      return Main.OK;
    }
    out.println("differs:");
    result.differences().forEach(d -> out.println("  " + d));
    out.println("re-run kept in " + target);
    return Main.NOT_REPRODUCED;
  }

  private static Map<?, ?> provenance(Path file) {
    if (!Files.exists(file)) {
      return Map.of();
    }
    try {
      return (Map<?, ?>) Json.read(Files.readString(file));
    } catch (IOException | RuntimeException e) {
      throw new RecurException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }
}
