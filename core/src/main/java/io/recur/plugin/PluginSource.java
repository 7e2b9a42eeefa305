package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A place to load plugins from, and who named it. The path is either a plugins folder (each jar
 * in it is one plugin; each sub-folder of jars is one plugin with its own dependencies) or a
 * single plugin jar.
 *
 * @param path the folder or jar, as given (relative paths resolve against the working directory)
 * @param origin who named it, for messages: {@code --plugins}, {@code RECUR_PLUGINS}, or the
 *     {@code file:line:col} of a config's {@code plugins:} entry
 */
public record PluginSource(Path path, String origin) {
  /** The environment variable holding plugin paths, separated like a class path. */
  public static final String ENVIRONMENT_VARIABLE = "RECUR_PLUGINS";
  /** The origin of paths given on the command line. */
  public static final String COMMAND_LINE = "--plugins";

  public PluginSource {
    requireNonNull(path, "path is null");
    requireNonNull(origin, "origin is null");
  }

  /**
   * The paths of {@code RECUR_PLUGINS} in {@code environment}, split at {@link File#pathSeparator}
   * ({@code :} on Unix, {@code ;} on Windows); empty entries are skipped.
   */
  public static List<PluginSource> fromEnvironment(Map<String, String> environment) {
    requireNonNull(environment, "environment is null");
    String value = environment.get(ENVIRONMENT_VARIABLE);
    List<PluginSource> sources = new ArrayList<>();
    if (value == null) {
      return sources;
    }
    for (String part : value.split(java.util.regex.Pattern.quote(File.pathSeparator))) {
      if (!part.isBlank()) {
        sources.add(new PluginSource(Path.of(part.trim()), ENVIRONMENT_VARIABLE));
      }
    }
    return sources;
  }
}
