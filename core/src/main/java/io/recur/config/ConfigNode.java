package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parsed config tree before validation: maps, lists and scalars, each knowing where it was
 * written. SnakeYAML's own nodes are converted once on reading, so that merging ({@code
 * extends:}) and {@code --set} can build new trees whose every value still points at the file
 * (or argument) it came from. Immutable.
 */
sealed interface ConfigNode {
  Location location();

  /**
   * A scalar as YAML resolved it.
   *
   * @param value Integer, Long, BigInteger, Double, Boolean, String, or null for YAML null
   * @param text the scalar as written, for messages ("got 1.5") and for string parameters
   * @param plain whether it was unquoted; only plain text may be read as a number
   */
  record Scalar(Object value, String text, boolean plain, Location location) implements ConfigNode {
    public Scalar {
      requireNonNull(text, "text is null");
      requireNonNull(location, "location is null");
    }

    /** A string, such as a bare type name ({@code optimizer: sgd}), quoted or not. */
    boolean isString() {
      return value instanceof String;
    }
  }

  /** One {@code key: value} pair; {@code keyLocation} is where the key itself was written. */
  record Entry(String key, Location keyLocation, ConfigNode value) {
    public Entry {
      requireNonNull(key, "key is null");
      requireNonNull(keyLocation, "keyLocation is null");
      requireNonNull(value, "value is null");
    }
  }

  /** A map in written order. Keys are unique (the reader rejects duplicates). */
  record Mapping(Map<String, Entry> entries, Location location) implements ConfigNode {
    public Mapping {
      entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
      requireNonNull(location, "location is null");
    }

    static Mapping of(List<Entry> entries, Location location) {
      Map<String, Entry> byKey = new LinkedHashMap<>();
      for (Entry e : entries) {
        byKey.put(e.key(), e);
      }
      return new Mapping(byKey, location);
    }

    ConfigNode get(String key) {
      Entry e = entries.get(key);
      return e == null ? null : e.value();
    }

    /** A copy with {@code key} set to {@code value}: replaced in place, or appended. */
    Mapping with(String key, Location keyLocation, ConfigNode value) {
      Map<String, Entry> copy = new LinkedHashMap<>(entries);
      Entry old = copy.get(key);
      copy.put(key, new Entry(key, old == null ? keyLocation : old.keyLocation(), value));
      return new Mapping(copy, location);
    }

    Mapping without(String key) {
      Map<String, Entry> copy = new LinkedHashMap<>(entries);
      copy.remove(key);
      return new Mapping(copy, location);
    }
  }

  record Sequence(List<ConfigNode> items, Location location) implements ConfigNode {
    public Sequence {
      items = List.copyOf(items);
      requireNonNull(location, "location is null");
    }

    Sequence with(int index, ConfigNode value) {
      List<ConfigNode> copy = new ArrayList<>(items);
      copy.set(index, value);
      return new Sequence(copy, location);
    }
  }
}
