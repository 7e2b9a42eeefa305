package io.recur.cli;

import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.config.SweepLoader;
import io.recur.registry.Registry;
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

/** {@code recur validate CONFIG.yaml [--resolved]}: checks a config without training. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config without training and list a sweep's trials; with --resolved, print it with every default filled in.")
final class ValidateCommand implements Callable<Integer> {
  @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment YAML file.")
  Path config;

  @Option(names = "--resolved", description = "Print the resolved config (every default filled in).")
  boolean resolved;

  @Option(names = "--set", paramLabel = "PATH=VALUE", description = "Override a config value by dotted path. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    Registry registry = common.registry(config, overrides);
    ExperimentSpec experiment = new ExperimentLoader(registry).load(config, overrides);
    PrintWriter out = spec.commandLine().getOut();
    if (resolved) {
      out.print(ConfigYaml.write(experiment.resolved()));
    } else {
      // expanded before 'ok' is printed: a bad sweep makes the file bad
      Optional<Sweep> sweep = new SweepLoader(registry).load(config, overrides, 0).map(p -> Sweep.of(p, registry));
      out.println(config + ": ok (experiment '" + experiment.name() + "', " + experiment.layers().size()
          + " layers, data " + experiment.data().type() + ", loss " + experiment.loss().type()
          + ", optimizer " + experiment.optimizer().type() + ")");
      sweep.ifPresent(s -> listTrials(s, out));
    }
    out.flush();
    return Main.OK;
  }

  /** A sweep's trials, one line each, as {@code recur sweep} would run them. */
  private static void listTrials(Sweep sweep, PrintWriter out) {
    out.println("sweep: " + SweepCommand.describe(sweep));
    int width = Integer.toString(sweep.trials().size() - 1).length();
    for (Trial t : sweep.trials()) {
      out.println("  " + " ".repeat(width - Integer.toString(t.index()).length()) + t.index() + "  " + t.id());
    }
  }
}
