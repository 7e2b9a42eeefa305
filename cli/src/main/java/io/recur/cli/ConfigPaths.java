package io.recur.cli;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A resolved {@code config.yaml} as the dotted paths {@code --set} takes ({@code
 * optimizer.learning_rate}, {@code model.layers[1].units}) and their values, so that two runs'
 * configs can be compared key by key. Empty maps and lists are values of their own ({@code {}},
 * {@code []}), so a key set to nothing still shows.
 */
final class ConfigPaths {
  private ConfigPaths() {}

  /** Path → scalar value (a String, Number, Boolean, null, or an empty map or list), in file order. */
  static Map<String, Object> read(Path configFile) {
    Object tree;
    // safe loading: a run directory may come from anyone; its YAML must not build arbitrary objects
    try (Reader in = Files.newBufferedReader(configFile, StandardCharsets.UTF_8)) {
      tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
    } catch (IOException e) {
      throw new RecurException(configFile + ": cannot be read: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new RecurException(configFile + ": not valid YAML: " + e.getMessage(), e);
    }
    if (!(tree instanceof Map<?, ?>)) {
      throw new RecurException(configFile + ": not a config (a YAML mapping of keys)");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    flatten("", tree, out);
    return out;
  }

  static void flatten(String prefix, Object node, Map<String, Object> out) {
    if (node instanceof Map<?, ?> map && !map.isEmpty()) {
      map.forEach((k, v) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, v, out));
    } else if (node instanceof List<?> list && !list.isEmpty()) {
      for (int i = 0; i < list.size(); i++) {
        flatten(prefix + "[" + i + "]", list.get(i), out);
      }
    } else {
      out.put(prefix, node);
    }
  }

  /** A value as a config shows it: {@code null}, {@code {}}, {@code []} or the scalar's text. */
  static String show(Object value) {
    if (value instanceof Map<?, ?>) {
      return "{}";
    }
    if (value instanceof List<?>) {
      return "[]";
    }
    return String.valueOf(value);
  }
}
