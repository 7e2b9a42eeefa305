package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * One loaded plugin: a single jar, or a folder of jars (the plugin and its own dependencies)
 * sharing one {@link PluginClassLoader}.
 *
 * @param name the plugin as messages and listings show it: the path the user gave, joined with
 *     the jar or folder name ({@code plugins/example.jar}, {@code plugins/fasta})
 * @param location the jar or folder
 * @param jars every jar on the plugin's class path, in class path order
 */
public record PluginInfo(String name, Path location, List<PluginJar> jars) {
  public PluginInfo {
    requireNonNull(name, "name is null");
    requireNonNull(location, "location is null");
    jars = List.copyOf(jars);
  }

  @Override
  public String toString() {
    return name;
  }
}
