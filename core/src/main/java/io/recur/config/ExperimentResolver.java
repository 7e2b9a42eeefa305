package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.Params;
import io.recur.spi.Suggestions;
import io.recur.spi.TypedValue;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Turns the merged top-level map into an {@link ExperimentSpec}: every key of {@link
 * TopLevel#KEYS} checked in document order, then missing required keys, then defaults, and the
 * canonical resolved tree built from the result.
 */
final class ExperimentResolver {
  private final Registry registry;

  ExperimentResolver(Registry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  ExperimentSpec resolve(ConfigNode.Mapping top, Path source) {
    ParamResolver params = new ParamResolver(registry);
    Map<String, TopLevel.Key> keys = new LinkedHashMap<>();
    TopLevel.KEYS.forEach(k -> keys.put(k.name(), k));
    Map<String, Object> values = new HashMap<>();
    for (ConfigNode.Entry e : top.entries().values()) {
      TopLevel.Key key = keys.get(e.key());
      if (key == null) {
        // 'extends' is consumed before this point but is still a key the user may have misspelt
        Set<String> known = new TreeSet<>(keys.keySet());
        known.add(ExtendsResolver.EXTENDS);
        throw ParamResolver.unknownKey(e, "", "at the top level", known);
      }
      values.put(e.key(), written(key, e.value(), params));
    }
    for (TopLevel.Key key : TopLevel.KEYS) {
      if (!values.containsKey(key.name())) {
        values.put(key.name(), absent(key, top, params));
      }
    }
    return spec(values, source);
  }

  private Object written(TopLevel.Key key, ConfigNode node, ParamResolver params) {
    if (key instanceof TopLevel.Sweep) {
      // checked here so that 'recur train' on a sweep file refuses a malformed block; not part of the experiment
      SweepParser.parse(node, registry);
      return null;
    }
    if (key instanceof TopLevel.Value v) {
      return params.value(v.spec(), node, key.name());
    }
    TopLevel.Section section = (TopLevel.Section) key;
    if (!(node instanceof ConfigNode.Mapping map)) {
      throw new ConfigException(node.location(), key.name(), "expected a map of " + key.name() + " keys ("
          + Suggestions.known(section.params().stream().map(p -> p.name()).toList()) + "), got " + Found.describe(node));
    }
    return params.params(map, section.params(), key.name(), "in " + key.name(), Set.of());
  }

  private static Object absent(TopLevel.Key key, ConfigNode.Mapping top, ParamResolver params) {
    if (key instanceof TopLevel.Sweep) {
      return null;
    }
    if (key instanceof TopLevel.Value v) {
      if (key.required()) {
        throw ParamResolver.missing(top.location(), "", v.spec());
      }
      return params.defaultValue(v.spec(), top.location(), key.name());
    }
    TopLevel.Section section = (TopLevel.Section) key;
    if (key.required()) {
      throw new ConfigException(top.location(), "", "missing required '" + key.name() + "' (a map: " + key.doc()
          + ", with keys " + Suggestions.known(section.params().stream().map(p -> p.name()).toList()) + ")");
    }
    ConfigNode.Mapping empty = new ConfigNode.Mapping(Map.of(), top.location());
    return params.params(empty, section.params(), key.name(), "in " + key.name(), Set.of());
  }

  @SuppressWarnings("unchecked")
  private static ExperimentSpec spec(Map<String, Object> values, Path source) {
    Map<String, Object> resolved = new LinkedHashMap<>();
    for (TopLevel.Key key : TopLevel.KEYS) {
      Object v = values.get(key.name());
      if (v != null) {
        resolved.put(key.name(), ResolvedTree.value(v));
      }
    }
    return new ExperimentSpec(
        source,
        (String) values.get(TopLevel.NAME.name()),
        (Integer) values.get(TopLevel.SEED.name()),
        (TypedValue) values.get(TopLevel.DATA.name()),
        (Params) values.get(TopLevel.MODEL.name()),
        (TypedValue) values.get(TopLevel.LOSS.name()),
        (TypedValue) values.get(TopLevel.OPTIMIZER.name()),
        (Params) values.get(TopLevel.TRAINING.name()),
        (List<TypedValue>) values.get(TopLevel.METRICS.name()),
        Collections.unmodifiableMap(resolved));
  }
}
