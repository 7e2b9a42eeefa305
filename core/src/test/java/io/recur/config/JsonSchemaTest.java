package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonSchemaTest {
  private final Registry registry = FakePlugin.registry();
  private final Map<?, ?> schema = (Map<?, ?>) Json.read(JsonSchema.generate(registry));

  private Map<?, ?> map(Object o, String... keys) {
    Object current = o;
    for (String k : keys) {
      assertTrue(current instanceof Map<?, ?>, "expected a map at " + k);
      current = ((Map<?, ?>) current).get(k);
      assertNotNull(current, "missing '" + k + "' in " + String.join(".", keys));
    }
    return (Map<?, ?>) current;
  }

  @Test
  void isADraft07ObjectSchema() {
    assertEquals("http://json-schema.org/draft-07/schema#", schema.get("$schema"));
    assertEquals("object", schema.get("type"));
    assertEquals(false, schema.get("additionalProperties"));
  }

  @Test
  void coversEveryTopLevelKey() {
    Map<?, ?> properties = map(schema, "properties");
    assertEquals(List.of("extends", "name", "seed", "description", "plugins", "data", "model", "loss", "optimizer", "training",
        "metrics", "sweep"), List.copyOf(properties.keySet()));
    assertEquals(List.of("name", "data", "model", "loss", "optimizer"), map(schema, "else").get("required"));
    assertEquals(List.of("extends"), map(schema, "if").get("required"));
    assertEquals(Map.of("$ref", "#/definitions/layer"), map(properties, "model", "properties", "layers").get("items"));
    assertEquals(List.of(Map.of("$ref", "#/definitions/optimizer")), map(properties, "optimizer").get("allOf"));
  }

  @Test
  void containsEveryRegisteredTypeAndParam() {
    Map<?, ?> definitions = map(schema, "definitions");
    for (Kind kind : Kind.values()) {
      assertTrue(definitions.containsKey(kind.key()), kind.key());
      for (Registry.Entry e : registry.entries(kind)) {
        Map<?, ?> type = map(definitions, kind.key() + "." + e.name());
        Map<?, ?> properties = map(type, "properties");
        assertEquals(Map.of("const", e.name(), "description", e.factory().doc()), properties.get("type"));
        for (ParamSpec<?> p : e.factory().params()) {
          assertTrue(properties.containsKey(p.name()), kind.key() + "." + e.name() + "." + p.name());
          assertEquals(p.doc(), map(properties, p.name()).get("description"));
        }
        assertEquals(kind == Kind.LAYER, properties.containsKey("name"));
        assertEquals(false, type.get("additionalProperties"));
      }
    }
  }

  @Test
  void describesTypesDefaultsBoundsAndChoices() {
    Map<?, ?> dense = map(schema, "definitions", "layer.dense", "properties");
    assertEquals(Map.of("type", "integer", "minimum", 1, "description", "output features"), dense.get("units"));
    assertEquals(Map.of("type", "string", "enum", List.of("linear", "relu", "tanh", "sigmoid", "softmax"),
        "default", "linear", "description", "applied to the output"), dense.get("activation"));
    assertEquals(Map.of("type", "number", "minimum", 0, "maximum", 1, "default", 0.0, "description", "drop rate"),
        dense.get("dropout"));
    assertEquals(Map.of("allOf", List.of(Map.of("$ref", "#/definitions/initializer")), "default", "glorot-uniform",
        "description", "initialiser of W"), dense.get("kernel_init"));
    assertEquals(List.of("type", "units"), map(schema, "definitions", "layer.dense").get("required"));
    Map<?, ?> sgd = map(schema, "definitions", "optimizer.sgd", "properties");
    assertEquals(Map.of("type", "number", "exclusiveMinimum", 0, "description", "step size"), sgd.get("learning_rate"));
    Map<?, ?> data = map(schema, "definitions", "dataset.dummy-string", "properties");
    assertEquals(Map.of("type", "array", "items", Map.of("type", "number", "minimum", 0, "maximum", 1),
        "default", List.of(0.8, 0.1, 0.1), "description", "train, val, test fractions"), data.get("split"));
    assertEquals(List.of("array", "null"), map(data, "lengths").get("type"));
    assertEquals(List.of("number", "null"), map(schema, "properties", "training", "properties", "clip_norm").get("type"));
  }

  @Test
  void allowsABareTypeNameOrAMapSelectedByType() {
    List<?> oneOf = (List<?>) map(schema, "definitions", "initializer").get("oneOf");
    Map<?, ?> bare = (Map<?, ?>) oneOf.get(0);
    assertEquals("string", bare.get("type"));
    assertEquals(List.of("glorot-uniform", "uniform", "zeros"), bare.get("enum"));
    Map<?, ?> form = (Map<?, ?>) oneOf.get(1);
    assertEquals(List.of("type"), form.get("required"));
    List<?> cases = (List<?>) form.get("allOf");
    assertEquals(3, cases.size());
    assertEquals(Map.of("if", Map.of("properties", Map.of("type", Map.of("const", "uniform")), "required", List.of("type")),
        "then", Map.of("$ref", "#/definitions/initializer.uniform")), cases.get(1));
  }

  @Test
  void aKindWithNoRegisteredTypesStillHasADefinition() {
    Registry empty = Registry.builder().build();
    Map<?, ?> defs = map(Json.read(JsonSchema.generate(empty)), "definitions");
    assertEquals(List.of("layer", "loss", "optimizer", "metric", "dataset", "initializer", "cell"),
        List.copyOf(defs.keySet()));
    List<?> oneOf = (List<?>) map(defs, "layer").get("oneOf");
    assertFalse(((Map<?, ?>) oneOf.get(0)).containsKey("enum"), "an empty enum is invalid JSON Schema");
  }
}
