package io.recur.plugin;

import static java.util.Objects.requireNonNull;

/**
 * Where a registered type came from: the plugin, and the jar of that plugin holding the type's
 * factory class.
 */
public record PluginOrigin(PluginInfo plugin, PluginJar jar) {
  public PluginOrigin {
    requireNonNull(plugin, "plugin is null");
    requireNonNull(jar, "jar is null");
  }
}
