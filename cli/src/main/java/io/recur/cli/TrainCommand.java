package io.recur.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.recur.config.ConfigHash;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.ConsoleModule;
import io.recur.engine.ExperimentModule;
import io.recur.engine.ResumeModule;
import io.recur.engine.RunOptions;
import io.recur.engine.RunDirectoryModule;
import io.recur.engine.TrainingRun;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recur train CONFIG.yaml}: validates, trains, and writes a run directory. */
@Command(name = "train", mixinStandardHelpOptions = true,
    description = "Train the experiment described by CONFIG and write its run directory.")
final class TrainCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment YAML file.")
  Path config;

  @Option(names = "--run-dir", paramLabel = "DIR",
      description = "Where to write the run (must not exist or be empty). Default: runs/<name>-<time>-<hash>.")
  Path runDir;

  @Option(names = "--set", paramLabel = "PATH=VALUE",
      description = "Override a config value by dotted path, e.g. optimizer.learning_rate=0.01 or model.layers[1].units=8. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--resume",
      description = "Continue the run in --run-dir from its latest valid checkpoint (same config and --set options).")
  boolean resume;

  @Mixin
  DataDirOption dataDirectory;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
    Registry registry = common.registry(config, overrides);
    ExperimentLoader loader = new ExperimentLoader(registry);
    ExperimentSpec experiment = loader.load(config, overrides);
    if (resume && runDir == null) {
      throw new RecurException("--resume needs --run-dir: the run directory to continue");
    }
    RunDirectory run = resume ? RunDirectory.open(runDir)
        : runDir != null
        ? RunDirectory.create(runDir)
        : RunDirectory.createUnder(Path.of("runs"), experiment.name(), ConfigHash.shortHash(experiment.resolved()));
    PrintStream progress = System.console() != null ? System.err : null;
    Injector injector = Guice.createInjector(
        new ExperimentModule(experiment, registry, dataDirectory.resolve(), loader.locations(config, overrides)),
        new RunDirectoryModule(run),
        new ConsoleModule(out, progress),
        new ResumeModule(new RunOptions(resume, resumeCommand(run.path()))));
    TrainingRun.Result result = injector.getInstance(TrainingRun.class).run();
    out.println("run directory: " + result.directory().path());
    return Main.OK;
  }

  /** The command that continues this run after an interruption. */
  private String resumeCommand(Path dir) {
    StringBuilder b = new StringBuilder("recur train ").append(config).append(" --run-dir ").append(dir);
    overrides.forEach(o -> b.append(" --set ").append(o));
    return b.append(" --resume").toString();
  }
}
