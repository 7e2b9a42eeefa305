package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * Where each value of an experiment was written, by dotted path: {@code file:line:col}, or the
 * {@code --set} argument it came from. Checks made after the config is resolved (against the
 * data and the built model) use it so that their messages point at the value as the loader's do.
 */
public final class ConfigLocations {
  private final ConfigNode.Mapping tree;
  private final String file;

  ConfigLocations(ConfigNode.Mapping tree, String file) {
    this.tree = tree;
    this.file = requireNonNull(file, "file is null");
  }

  /** No tree: every path is located at the file as a whole. */
  public static ConfigLocations fileOnly(Path file) {
    return new ConfigLocations(null, file.toString());
  }

  /**
   * The location of the value at {@code path} ({@code training.early_stopping.monitor}, {@code
   * model.layers[2]}); for a value left to its default, the nearest written map that holds it.
   */
  public String of(String path) {
    if (tree == null) {
      return file;
    }
    ConfigNode node = tree;
    Location found = tree.location();
    for (String part : path.split("\\.")) {
      String key = part;
      int bracket = part.indexOf('[');
      if (bracket >= 0) {
        key = part.substring(0, bracket);
      }
      if (!(node instanceof ConfigNode.Mapping map) || map.get(key) == null) {
        return found.toString();
      }
      node = map.get(key);
      found = node.location();
      while (bracket >= 0) {
        int close = part.indexOf(']', bracket);
        int index = Integer.parseInt(part.substring(bracket + 1, close));
        if (!(node instanceof ConfigNode.Sequence seq) || index >= seq.items().size()) {
          return found.toString();
        }
        node = seq.items().get(index);
        found = node.location();
        bracket = part.indexOf('[', close);
      }
    }
    return found.toString();
  }
}
