package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import io.recur.config.ExperimentSpec;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypeFactory;
import io.recur.spi.TypedValue;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What runs and saved models record about plugins, with the key names in one place:
 *
 * <ul>
 *   <li>{@code provenance.json}: every loaded plugin jar with its SHA-256 ({@link #jars});
 *   <li>{@code model.yaml}: the plugin types the experiment uses, grouped by the jar they came
 *       from ({@link #typesUsed}), so that loading the model without that jar can say which jar
 *       it needs ({@link #requireTypes}).
 * </ul>
 */
public final class PluginProvenance {
  /** Key of the plugin section in {@code provenance.json} and {@code model.yaml}. */
  public static final String KEY = "plugins";
  public static final String PLUGIN = "plugin";
  public static final String JAR = "jar";
  public static final String PATH = "path";
  public static final String SHA256 = "sha256";
  public static final String TYPES = "types";
  /** SHA-256 characters shown in messages; files always hold all 64. */
  private static final int SHORT_DIGEST = 12;

  private PluginProvenance() {}

  /** The plugin jar a registered type came from; empty for built-ins. */
  public static Optional<PluginOrigin> origin(TypeFactory factory) {
    return PluginFactories.origin(requireNonNull(factory, "factory is null"));
  }

  /** The plugin's own factory behind the registry's wrapper; {@code registered} itself for a built-in. */
  public static TypeFactory unwrap(TypeFactory registered) {
    return registered instanceof PluginFactories.PluginType p ? p.delegate() : registered;
  }

  /** Every plugin in {@code registry} (contributing types or Guice modules), sorted by name. */
  public static List<PluginInfo> plugins(Registry registry) {
    Map<PluginInfo, Boolean> found = new IdentityHashMap<>();
    for (Kind kind : Kind.values()) {
      for (Registry.Entry e : registry.entries(kind)) {
        origin(e.factory()).ifPresent(o -> found.put(o.plugin(), true));
      }
    }
    for (var module : registry.guiceModules()) {
      if (module.getClass().getClassLoader() instanceof PluginClassLoader l) {
        found.put(l.plugin(), true);
      }
    }
    List<PluginInfo> plugins = new ArrayList<>(found.keySet());
    plugins.sort(Comparator.comparing(PluginInfo::name));
    return plugins;
  }

  /**
   * The {@code plugins} list of {@code provenance.json}: one {@code {plugin, jar, path, sha256}}
   * object per jar of every loaded plugin (dependency jars included); empty without plugins.
   */
  public static List<Map<String, Object>> jars(Registry registry) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (PluginInfo plugin : plugins(registry)) {
      for (PluginJar jar : plugin.jars()) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(PLUGIN, plugin.name());
        m.put(JAR, jar.fileName());
        m.put(PATH, jar.path().toAbsolutePath().normalize().toString());
        m.put(SHA256, jar.sha256());
        out.add(m);
      }
    }
    return out;
  }

  /**
   * The {@code plugins} list of {@code model.yaml}: for each plugin jar the experiment's types
   * came from, {@code {jar, sha256, types: {layer: [...], loss: [...]}}}, in order of first use;
   * empty when every type is built in. Nested types (a wrapper's layer, an initialiser) count.
   */
  public static List<Map<String, Object>> typesUsed(ExperimentSpec spec, Registry registry) {
    requireNonNull(spec, "spec is null");
    requireNonNull(registry, "registry is null");
    List<TypedValue> used = new ArrayList<>();
    for (Object part : new Object[] {spec.data(), spec.model(), spec.loss(), spec.optimizer(), spec.training(),
        spec.metrics()}) {
      collect(part, used);
    }
    Map<PluginJar, Map<Kind, List<String>>> byJar = new LinkedHashMap<>();
    for (TypedValue v : used) {
      registry.find(v.kind(), v.type()).flatMap(e -> origin(e.factory())).ifPresent(o -> {
        List<String> names = byJar.computeIfAbsent(o.jar(), j -> new java.util.EnumMap<>(Kind.class))
            .computeIfAbsent(v.kind(), k -> new ArrayList<>());
        if (!names.contains(v.type())) {
          names.add(v.type());
        }
      });
    }
    List<Map<String, Object>> out = new ArrayList<>();
    byJar.forEach((jar, kinds) -> {
      Map<String, Object> types = new LinkedHashMap<>();
      kinds.forEach((k, names) -> types.put(k.key(), List.copyOf(names)));
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(JAR, jar.fileName());
      m.put(SHA256, jar.sha256());
      m.put(TYPES, types);
      out.add(m);
    });
    return out;
  }

  private static void collect(Object value, List<TypedValue> out) {
    if (value instanceof TypedValue v) {
      out.add(v);
      collect(v.params(), out);
    } else if (value instanceof Params p) {
      p.asMap().values().forEach(x -> collect(x, out));
    } else if (value instanceof List<?> l) {
      l.forEach(x -> collect(x, out));
    }
  }

  /**
   * Checks that every type of {@code kinds} listed in a model's {@code plugins} section is
   * registered.
   *
   * @param file names the model file in messages
   * @param recorded the {@code plugins} value read from the file, or {@code null} when absent
   * @throws RecurException naming each missing type and the plugin jar (and SHA-256) it came from
   */
  public static void requireTypes(String file, Object recorded, Registry registry, Set<Kind> kinds) {
    requireNonNull(file, "file is null");
    requireNonNull(registry, "registry is null");
    requireNonNull(kinds, "kinds is null");
    List<String> missing = new ArrayList<>();
    List<String> jars = new ArrayList<>();
    for (Recorded r : parse(file, recorded)) {
      boolean jarMissing = false;
      for (Kind kind : Kind.values()) {
        if (!kinds.contains(kind)) {
          continue;
        }
        for (String type : r.types().getOrDefault(kind, List.of())) {
          if (registry.find(kind, type).isEmpty()) {
            missing.add(kind.key() + " type '" + type + "' from plugin jar " + r.jar() + " (sha256 " + shortDigest(r.sha256()) + ")");
            jarMissing = true;
          }
        }
      }
      if (jarMissing) {
        jars.add(r.jar());
      }
    }
    if (!missing.isEmpty()) {
      throw new RecurException(file + ": this model needs " + String.join(", ", missing) + ", which "
          + (missing.size() == 1 ? "is" : "are") + " not registered; give " + String.join(", ", jars)
          + " with --plugins DIR, RECUR_PLUGINS or the config's plugins: list");
    }
  }

  /**
   * A plugin jar a model records that is now present as another build: the types the model
   * names are registered, but from a jar whose SHA-256 differs from the recorded one.
   *
   * @param recordedJar the jar's file name as the model records it
   * @param recordedSha256 the digest the model records
   * @param loaded the jar the types come from now
   * @param types the model's types it serves, as {@code layer 'attention-pool'}
   */
  public record JarMismatch(String recordedJar, String recordedSha256, PluginJar loaded, List<String> types) {
    /** One sentence naming both jars and both digests in full, so a user can compare with sha256sum. */
    public String describe(String file) {
      return file + ": this model was trained with plugin jar " + recordedJar + " (sha256 " + recordedSha256
          + "), but its " + String.join(", ", types) + " now come" + (types.size() == 1 ? "s" : "") + " from "
          + loaded.path() + " (sha256 " + loaded.sha256() + "), a different build";
    }
  }

  /**
   * The recorded plugin jars whose types are registered from a jar with another SHA-256 (a
   * rebuilt jar, or another plugin of the same type names). A type now built in, or missing,
   * is not a mismatch here ({@link #requireTypes} reports missing ones).
   *
   * @param recorded the {@code plugins} value of a {@code model.yaml}, or {@code null}
   */
  public static List<JarMismatch> jarMismatches(String file, Object recorded, Registry registry) {
    requireNonNull(file, "file is null");
    requireNonNull(registry, "registry is null");
    List<JarMismatch> out = new ArrayList<>();
    for (Recorded r : parse(file, recorded)) {
      // one entry per loaded jar: two plugins may now serve what one jar served
      Map<PluginJar, List<String>> byLoaded = new LinkedHashMap<>();
      r.types().forEach((kind, names) -> {
        for (String type : names) {
          registry.find(kind, type).flatMap(e -> origin(e.factory()))
              .filter(o -> !o.jar().sha256().equalsIgnoreCase(r.sha256()))
              .ifPresent(o -> byLoaded.computeIfAbsent(o.jar(), j -> new ArrayList<>())
                  .add(kind.key() + " type '" + type + "'"));
        }
      });
      byLoaded.forEach((jar, types) -> out.add(new JarMismatch(r.jar(), r.sha256(), jar, List.copyOf(types))));
    }
    return out;
  }

  private static String shortDigest(String sha256) {
    return sha256.length() > SHORT_DIGEST ? sha256.substring(0, SHORT_DIGEST) + "…" : sha256;
  }

  private record Recorded(String jar, String sha256, Map<Kind, List<String>> types) {}

  private static List<Recorded> parse(String file, Object recorded) {
    if (recorded == null) {
      return List.of();
    }
    String expected = "expected a list of {" + JAR + ", " + SHA256 + ", " + TYPES + "} maps";
    if (!(recorded instanceof List<?> list)) {
      throw new RecurException(file + ": " + KEY + ": " + expected + ", got " + recorded);
    }
    List<Recorded> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String where = file + ": " + KEY + "[" + i + "]: ";
      if (!(list.get(i) instanceof Map<?, ?> m) || !(m.get(JAR) instanceof String jar)
          || !(m.get(TYPES) instanceof Map<?, ?> types)) {
        throw new RecurException(where + expected + ", got " + list.get(i));
      }
      Map<Kind, List<String>> byKind = new java.util.EnumMap<>(Kind.class);
      for (Map.Entry<?, ?> t : types.entrySet()) {
        Kind kind = null;
        for (Kind k : Kind.values()) {
          if (k.key().equals(t.getKey())) {
            kind = k;
          }
        }
        if (kind == null || !(t.getValue() instanceof List<?> names)) {
          throw new RecurException(where + TYPES + ": expected lists of type names by kind, got " + t.getKey() + ": " + t.getValue());
        }
        List<String> typed = new ArrayList<>();
        names.forEach(n -> typed.add(String.valueOf(n)));
        byKind.put(kind, Collections.unmodifiableList(typed));
      }
      out.add(new Recorded(jar, String.valueOf(m.get(SHA256)), byKind));
    }
    return out;
  }
}
