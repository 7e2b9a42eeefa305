package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.Map;
import java.util.Set;

/**
 * Parameters given in code (a test, a map built by a program) resolved exactly as the same
 * values written in YAML would be: declared types, ranges ({@code min}, {@code above}, …),
 * choices, a parameter's own {@code check}, unknown and missing keys, defaults, nested types.
 * It is the config's own {@link ParamResolver} behind it, so there is one implementation of
 * these rules, not a second one that could drift.
 */
public final class CodeParams {
  private CodeParams() {}

  /**
   * {@code given} resolved against {@code factory.params()}.
   *
   * @param source names the values in messages ({@code "AttentionPoolLayerTest"})
   * @throws ConfigException with the message {@code recur validate} would print for the same YAML
   */
  public static Params resolve(TypeFactory factory, Map<String, ?> given, Registry registry, String source) {
    requireNonNull(factory, "factory is null");
    requireNonNull(given, "given is null");
    Location where = Location.whole(requireNonNull(source, "source is null"));
    if (!(ConfigNodes.fromValue(given, where) instanceof ConfigNode.Mapping map)) {
      throw new IllegalStateException("a map did not become a mapping node");
    }
    String scope = "for type '" + factory.name() + "'";
    return new ParamResolver(requireNonNull(registry, "registry is null"))
        .params(map, factory.params(), factory.name(), scope, Set.of());
  }

  /** A typed value ({@code {type: normal, std: 1.0}}) resolved as if written at {@code source}. */
  public static TypedValue typed(Kind kind, String type, Map<String, ?> given, Registry registry, String source) {
    Location where = Location.whole(requireNonNull(source, "source is null"));
    TypedValue written = TypedValue.of(kind, type, Params.of(given));
    return new ParamResolver(requireNonNull(registry, "registry is null"))
        .typed(kind, ConfigNodes.fromValue(written, where), type, -1);
  }
}
