package io.recur.datasets;

import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.TypeFactory;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/** What the engine hands a dataset factory, built by hand for tests. */
public final class TestData {
  private TestData() {}

  /** A context whose config and data folders are {@code dir} and whose stream is seeded with {@code seed}. */
  public record Context(Path configDirectory, Path dataDirectory, RandomGenerator random) implements DataContext {
    public static Context seeded(long seed, Path dir) {
      return new Context(dir, dir, new Well19937c(seed));
    }
  }

  /** A context that asks the dataset to encode with a saved model's {@code schema}. */
  public record SavedContext(Path configDirectory, Path dataDirectory, RandomGenerator random, DataSchema savedSchema)
      implements DataContext {
    public static SavedContext seeded(long seed, Path dir, DataSchema schema) {
      return new SavedContext(dir, dir, new Well19937c(seed), schema);
    }
  }

  /** The factory's defaults with {@code overrides} on top (keys are parameter names), as validation would resolve them. */
  public static Params params(TypeFactory factory, Map<String, ?> overrides) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (ParamSpec<?> p : factory.params()) {
      values.put(p.name(), overrides.containsKey(p.name()) ? overrides.get(p.name()) : p.defaultValue().orElse(null));
    }
    for (String key : overrides.keySet()) {
      if (!values.containsKey(key)) {
        throw new IllegalArgumentException("no parameter '" + key + "' on " + factory.name());
      }
    }
    return Params.of(values);
  }
}
