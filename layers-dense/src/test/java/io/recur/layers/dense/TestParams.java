package io.recur.layers.dense;

import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the config validator does before {@code create}, reduced to what these tests need: fills
 * defaults in declaration order and refuses unknown or missing keys, so a test cannot silently
 * pass a misspelt parameter.
 */
final class TestParams {
  private TestParams() {}

  static Params resolve(TypeFactory factory, Map<String, ?> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> spec : factory.params()) {
      if (given.containsKey(spec.name())) {
        values.put(spec.name(), given.get(spec.name()));
      } else if (spec.defaultValue().isPresent()) {
        values.put(spec.name(), spec.defaultValue().get());
      } else if (spec.nullable()) {
        values.put(spec.name(), null);
      } else {
        throw new IllegalArgumentException("test forgot required parameter '" + spec.name() + "' of " + factory.name());
      }
    }
    for (String key : given.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(factory.name() + " has no parameter '" + key + "'");
      }
    }
    return Params.of(values);
  }

  /** A nested layer value, e.g. time-distributed's {@code layer: {type: dense, units: 3}}. */
  static TypedValue layer(LayerFactory factory, Map<String, ?> given) {
    return TypedValue.of(Kind.LAYER, factory.name(), resolve(factory, given));
  }

  /** An initialiser value, e.g. {@code {type: normal, std: 1.0}}. */
  static TypedValue initializer(String type, Map<String, ?> given) {
    return TypedValue.of(Kind.INITIALIZER, type, Params.of(given));
  }
}
