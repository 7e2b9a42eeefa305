package io.recur.config;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;

/**
 * Writes plain config trees (as in {@link ExperimentSpec#resolved()}) as block-style YAML that
 * {@link ExperimentLoader} reads back to the same values: key order kept, no tags, and lists of
 * scalars on one line ({@code split: [0.8, 0.1, 0.1]}) because they read best that way.
 */
public final class ConfigYaml {
  private ConfigYaml() {}

  /**
   * @param tree maps with string keys, lists, strings, numbers and booleans; anything else is
   *     refused rather than written with a Java class tag
   * @throws IllegalArgumentException naming the path of a value that has no plain YAML form
   */
  public static String write(Map<String, ?> tree) {
    check(tree, "");
    DumperOptions options = new DumperOptions();
    options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    options.setIndent(2);
    options.setIndicatorIndent(2);
    options.setIndentWithIndicator(true);
    // keep long doc strings on one line, so diffs of config.yaml stay line-by-line
    options.setSplitLines(false);
    return new Yaml(new ScalarListsInFlow(options), options).dump(tree);
  }

  private static void check(Object value, String path) {
    if (value instanceof Map<?, ?> map) {
      map.forEach((k, v) -> {
        if (!(k instanceof String key)) {
          throw new IllegalArgumentException(path + ": key " + k + " is not a string");
        }
        check(v, ConfigPaths.key(path, key));
      });
    } else if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        check(list.get(i), ConfigPaths.index(path, i));
      }
    } else if (!isScalar(value)) {
      throw new IllegalArgumentException(path + ": " + (value == null ? "null" : value.getClass().getName())
          + " has no plain YAML form; expected a map, list, string, number or boolean");
    }
  }

  private static boolean isScalar(Object v) {
    return v instanceof String || v instanceof Boolean || v instanceof Integer || v instanceof Long
        || v instanceof Double || v instanceof Float || v instanceof BigInteger;
  }

  /** Flow style only for lists whose elements are all scalars; everything else stays block. */
  private static final class ScalarListsInFlow extends Representer {
    ScalarListsInFlow(DumperOptions options) {
      super(options);
    }

    @Override
    protected Node representSequence(Tag tag, Iterable<?> sequence, DumperOptions.FlowStyle flowStyle) {
      boolean scalars = true;
      for (Object o : sequence) {
        scalars &= isScalar(o);
      }
      return super.representSequence(tag, sequence, scalars ? DumperOptions.FlowStyle.FLOW : flowStyle);
    }
  }
}
