package io.recur.testkit;

import io.recur.config.CodeParams;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The parameter resolution Recur hands a factory, for tests that build a type directly. It is the
 * config validator itself (not a copy of its rules): declared types, ranges, choices and a
 * parameter's own {@code check} are enforced, unknown and missing keys refused, defaults filled
 * in, and typed values (an initialiser, a nested layer) resolved with their own defaults from the
 * types on the test class path. A value {@code recur validate} would refuse is refused here with
 * the same message, as a {@link io.recur.spi.RecurException}:
 *
 * <pre>{@code
 * Params p = TestParams.resolve(new FocalLossFactory(), Map.of("gamma", 2.0));
 * assertThrows(RecurException.class, () -> TestParams.resolve(new FocalLossFactory(), Map.of("gamma", -1.0)));
 * }</pre>
 *
 * <p>To hand a factory what YAML could not (a factory's own defensive check), build {@link
 * Params#of} directly.
 */
public final class TestParams {
  private TestParams() {}

  /** {@code given} resolved against {@code factory.params()}, as the YAML {@code {type: …, given…}} would be. */
  public static Params resolve(TypeFactory factory, Map<String, ?> given) {
    return resolve(factory, given, TestContexts.registry());
  }

  /** As {@link #resolve(TypeFactory, Map)} with nested types from {@code registry}; for Recur's own tests. */
  static Params resolve(TypeFactory factory, Map<String, ?> given, Registry registry) {
    return CodeParams.resolve(factory, given, registry, "test parameters of " + factory.name());
  }

  /** A typed value such as {@code {type: normal, std: 1.0}}, resolved with the type's other defaults. */
  public static TypedValue typed(Kind kind, String type, Map<String, ?> given) {
    return CodeParams.typed(kind, type, given, TestContexts.registry(), "test parameters of " + type);
  }

  /**
   * A nested layer value, such as time-distributed's {@code layer: {type: dense, units: 3}}, with
   * {@code given} resolved against the factory itself (so a test-only factory works too).
   */
  public static TypedValue layer(LayerFactory factory, Map<String, ?> given) {
    return TypedValue.of(Kind.LAYER, factory.name(), resolve(factory, given));
  }

  /**
   * {@code given} over the factory's declared defaults, without the validator's checks: to reach
   * a factory's own defensive check with a value that {@code recur validate} refuses first.
   */
  public static Params unchecked(TypeFactory factory, Map<String, ?> given) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> spec : factory.params()) {
      values.put(spec.name(), given.containsKey(spec.name()) ? given.get(spec.name()) : spec.defaultValue().orElse(null));
    }
    for (String key : given.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException(factory.name() + " has no parameter '" + key + "'");
      }
    }
    return Params.of(values);
  }
}
