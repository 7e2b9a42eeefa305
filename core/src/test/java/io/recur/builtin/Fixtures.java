package io.recur.builtin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.io.Json;
import io.recur.spi.ParamSpec;
import io.recur.spi.ParamType;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads the PyTorch fixtures written by tools/pytorch/make_core_fixtures.py, and builds params as validation would. */
public final class Fixtures {
  private Fixtures() {}

  /** The {@code cases} list of {@code fixtures/<name>}. */
  @SuppressWarnings("unchecked")
  public static List<Map<String, Object>> cases(String name) {
    try (InputStream in = Fixtures.class.getResourceAsStream("/fixtures/" + name)) {
      if (in == null) {
        throw new IllegalStateException("fixture " + name + " missing; run tools/pytorch/make_core_fixtures.py");
      }
      Map<String, Object> root = (Map<String, Object>) Json.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return (List<Map<String, Object>>) root.get("cases");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A {@code {"shape": [...], "data": [...]}} object as a tensor, or null for JSON null. */
  @SuppressWarnings("unchecked")
  public static Tensor tensor(Object json) {
    if (json == null) {
      return null;
    }
    Map<String, Object> m = (Map<String, Object>) json;
    List<Number> shape = (List<Number>) m.get("shape");
    List<Number> data = (List<Number>) m.get("data");
    float[] values = new float[data.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = data.get(i).floatValue();
    }
    return Tensor.of(values, shape.stream().mapToInt(Number::intValue).toArray());
  }

  /** The factory's params with every default filled in and {@code given} on top, as the registry hands them over. */
  public static Params params(TypeFactory factory, Map<String, ?> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> spec : factory.params()) {
      Object v = given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue().orElse(null);
      if (spec.type() == ParamType.DOUBLE && v instanceof Number n) {
        v = n.doubleValue();
      } else if (spec.type() == ParamType.INT && v instanceof Number n) {
        v = n.intValue();
      }
      values.put(spec.name(), v);
    }
    for (String key : given.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(factory.name() + " has no parameter '" + key + "'");
      }
    }
    return Params.of(values);
  }

  public static Params params(TypeFactory factory) {
    return params(factory, Map.of());
  }

  /** |actual − expected| ≤ tol·max(1, |expected|): absolute near zero, relative for big values. */
  public static void assertClose(double expected, double actual, double tol, String message) {
    double allowed = tol * Math.max(1, Math.abs(expected));
    if (!(Math.abs(actual - expected) <= allowed)) {
      assertEquals(expected, actual, allowed, message);
    }
  }

  public static void assertClose(Tensor expected, float[] actual, double tol, String message) {
    float[] e = expected.data();
    assertEquals(e.length, actual.length, message + ": size");
    for (int i = 0; i < e.length; i++) {
      assertClose(e[i], actual[i], tol, message + " element " + i);
    }
  }
}
