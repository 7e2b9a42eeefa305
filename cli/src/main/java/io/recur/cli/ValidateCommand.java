package io.recur.cli;

import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.config.SweepLoader;
import io.recur.engine.ExperimentCheck;
import io.recur.engine.PreparedExperiment;
import io.recur.model.Model;
import io.recur.model.ModelSummary;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.spi.Optimizer;
import io.recur.sweep.Sweep;
import io.recur.sweep.Trial;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recur validate CONFIG.yaml [--resolved] [--summary]}: a dry run of training. The config
 * is resolved, the data read and the model built with its real shapes, and {@link
 * ExperimentCheck} refuses what training would (exit 2), with the same messages; warnings are
 * printed and the exit is 0.
 */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config as a dry run of training: read the data, build the model and check what training"
        + " would refuse; list a sweep's trials. With --resolved, print it with every default filled in; with"
        + " --summary, the model layer by layer.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment YAML file.")
  Path config;

  @Option(names = "--resolved", description = "Print the resolved config (every default filled in).")
  boolean resolved;

  @Option(names = "--summary", description = "Print the model layer by layer: output shapes, parameters, memory.")
  boolean summary;

  @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a config value by dotted path. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Mixin
  DataDirOption dataDirectory;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Registry registry = common.registry(config, overrides);
    ExperimentLoader loader = new ExperimentLoader(registry);
    ExperimentSpec experiment = loader.load(config, overrides);
    PrintWriter out = spec.commandLine().getOut();
    if (resolved) {
      out.print(ConfigYaml.write(experiment.resolved()));
      out.flush();
      return Main.OK;
    }
    // expanded before 'ok' is printed: a bad sweep makes the file bad
    Optional<Sweep> sweep = new SweepLoader(registry).load(config, overrides, 0).map(p -> Sweep.of(p, registry));
    PreparedExperiment prepared = PreparedExperiment.of(experiment, registry, dataDirectory.resolve(),
        new RandomStreams(experiment.seed()));
    List<String> warnings = new ExperimentCheck(experiment, loader.locations(config, overrides)).run(prepared);
    PrintWriter err = spec.commandLine().getErr();
    warnings.forEach(w -> err.println("warning: " + w));
    err.flush();
    if (summary) {
      Model model = prepared.model();
      Optimizer optimizer = registry.optimizer(experiment.optimizer().type())
          .create(experiment.optimizer().params(), model.parameters());
      out.println("model:");
      ModelSummary.of(model, experiment.optimizer().type(), optimizer).lines().forEach(out::println);
    }
    out.println(config + ": ok (experiment '" + experiment.name() + "', " + experiment.layers().size()
        + (experiment.layers().size() == 1 ? " layer" : " layers") + ", data " + experiment.data().type()
        + ", loss " + experiment.loss().type()
        + ", optimizer " + experiment.optimizer().type() + (warnings.isEmpty() ? "" : ", " + warnings.size()
        + (warnings.size() == 1 ? " warning" : " warnings")) + ")");
    sweep.ifPresent(s -> listTrials(s, out));
    out.flush();
    return Main.OK;
  }

  /** A sweep's trials, one line each, as {@code recur sweep} would run them. */
  private static void listTrials(Sweep sweep, PrintWriter out) {
    out.println("sweep: " + SweepCommand.describe(sweep));
    SweepCommand.rungLines(sweep).forEach(l -> out.println("  " + l));
    int width = Integer.toString(sweep.trials().size() - 1).length();
    for (Trial t : sweep.trials()) {
      out.println("  " + " ".repeat(width - Integer.toString(t.index()).length()) + t.index() + "  " + t.id());
    }
  }
}
