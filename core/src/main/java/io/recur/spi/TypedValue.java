package io.recur.spi;

import static java.util.Objects.requireNonNull;

/**
 * A resolved reference to a registered type together with its validated parameters, e.g. the
 * {@code kernel_init: {type: uniform, range: 0.1}} of a dense layer or one layer of a model.
 *
 * @param kind the kind the type was looked up in
 * @param type the registered name
 * @param params the type's parameters, validated and with every default filled in
 * @param name the user's {@code name:} for it (layers), or "" when none was given
 * @param location where it was written ("experiment.yaml:12:5"), for messages; "" if unknown
 */
public record TypedValue(Kind kind, String type, Params params, String name, String location) {
  public TypedValue {
    requireNonNull(kind, "kind is null");
    requireNonNull(name, "name is null");
    requireNonNull(type, "type is null");
    requireNonNull(params, "params is null");
    requireNonNull(location, "location is null");
  }

  /** A value with no name and no known location (built in code rather than read from YAML). */
  public static TypedValue of(Kind kind, String type, Params params) {
    return new TypedValue(kind, type, params, "", "");
  }
}
