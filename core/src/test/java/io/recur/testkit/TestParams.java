package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the config validator does before {@code create}, for tests that build a type directly:
 * fills defaults in declaration order and refuses unknown or missing keys, so a test cannot
 * silently pass a misspelt parameter. Typed values (an initialiser, a nested layer) get their own
 * defaults filled from the registry when it knows their type. Values are taken as given
 * (no range checks): tests may pass what YAML could not.
 */
public final class TestParams {
  private TestParams() {}

  /** {@code given} resolved against {@code factory.params()}, nested types from {@link TestContexts#registry()}. */
  public static Params resolve(TypeFactory factory, Map<String, ?> given) {
    return resolve(factory, given, TestContexts.registry());
  }

  public static Params resolve(TypeFactory factory, Map<String, ?> given, Registry registry) {
    requireNonNull(factory, "factory is null");
    requireNonNull(given, "given is null");
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> spec : factory.params()) {
      Object v;
      if (given.containsKey(spec.name())) {
        v = given.get(spec.name());
      } else if (spec.defaultValue().isPresent()) {
        v = spec.defaultValue().get();
      } else if (spec.nullable()) {
        v = null;
      } else {
        throw new IllegalArgumentException("test forgot required parameter '" + spec.name() + "' of " + factory.name());
      }
      values.put(spec.name(), complete(v, registry));
    }
    for (String key : given.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(factory.name() + " has no parameter '" + key + "'; it has "
            + factory.params().stream().map(ParamSpec::name).toList());
      }
    }
    return Params.of(values);
  }

  /** A typed value such as {@code {type: normal, std: 1.0}}, with the type's other defaults filled in. */
  public static TypedValue typed(Kind kind, String type, Map<String, ?> given) {
    return complete(TypedValue.of(kind, type, Params.of(given)), TestContexts.registry());
  }

  private static <T> T complete(T value, Registry registry) {
    if (value instanceof TypedValue t) {
      @SuppressWarnings("unchecked")
      T done = (T) registry.find(t.kind(), t.type())
          .map(e -> new TypedValue(t.kind(), t.type(), resolve(e.factory(), t.params().asMap(), registry), t.name(), t.location()))
          .orElse(t);
      return done;
    }
    if (value instanceof List<?> list && list.stream().anyMatch(x -> x instanceof TypedValue)) {
      @SuppressWarnings("unchecked")
      T done = (T) list.stream().map(x -> complete(x, registry)).toList();
      return done;
    }
    return value;
  }
}
