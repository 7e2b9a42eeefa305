package io.recur.config;

import io.recur.spi.Kind;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Config nodes built from Java values: declared defaults, which are checked like written YAML. */
final class ConfigNodes {
  private ConfigNodes() {}

  /**
   * @param value String, Number, Boolean, List, Map or {@link TypedValue} (as {@code {type: …,
   *     params…}}); null becomes YAML null
   * @param where the location every node gets (the map the default fills in)
   */
  static ConfigNode fromValue(Object value, Location where) {
    if (value instanceof TypedValue t) {
      List<ConfigNode.Entry> entries = new ArrayList<>();
      entries.add(new ConfigNode.Entry(ConfigMerge.TYPE, where, fromValue(t.type(), where)));
      if (t.kind() == Kind.LAYER && !t.name().isEmpty()) {
        entries.add(new ConfigNode.Entry(ParamResolver.NAME, where, fromValue(t.name(), where)));
      }
      t.params().asMap().forEach((k, v) -> entries.add(new ConfigNode.Entry(k, where, fromValue(v, where))));
      return ConfigNode.Mapping.of(entries, where);
    }
    if (value instanceof Map<?, ?> map) {
      List<ConfigNode.Entry> entries = new ArrayList<>();
      map.forEach((k, v) -> entries.add(new ConfigNode.Entry(String.valueOf(k), where, fromValue(v, where))));
      return ConfigNode.Mapping.of(entries, where);
    }
    if (value instanceof List<?> list) {
      List<ConfigNode> items = new ArrayList<>();
      list.forEach(v -> items.add(fromValue(v, where)));
      return new ConfigNode.Sequence(items, where);
    }
    // plain = true: a default of 0.001 must read back as a number, not as quoted text
    return new ConfigNode.Scalar(value, value == null ? "null" : String.valueOf(value), true, where);
  }
}
