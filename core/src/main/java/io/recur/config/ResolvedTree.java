package io.recur.config;

import io.recur.spi.Kind;
import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolved values as the plain tree that {@code config.yaml} holds: maps, lists and scalars in a
 * canonical key order, so the same experiment always writes the same text (and the same hash).
 * A typed value is {@code type}, then {@code name} for layers, then its params in declaration
 * order; unset optional params are left out, since re-reading leaves them unset anyway. The
 * maps and lists are unmodifiable: the tree belongs to an immutable spec.
 */
final class ResolvedTree {
  private ResolvedTree() {}

  static Map<String, Object> typed(TypedValue value) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put(ParamResolver.TYPE, value.type());
    if (value.kind() == Kind.LAYER && !value.name().isEmpty()) {
      map.put(ParamResolver.NAME, value.name());
    }
    map.putAll(params(value.params()));
    return Collections.unmodifiableMap(map);
  }

  static Map<String, Object> params(Params params) {
    Map<String, Object> map = new LinkedHashMap<>();
    params.asMap().forEach((k, v) -> {
      if (v != null) {
        map.put(k, value(v));
      }
    });
    return Collections.unmodifiableMap(map);
  }

  static Object value(Object v) {
    if (v instanceof TypedValue t) {
      return typed(t);
    }
    if (v instanceof Params p) {
      return params(p);
    }
    if (v instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      list.forEach(e -> out.add(value(e)));
      return List.copyOf(out);
    }
    return v;
  }
}
