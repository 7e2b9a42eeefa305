package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.ParamType;
import io.recur.spi.Params;
import io.recur.spi.Suggestions;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validates written maps against declared {@link ParamSpec}s and resolves them to {@link Params}
 * with every default filled in, recursing into typed values ({@code kernel_init: {type:
 * uniform}}) through the {@link Registry}. The first problem, in document order, is thrown as a
 * {@link ConfigException}; nothing is collected.
 *
 * <p>One instance per experiment: it remembers the layer names seen so far, because a layer's
 * name prefixes its weights and so must be unique within the model.
 */
final class ParamResolver {
  static final String TYPE = ConfigMerge.TYPE;
  static final String NAME = "name";
  private static final Pattern LAYER_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final Registry registry;
  /** Layer name → path of the layer that took it first. */
  private final Map<String, String> layerNames = new HashMap<>();

  ParamResolver(Registry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  /**
   * Resolves {@code map} against {@code specs}, in declaration order.
   *
   * @param scope how the owner is named in "unknown key" messages ("in training", "for layer type 'dense'")
   * @param reserved keys the caller has consumed already ({@code type}, {@code name}); still valid
   */
  Params params(ConfigNode.Mapping map, List<ParamSpec<?>> specs, String path, String scope, Set<String> reserved) {
    Map<String, ParamSpec<?>> declared = new LinkedHashMap<>();
    specs.forEach(s -> declared.put(s.name(), s));
    Map<String, Object> given = new HashMap<>();
    for (ConfigNode.Entry e : map.entries().values()) {
      if (reserved.contains(e.key())) {
        continue;
      }
      ParamSpec<?> spec = declared.get(e.key());
      if (spec == null) {
        Set<String> known = new TreeSet<>(declared.keySet());
        known.addAll(reserved);
        throw unknownKey(e, path, scope, known);
      }
      given.put(e.key(), value(spec, e.value(), ConfigPaths.key(path, e.key())));
    }
    Map<String, Object> resolved = new LinkedHashMap<>();
    for (ParamSpec<?> spec : specs) {
      if (given.containsKey(spec.name())) {
        resolved.put(spec.name(), given.get(spec.name()));
      } else if (spec.required()) {
        throw missing(map.location(), path, spec);
      } else {
        resolved.put(spec.name(), defaultValue(spec, map.location(), ConfigPaths.key(path, spec.name())));
      }
    }
    return Params.of(resolved);
  }

  /** One written value of {@code spec}; null only for an explicit null of an optional parameter. */
  Object value(ParamSpec<?> spec, ConfigNode node, String path) {
    if (node instanceof ConfigNode.Scalar s && s.value() == null && spec.nullable()) {
      return null;
    }
    Object value = switch (spec.type()) {
      case INT -> ScalarValues.integer(node, spec, path);
      case DOUBLE -> ScalarValues.number(node, spec, path);
      case BOOLEAN -> ScalarValues.bool(node, spec, path);
      case STRING -> ScalarValues.string(node, spec, path);
      case CHOICE -> ScalarValues.choice(node, spec, path);
      case INT_LIST -> list(spec, node, path, (n, p, i) -> ScalarValues.integer(n, spec, p));
      case DOUBLE_LIST -> list(spec, node, path, (n, p, i) -> ScalarValues.number(n, spec, p));
      case STRING_LIST -> list(spec, node, path, (n, p, i) -> ScalarValues.string(n, spec, p));
      case TYPED -> typed(kind(spec), node, path, -1);
      case TYPED_LIST -> list(spec, node, path, (n, p, i) -> typed(kind(spec), n, p, i));
      case SECTION -> section(spec, node, path);
    };
    // the component's own check of the whole value: validate and train refuse the same values
    String problem = spec.problem(value);
    if (problem != null) {
      throw new ConfigException(node.location(), path, problem);
    }
    return value;
  }

  /** A nested map of declared keys ({@code training.early_stopping}), resolved like a section. */
  private Params section(ParamSpec<?> spec, ConfigNode node, String path) {
    if (!(node instanceof ConfigNode.Mapping map)) {
      throw new ConfigException(node.location(), path, "expected " + Expected.of(spec) + ", got " + Found.describe(node));
    }
    if (spec.sectionVariants().isEmpty()) {
      return params(map, spec.sectionParams(), path, "in " + path, Set.of());
    }
    // the type comes first: it decides which keys the rest of the map may have
    ParamSpec<?> typeSpec = spec.sectionParams().get(0);
    ConfigNode typeNode = map.get(typeSpec.name());
    if (typeNode == null) {
      throw missing(map.location(), path, typeSpec);
    }
    String type = (String) value(typeSpec, typeNode, ConfigPaths.key(path, typeSpec.name()));
    List<ParamSpec<?>> keys = spec.sectionParams(type);
    Set<String> known = new TreeSet<>();
    keys.forEach(k -> known.add(k.name()));
    for (ConfigNode.Entry e : map.entries().values()) {
      if (!known.contains(e.key())) {
        throw new ConfigException(e.keyLocation(), ConfigPaths.key(path, e.key()), "unknown key '" + e.key() + "' for "
            + path + " type '" + type + "'" + otherTypes(spec, e.key()) + Suggestions.knownAndSuggestion(e.key(), known));
      }
    }
    return params(map, keys, path, "for " + path + " type '" + type + "'", Set.of());
  }

  /** {@code  (a key of step, exponential)} when another type takes {@code key}: the likely mix-up. */
  private static String otherTypes(ParamSpec<?> spec, String key) {
    List<String> types = new ArrayList<>();
    spec.sectionVariants().forEach((type, keys) -> {
      if (keys.stream().anyMatch(k -> k.name().equals(key))) {
        types.add(type);
      }
    });
    return types.isEmpty() ? "" : " (a key of " + String.join(", ", types) + ")";
  }

  /**
   * A typed value: a bare type name or a map with {@code type:} and that type's params. A layer
   * may also carry {@code name:}; a layer in a list that has none is named {@code <type>_<index>}.
   *
   * @param index the position in a list, or -1 for a single value (which then has no default name)
   */
  TypedValue typed(Kind kind, ConfigNode node, String path, int index) {
    if (node instanceof ConfigNode.Scalar s && s.value() instanceof String) {
      return typedMap(kind, ConfigMerge.typeMap(s), path, index, path);
    }
    if (node instanceof ConfigNode.Mapping m) {
      ConfigNode type = m.get(TYPE);
      if (type == null) {
        throw new ConfigException(m.location(), path, "missing required 'type' (" + Expected.article(kind.key()) + " "
            + kind.key() + " type name; known: " + Suggestions.known(registry.names(kind)) + ")");
      }
      return typedMap(kind, m, path, index, ConfigPaths.key(path, TYPE));
    }
    throw new ConfigException(node.location(), path,
        "expected " + Expected.typed(kind) + ", got " + Found.describe(node));
  }

  /** A map with a {@code type:}; {@code typePath} is where an unknown type is reported. */
  private TypedValue typedMap(Kind kind, ConfigNode.Mapping map, String path, int index, String typePath) {
    ConfigNode typeNode = map.get(TYPE);
    if (!(typeNode instanceof ConfigNode.Scalar s) || !(s.value() instanceof String type)) {
      throw new ConfigException(typeNode.location(), typePath, "expected " + Expected.article(kind.key()) + " "
          + kind.key() + " type name, got " + Found.describe(typeNode) + "; known: "
          + Suggestions.known(registry.names(kind)));
    }
    Registry.Entry entry = registry.find(kind, type).orElseThrow(() -> new ConfigException(typeNode.location(),
        typePath, "unknown " + kind.key() + " type '" + type + "'"
            + Suggestions.knownAndSuggestion(type, registry.names(kind))));
    String name = "";
    Set<String> reserved = Set.of(TYPE);
    if (kind == Kind.LAYER) {
      name = layerName(map, path, type, index);
      reserved = Set.of(TYPE, NAME);
    }
    String scope = "for " + kind.key() + " type '" + type + "'";
    Params params = params(map, entry.factory().params(), path, scope, reserved);
    return new TypedValue(kind, type, params, name, map.location().toString());
  }

  /**
   * The layer's {@code name:}, or {@code <type>_<index>} for a list element; unique in the model.
   * A single nested layer (a wrapper's {@code layer:}) without a name gets "": its owner names it.
   */
  private String layerName(ConfigNode.Mapping map, String path, String type, int index) {
    ConfigNode written = map.get(NAME);
    if (written == null && index < 0) {
      return "";
    }
    if (written == null) {
      String name = type + "_" + index;
      String first = layerNames.putIfAbsent(name, path);
      if (first != null) {
        throw new ConfigException(map.location(), path, "default layer name '" + name + "' is already used by "
            + first + "; expected unique names (give this layer a 'name:')");
      }
      return name;
    }
    String namePath = ConfigPaths.key(path, NAME);
    if (!(written instanceof ConfigNode.Scalar s) || s.value() == null || !LAYER_NAME.matcher(s.text()).matches()) {
      throw new ConfigException(written.location(), namePath, "expected a layer name of letters, digits, "
          + "'_', '.' and '-', got " + Found.describe(written));
    }
    String first = layerNames.putIfAbsent(s.text(), path);
    if (first != null) {
      throw new ConfigException(written.location(), namePath, "layer name '" + s.text() + "' is already used by "
          + first + "; expected a name unique within the model");
    }
    return s.text();
  }

  /**
   * The declared default. A typed default is a type name (or a {@link TypedValue} built in code)
   * whose own params still need their defaults, so it is resolved as if it had been written at
   * the enclosing map.
   */
  Object defaultValue(ParamSpec<?> spec, Location where, String path) {
    Object value = spec.defaultValue().orElse(null);
    if (value == null) {
      return null;
    }
    if (spec.type() == ParamType.TYPED || spec.type() == ParamType.TYPED_LIST) {
      return value(spec, ConfigNodes.fromValue(value, where), path);
    }
    if (spec.type() == ParamType.SECTION) {
      return value(spec, ConfigNodes.fromValue(((Params) value).asMap(), where), path);
    }
    return value instanceof List<?> l ? List.copyOf(l) : value;
  }

  @FunctionalInterface
  private interface ElementResolver {
    Object resolve(ConfigNode node, String path, int index);
  }

  private static List<Object> list(ParamSpec<?> spec, ConfigNode node, String path, ElementResolver element) {
    if (!(node instanceof ConfigNode.Sequence seq)) {
      throw new ConfigException(node.location(), path, "expected " + Expected.of(spec) + ", got " + Found.describe(node));
    }
    List<Object> values = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      values.add(element.resolve(seq.items().get(i), ConfigPaths.index(path, i), i));
    }
    return List.copyOf(values);
  }

  static ConfigException unknownKey(ConfigNode.Entry e, String path, String scope, Set<String> known) {
    return new ConfigException(e.keyLocation(), ConfigPaths.key(path, e.key()), "unknown key '" + e.key() + "' "
        + scope + Suggestions.knownAndSuggestion(e.key(), known));
  }

  /** {@code missing required 'learning_rate' (a number > 0: step size)}, at the enclosing map. */
  static ConfigException missing(Location where, String path, ParamSpec<?> spec) {
    String doc = spec.doc().isEmpty() ? "" : ": " + spec.doc();
    return new ConfigException(where, path, "missing required '" + spec.name() + "' (" + Expected.of(spec) + doc + ")");
  }

  private static Kind kind(ParamSpec<?> spec) {
    return spec.referencedKind().orElseThrow(
        () -> new IllegalStateException("parameter '" + spec.name() + "' is " + spec.type() + " without a kind"));
  }

}
