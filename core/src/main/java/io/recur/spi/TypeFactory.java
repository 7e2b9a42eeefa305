package io.recur.spi;

import java.util.List;

/**
 * What every registered type has: a YAML name, a one-line doc and its declared parameters.
 * The registry validates the YAML against {@link #params()} before any {@code create} call, so
 * implementations read values with {@code params.get(SPEC)} and never re-check them.
 */
public interface TypeFactory {
  /** The YAML type name, lowercase kebab case ({@code lstm}, {@code top-k-accuracy}); unique per kind. */
  String name();

  /** One line for {@code recur plugins} and the JSON schema. */
  String doc();

  /** Declared parameters in the order they are documented and written to resolved configs. */
  List<ParamSpec<?>> params();
}
