package io.recur.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How an extending file combines with its base: maps merge key by key (the extending file wins),
 * lists and scalars are replaced whole. Every value keeps its own location, so an error still
 * points at the file where the bad value was written.
 *
 * <p>Two refinements keep typed values ({@code optimizer:}, a layer) sensible: when both sides
 * are maps with different {@code type:}s the extending map replaces the base one, since the base's
 * params belong to another type ({@code adam}'s {@code beta1} means nothing to {@code sgd}); and
 * a map over a bare type name ({@code optimizer: sgd}) merges as if the base had been written
 * {@code {type: sgd}}.
 */
final class ConfigMerge {
  static final String TYPE = "type";

  private ConfigMerge() {}

  static ConfigNode merge(ConfigNode base, ConfigNode override) {
    if (override instanceof ConfigNode.Mapping over) {
      if (base instanceof ConfigNode.Mapping b) {
        return sameType(b, over) ? mergeMaps(b, over) : over;
      }
      if (base instanceof ConfigNode.Scalar s && s.isString()) {
        return merge(typeMap(s), over);
      }
    }
    return override;
  }

  /** {@code sgd} as the map {@code {type: sgd}}, located where the name was written. */
  static ConfigNode.Mapping typeMap(ConfigNode.Scalar typeName) {
    return ConfigNode.Mapping.of(
        List.of(new ConfigNode.Entry(TYPE, typeName.location(), typeName)), typeName.location());
  }

  private static boolean sameType(ConfigNode.Mapping base, ConfigNode.Mapping over) {
    if (base.get(TYPE) instanceof ConfigNode.Scalar b && over.get(TYPE) instanceof ConfigNode.Scalar o) {
      return b.text().equals(o.text());
    }
    return true;
  }

  private static ConfigNode.Mapping mergeMaps(ConfigNode.Mapping base, ConfigNode.Mapping over) {
    Map<String, ConfigNode.Entry> merged = new LinkedHashMap<>(base.entries());
    for (ConfigNode.Entry e : over.entries().values()) {
      ConfigNode.Entry old = merged.get(e.key());
      ConfigNode value = old == null ? e.value() : merge(old.value(), e.value());
      merged.put(e.key(), new ConfigNode.Entry(e.key(), e.keyLocation(), value));
    }
    // the extending file's map is the one the user is editing, so "missing 'x'" points there
    return new ConfigNode.Mapping(merged, over.location());
  }
}
