package io.recur.cli;

import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code recur validate CONFIG.yaml [--resolved]}: checks a config without training. */
@Command(name = "validate", mixinStandardHelpOptions = true,
    description = "Check a config without training; with --resolved, print it with every default filled in.")
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
    ExperimentSpec experiment = new ExperimentLoader(Registries.builtIn()).load(config, overrides);
    var out = spec.commandLine().getOut();
    if (resolved) {
      out.print(ConfigYaml.write(experiment.resolved()));
    } else {
      out.println(config + ": ok (experiment '" + experiment.name() + "', " + experiment.layers().size()
          + " layers, data " + experiment.data().type() + ", loss " + experiment.loss().type()
          + ", optimizer " + experiment.optimizer().type() + ")");
    }
    out.flush();
    return Main.OK;
  }
}
