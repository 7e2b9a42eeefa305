package io.recur.cli;

import io.recur.config.PluginList;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Options every subcommand takes, and the registry they imply: a command that needs registered
 * types calls {@link #registry()} (or {@link #registry(Path, List)} when it reads an experiment),
 * so {@code --plugins}, {@code RECUR_PLUGINS} and a config's {@code plugins:} list work the same
 * on every command.
 */
public final class CommonOptions {
  @Option(names = "--verbose", description = "Print stack traces with error messages, and each plugin type as it registers.")
  boolean verbose;

  @Option(names = "--plugins", paramLabel = "PATH",
      description = "A plugins folder (each jar, and each sub-folder of jars, is one plugin) or a single plugin jar. "
          + "Repeatable. Plugins also come from $RECUR_PLUGINS (paths separated like a class path) and from a "
          + "config's plugins: list.")
  List<Path> plugins = new ArrayList<>();

  @Option(names = "--strict-plugins",
      description = "Refuse (exit 2) a saved model whose recorded plugin jar sha256 differs from the jar given, "
          + "instead of warning.")
  boolean strictPlugins;

  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  /** Whether {@code --verbose} was given: stack traces with error messages. */
  public boolean verbose() {
    return verbose;
  }

  /** The plugin paths of {@code --plugins} and {@code RECUR_PLUGINS}, for loading through the Java API. */
  public List<Path> pluginPaths() {
    List<Path> paths = new ArrayList<>(plugins);
    for (PluginSource s : PluginSource.fromEnvironment(System.getenv())) {
      paths.add(s.path());
    }
    return paths;
  }

  /**
   * As {@link #checkPluginJars(Path, Registry)} with the plugins of {@code --plugins} and {@code
   * RECUR_PLUGINS}; for commands that load the model through the Java API. Without plugin paths
   * nothing can differ (a missing type is the loader's message), so nothing is loaded.
   */
  void checkPluginJars(Path modelDir) {
    if (!pluginPaths().isEmpty()) {
      checkPluginJars(modelDir, registry());
    }
  }

  /**
   * Warns on stderr (or, with {@code --strict-plugins}, refuses) when a plugin jar that {@code
   * modelDir}'s model records has another SHA-256 than the jar its types come from in {@code
   * registry}.
   */
  void checkPluginJars(Path modelDir, Registry registry) {
    PrintWriter err = mixee != null ? mixee.commandLine().getErr() : new PrintWriter(System.err, true);
    PluginJarCheck.check(modelDir, registry, strictPlugins, err);
  }

  /** The built-in types plus the plugins of {@code --plugins} and {@code RECUR_PLUGINS}. */
  Registry registry() {
    return registry(null, List.of());
  }

  /**
   * As {@link #registry()}, plus the plugins the experiment at {@code config} lists. That list is
   * read in a pre-pass, before validation, because validating the rest needs this registry.
   *
   * @param config the experiment file, or {@code null} for none
   * @param overrides its {@code --set} arguments (one may set {@code plugins})
   */
  Registry registry(Path config, List<String> overrides) {
    List<PluginSource> sources = new ArrayList<>();
    for (Path p : plugins) {
      sources.add(new PluginSource(p, PluginSource.COMMAND_LINE));
    }
    sources.addAll(PluginSource.fromEnvironment(System.getenv()));
    if (config != null) {
      for (PluginList.Entry e : PluginList.read(config, overrides)) {
        sources.add(new PluginSource(e.path(), e.location()));
      }
    }
    Consumer<String> log = line -> { };
    if (verbose && mixee != null) {
      PrintWriter err = mixee.commandLine().getErr();
      log = line -> {
        err.println(line);
        err.flush();
      };
    }
    return Registries.withPlugins(sources, log);
  }
}
