package io.recur.config;

import io.recur.io.Json;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON Schema of the experiment format for editors ({@code recur schema}), generated from the
 * same {@link ParamSpec}s the loader validates against, so it lists every registered type of
 * every kind with its params, defaults, docs, choices and bounds.
 *
 * <p>Draft-07, because that is the draft the YAML language server (VS Code, IntelliJ) supports
 * fully. Each kind is a definition accepting a bare type name or a map with {@code type:}; the
 * map form picks its type's definition with {@code if/then} on {@code type}, which lets editors
 * complete the params of the type being written rather than of every type at once. In draft-07
 * a {@code $ref} ignores its sibling keys, so a referenced value's doc and default sit in a
 * wrapping {@code allOf}.
 */
public final class JsonSchema {
  static final String DRAFT = "http://json-schema.org/draft-07/schema#";

  private JsonSchema() {}

  /** Pretty-printed JSON of the schema. */
  public static String generate(Registry registry) {
    Map<String, Object> schema = new LinkedHashMap<>();
    schema.put("$schema", DRAFT);
    schema.put("title", "Recur experiment");
    schema.put("description", "An experiment file: data, model, loss, optimizer and training settings.");
    schema.put("type", "object");
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(ExtendsResolver.EXTENDS, Map.of("type", "string",
        "description", "a base experiment file that this one overrides, relative to this file"));
    List<String> required = new ArrayList<>();
    for (TopLevel.Key key : TopLevel.KEYS) {
      properties.put(key.name(), key instanceof TopLevel.Value v ? param(v.spec())
          : key instanceof TopLevel.Section s ? section(s) : sweep((TopLevel.Sweep) key));
      if (key.required()) {
        required.add(key.name());
      }
    }
    schema.put("properties", properties);
    schema.put("additionalProperties", false);
    // a file that extends another may leave the required keys to its base
    schema.put("if", Map.of("required", List.of(ExtendsResolver.EXTENDS)));
    schema.put("else", Map.of("required", required));
    schema.put("definitions", definitions(registry));
    return Json.writePretty(schema);
  }

  private static Map<String, Object> definitions(Registry registry) {
    Map<String, Object> defs = new LinkedHashMap<>();
    for (Kind kind : Kind.values()) {
      defs.put(kind.key(), kind(kind, registry));
      for (Registry.Entry e : registry.entries(kind)) {
        defs.put(definitionName(kind, e.name()), type(kind, e.factory()));
      }
    }
    return defs;
  }

  private static String definitionName(Kind kind, String type) {
    return kind.key() + "." + type;
  }

  private static String ref(String definition) {
    return "#/definitions/" + definition;
  }

  /** A bare name or a map whose {@code type:} selects the type's own definition. */
  private static Map<String, Object> kind(Kind kind, Registry registry) {
    List<String> names = List.copyOf(registry.names(kind));
    Map<String, Object> bare = new LinkedHashMap<>();
    bare.put("type", "string");
    Map<String, Object> typeKey = new LinkedHashMap<>();
    typeKey.put("type", "string");
    if (!names.isEmpty()) {
      bare.put("enum", names);
      typeKey.put("enum", names);
    }
    bare.put("description", "a " + kind.key() + " type with its default params");
    List<Object> cases = new ArrayList<>();
    for (String name : names) {
      cases.add(Map.of(
          "if", Map.of("properties", Map.of("type", Map.of("const", name)), "required", List.of("type")),
          "then", Map.of("$ref", ref(definitionName(kind, name)))));
    }
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("type", "object");
    map.put("properties", Map.of("type", typeKey));
    map.put("required", List.of("type"));
    if (!cases.isEmpty()) {
      map.put("allOf", cases);
    }
    Map<String, Object> def = new LinkedHashMap<>();
    def.put("description", Expected.typed(kind));
    def.put("oneOf", List.of(bare, map));
    return def;
  }

  /** One registered type as a map: {@code type}, {@code name} for layers, then its params. */
  private static Map<String, Object> type(Kind kind, TypeFactory factory) {
    Map<String, Object> properties = new LinkedHashMap<>();
    properties.put(ParamResolver.TYPE, Map.of("const", factory.name(), "description", factory.doc()));
    if (kind == Kind.LAYER) {
      properties.put(ParamResolver.NAME, Map.of("type", "string", "pattern", "^[A-Za-z0-9_.-]+$",
          "description", "the layer's name, unique in the model; prefixes its weight names. Default: <type>_<index>"));
    }
    List<String> required = new ArrayList<>(List.of(ParamResolver.TYPE));
    for (ParamSpec<?> p : factory.params()) {
      properties.put(p.name(), param(p));
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> def = new LinkedHashMap<>();
    def.put("type", "object");
    def.put("description", factory.doc());
    def.put("properties", properties);
    def.put("required", required);
    def.put("additionalProperties", false);
    return def;
  }

  private static Map<String, Object> section(TopLevel.Section section) {
    Map<String, Object> properties = new LinkedHashMap<>();
    List<String> required = new ArrayList<>();
    for (ParamSpec<?> p : section.params()) {
      properties.put(p.name(), param(p));
      if (p.required()) {
        required.add(p.name());
      }
    }
    Map<String, Object> def = new LinkedHashMap<>();
    def.put("type", "object");
    def.put("description", section.doc());
    def.put("properties", properties);
    if (!required.isEmpty()) {
      def.put("required", required);
    }
    def.put("additionalProperties", false);
    return def;
  }

  /** The sweep's settings, plus {@code parameters}: any dotted path to a list of choices or one range. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> sweep(TopLevel.Sweep sweep) {
    Map<String, Object> def = section(new TopLevel.Section(sweep.name(), sweep.settings(), false, sweep.doc()));
    Map<String, Object> bounds = Map.of("type", "array", "items", Map.of("type", "number"), "minItems", 2, "maxItems", 2);
    List<Object> ranges = new ArrayList<>();
    for (String kind : List.of(SweepParser.UNIFORM, SweepParser.LOG_UNIFORM, SweepParser.INT)) {
      ranges.add(Map.of("type", "object", "properties", Map.of(kind, bounds), "required", List.of(kind),
          "additionalProperties", false));
    }
    List<Object> forms = new ArrayList<>();
    forms.add(Map.of("type", "array", "minItems", 1, "description", "the choices"));
    forms.addAll(ranges);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("type", "object");
    parameters.put("description", "dotted paths (as --set takes them) to a list of choices or one range");
    parameters.put("additionalProperties", Map.of("oneOf", forms));
    ((Map<String, Object>) def.get("properties")).put(SweepParser.PARAMETERS, parameters);
    return def;
  }

  private static Map<String, Object> param(ParamSpec<?> p) {
    Map<String, Object> s = new LinkedHashMap<>();
    switch (p.type()) {
      case TYPED -> s.put("allOf", List.of(Map.of("$ref", ref(kind(p).key()))));
      case TYPED_LIST -> {
        s.put("type", "array");
        s.put("items", Map.of("$ref", ref(kind(p).key())));
      }
      case SECTION -> {
        s.put("type", "object");
        Map<String, Object> properties = new LinkedHashMap<>();
        List<String> required = new ArrayList<>();
        for (ParamSpec<?> q : p.sectionParams()) {
          properties.put(q.name(), param(q));
          if (q.required()) {
            required.add(q.name());
          }
        }
        if (!p.sectionVariants().isEmpty()) {
          s.put("allOf", variants(p, properties));
        }
        s.put("properties", properties);
        if (!required.isEmpty()) {
          s.put("required", required);
        }
        s.put("additionalProperties", false);
      }
      case INT_LIST, DOUBLE_LIST, STRING_LIST -> {
        s.put("type", "array");
        s.put("items", scalar(p));
      }
      default -> s.putAll(scalar(p));
    }
    if (p.nullable() && s.get("type") instanceof String t) {
      s.put("type", List.of(t, "null"));
    }
    p.defaultValue().ifPresent(d -> s.put("default", defaultOf(d)));
    if (!p.doc().isEmpty()) {
      s.put("description", p.doc());
    }
    return s;
  }

  /**
   * A section whose keys depend on its type: every type's keys are properties (draft-07's
   * additionalProperties sees only its siblings), and one if/then per type limits the names to
   * that type's keys, so an editor flags {@code gamma} under {@code type: cosine} as Recur does.
   */
  private static List<Object> variants(ParamSpec<?> p, Map<String, Object> properties) {
    String typeKey = p.sectionParams().get(0).name();
    List<Object> cases = new ArrayList<>();
    for (Map.Entry<String, List<ParamSpec<?>>> e : p.sectionVariants().entrySet()) {
      for (ParamSpec<?> q : e.getValue()) {
        properties.putIfAbsent(q.name(), param(q));
      }
      List<String> names = p.sectionParams(e.getKey()).stream().map(ParamSpec::name).toList();
      cases.add(Map.of(
          "if", Map.of("properties", Map.of(typeKey, Map.of("const", e.getKey())), "required", List.of(typeKey)),
          "then", Map.of("propertyNames", Map.of("enum", names))));
    }
    return cases;
  }

  /** A scalar value, or a list element, with its bounds and choices. */
  private static Map<String, Object> scalar(ParamSpec<?> p) {
    Map<String, Object> s = new LinkedHashMap<>();
    switch (p.type()) {
      case INT, INT_LIST -> s.put("type", "integer");
      case DOUBLE, DOUBLE_LIST -> s.put("type", "number");
      case BOOLEAN -> s.put("type", "boolean");
      case CHOICE -> {
        s.put("type", "string");
        s.put("enum", p.choices());
      }
      default -> s.put("type", "string");
    }
    p.minimum().ifPresent(m -> s.put(p.minimumExclusive() ? "exclusiveMinimum" : "minimum", number(m)));
    p.maximum().ifPresent(m -> s.put(p.maximumExclusive() ? "exclusiveMaximum" : "maximum", number(m)));
    return s;
  }

  /** A typed default as its bare name when it has no params of its own, as users would write it. */
  private static Object defaultOf(Object value) {
    if (value instanceof TypedValue t && t.params().asMap().isEmpty() && t.name().isEmpty()) {
      return t.type();
    }
    if (value instanceof List<?> list) {
      return list.stream().map(JsonSchema::defaultOf).toList();
    }
    return ResolvedTree.value(value);
  }

  /** Whole bounds as integers, so an integer param reads {@code "minimum": 1}, not 1.0. */
  private static Object number(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? (Object) (long) d : (Object) d;
  }

  private static Kind kind(ParamSpec<?> p) {
    return p.referencedKind().orElseThrow(
        () -> new IllegalStateException("parameter '" + p.name() + "' is " + p.type() + " without a kind"));
  }
}
