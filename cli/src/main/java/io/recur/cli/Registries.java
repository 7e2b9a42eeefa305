package io.recur.cli;

import io.recur.plugin.PluginManager;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import java.util.List;
import java.util.function.Consumer;

/** The registry of built-in types, found through ServiceLoader on the CLI's class path, plus plugins. */
final class Registries {
  private Registries() {}

  static Registry builtIn() {
    return Registry.discover(Main.class.getClassLoader());
  }

  /**
   * The built-ins plus the plugins of {@code sources}, each in its own class loader (issue 5).
   * Commands get this through {@link CommonOptions#registry()}.
   */
  static Registry withPlugins(List<PluginSource> sources, Consumer<String> log) {
    return new PluginManager(Main.class.getClassLoader(), log).load(sources);
  }
}
