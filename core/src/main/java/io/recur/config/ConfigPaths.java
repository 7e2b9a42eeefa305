package io.recur.config;

/** Dotted config paths as messages and {@code --set} write them: {@code model.layers[1].units}. */
final class ConfigPaths {
  private ConfigPaths() {}

  static String key(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  static String index(String parent, int index) {
    return parent + "[" + index + "]";
  }
}
