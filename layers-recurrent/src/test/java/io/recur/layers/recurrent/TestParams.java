package io.recur.layers.recurrent;

import io.recur.spi.Kind;
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
      if (given.containsKey(spec.name()) && given.get(spec.name()) instanceof String name
          && spec.referencedKind().orElse(null) == Kind.CELL) {
        // a cell by name, as YAML's 'cell: lstm' resolves: the built-in cell with its defaults
        values.put(spec.name(), TypedValue.of(Kind.CELL, name, resolve(TestBuildContext.builtInCell(name), Map.of())));
      } else if (given.containsKey(spec.name())) {
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
}
