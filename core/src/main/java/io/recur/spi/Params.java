package io.recur.spi;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The validated parameters of one configured type, every default filled in. Values are Integer,
 * Double, Boolean, String, immutable lists of those, {@link TypedValue} or lists of TypedValue.
 * Read them through the declaring {@link ParamSpec}: {@code params.get(UNITS)}.
 */
public final class Params {
  private static final Params EMPTY = new Params(Map.of());
  private final Map<String, Object> values;

  private Params(Map<String, Object> values) {
    this.values = values;
  }

  /** Wraps already validated values, keeping their order; nulls mean "not set". */
  public static Params of(Map<String, ?> values) {
    requireNonNull(values, "values is null");
    return new Params(Collections.unmodifiableMap(new LinkedHashMap<>(values)));
  }

  public static Params empty() {
    return EMPTY;
  }

  public <T> T get(ParamSpec<T> spec) {
    if (!values.containsKey(spec.name())) {
      throw new IllegalArgumentException("parameter '" + spec.name() + "' was not validated for this type; known: " + values.keySet());
    }
    return spec.cast(values.get(spec.name()));
  }

  /** Every parameter by name, in declaration order (the resolved config writes this). */
  public Map<String, Object> asMap() {
    return values;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Params p && p.values.equals(values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return values.toString();
  }
}
