package io.recur.testkit;

import io.recur.spi.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The type names of every built-in of a full Recur ({@code recur-core}, the layer modules,
 * {@code recur-datasets}), by kind. A plugin project's test class path holds only {@code
 * recur-core}, so the built-in {@code dropout} or {@code lstm} is not there to clash with; this
 * list is, so {@link PluginLoaderCheck} refuses a plugin type that {@code recur plugins} would
 * refuse. Recur's build keeps the list equal to the registry of the CLI's class path
 * ({@code BuiltinTypesInSyncTest} in {@code cli}).
 */
public final class BuiltinTypes {
  /** The resource holding the list: one {@code <kind> <name>} per line, {@code #} comments. */
  public static final String RESOURCE = "io/recur/testkit/builtin-types.txt";

  private static final Map<Kind, SortedSet<String>> NAMES = read();

  private BuiltinTypes() {}

  /** The built-in type names of {@code kind}, sorted. */
  public static SortedSet<String> names(Kind kind) {
    return Collections.unmodifiableSortedSet(NAMES.getOrDefault(kind, new TreeSet<>()));
  }

  /** True when a full Recur has a built-in {@code kind} type named {@code name}. */
  public static boolean contains(Kind kind, String name) {
    return names(kind).contains(name);
  }

  private static Map<Kind, SortedSet<String>> read() {
    Map<Kind, SortedSet<String>> names = new EnumMap<>(Kind.class);
    try (InputStream in = BuiltinTypes.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from recur-core's test-jar");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String s = line.strip();
        if (s.isEmpty() || s.startsWith("#")) {
          continue;
        }
        String[] parts = s.split("\\s+");
        names.computeIfAbsent(kind(parts[0]), k -> new TreeSet<>()).add(parts[1]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static Kind kind(String key) {
    for (Kind k : Kind.values()) {
      if (k.key().equals(key)) {
        return k;
      }
    }
    throw new IllegalStateException(RESOURCE + ": unknown kind '" + key + "'");
  }
}
