package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The pre-pass over an experiment file that reads its {@code plugins:} list (issue 5). Validating
 * an experiment needs the registry, and the registry needs the plugins the experiment names, so
 * this list is read first: the file with its {@code extends:} chain and {@code --set} overrides,
 * exactly as {@link ExperimentLoader} merges them, but only this key is looked at. The full
 * validation later checks {@code plugins:} again as an ordinary list of strings.
 *
 * <p>Paths are relative to the file that lists them (a base file's list to the base file); a
 * path given by {@code --set plugins=[...]} is relative to the working directory. The resolved
 * config holds them as absolute paths ({@link #absolutePaths}).
 */
public final class PluginList {
  /** The top-level key. */
  public static final String KEY = "plugins";

  /**
   * One {@code plugins:} entry.
   *
   * @param path the jar or folder, resolved against the listing file's folder
   * @param location where it was written, {@code file:line:col} or the {@code --set} argument
   */
  public record Entry(Path path, String location) {
    public Entry {
      requireNonNull(path, "path is null");
      requireNonNull(location, "location is null");
    }
  }

  private PluginList() {}

  /**
   * @throws ConfigException when the file cannot be read, {@code plugins:} is not a list of
   *     strings, or an entry names no existing file or folder
   */
  public static List<Entry> read(Path yaml, List<String> overrides) {
    requireNonNull(yaml, "yaml is null");
    requireNonNull(overrides, "overrides is null");
    YamlReader reader = new YamlReader();
    ConfigNode.Mapping tree = new ExtendsResolver(reader).read(yaml);
    SetOverride set = new SetOverride(reader);
    for (String override : overrides) {
      tree = set.apply(tree, override);
    }
    ConfigNode node = tree.get(KEY);
    if (node == null) {
      return List.of();
    }
    String expected = "expected a list of plugin jars or plugin folders, relative to this file";
    if (!(node instanceof ConfigNode.Sequence list)) {
      throw new ConfigException(node.location(), KEY, expected + ", got " + Found.describe(node));
    }
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < list.items().size(); i++) {
      ConfigNode item = list.items().get(i);
      String path = ConfigPaths.index(KEY, i);
      if (!(item instanceof ConfigNode.Scalar s) || !s.isString() || s.text().isBlank()) {
        throw new ConfigException(item.location(), path, "expected the path of a plugin jar or plugin folder, got "
            + Found.describe(item));
      }
      Location where = item.location();
      Path resolved = resolve(s);
      if (!Files.exists(resolved)) {
        throw new ConfigException(where, path, "no plugin jar or folder at '" + s.text() + "' (looked for "
            + resolved.toAbsolutePath() + ")" + (where.line() > 0 ? "; paths are relative to " + where.source() : ""));
      }
      entries.add(new Entry(resolved, where.toString()));
    }
    return List.copyOf(entries);
  }

  /** The entry's path: relative to the file it was written in, or to the working directory for {@code --set}. */
  private static Path resolve(ConfigNode.Scalar entry) {
    Location where = entry.location();
    // a --set argument has no file to be relative to (line 0): the working directory it is then
    return where.line() > 0 ? Path.of(where.source()).resolveSibling(entry.text()).normalize() : Path.of(entry.text());
  }

  /**
   * {@code tree} with every {@code plugins:} entry made an absolute path, so that the resolved
   * {@code config.yaml} a run writes finds its plugins from the run directory too ({@code recur
   * reproduce}, {@code --resume}, re-running it as is). Anything malformed is left for validation
   * to report.
   */
  static ConfigNode.Mapping absolutePaths(ConfigNode.Mapping tree) {
    if (!(tree.get(KEY) instanceof ConfigNode.Sequence list)) {
      return tree;
    }
    List<ConfigNode> items = new ArrayList<>();
    for (ConfigNode item : list.items()) {
      if (item instanceof ConfigNode.Scalar s && s.isString() && !s.text().isBlank()) {
        String absolute = resolve(s).toAbsolutePath().normalize().toString();
        items.add(new ConfigNode.Scalar(absolute, absolute, false, s.location()));
      } else {
        items.add(item);
      }
    }
    return tree.with(KEY, tree.entries().get(KEY).keyLocation(), new ConfigNode.Sequence(items, list.location()));
  }
}
