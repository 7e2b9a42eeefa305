package io.recur.registry;

import static java.util.Objects.requireNonNull;

import com.google.inject.Module;
import io.recur.spi.CellFactory;
import io.recur.spi.DatasetFactory;
import io.recur.spi.InitializerFactory;
import io.recur.spi.Kind;
import io.recur.spi.LayerFactory;
import io.recur.spi.LossFactory;
import io.recur.spi.MetricFactory;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.Suggestions;
import io.recur.spi.TypeFactory;
import io.recur.spi.sweep.TrialExecutor;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every registered type by kind and name, with where it came from. Built once per command from
 * plugins found by {@link ServiceLoader}; immutable afterwards, so several experiments can share
 * one. Built-ins register exactly like plugins, through {@code META-INF/services}.
 */
public final class Registry {
  /** One registered type and the jar (or "built-in" source) it came from. */
  public record Entry(Kind kind, TypeFactory factory, String source) {
    public String name() {
      return factory.name();
    }
  }

  /** One registered trial executor ({@code recur sweep --executor NAME}) and the jar it came from. */
  public record ExecutorEntry(TrialExecutor executor, String source) {
    public String name() {
      return executor.name();
    }
  }

  private final Map<Kind, Map<String, Entry>> byKind;
  private final List<Module> guiceModules;
  private final List<ExecutorEntry> executors;

  private Registry(Map<Kind, Map<String, Entry>> byKind, List<Module> guiceModules, List<ExecutorEntry> executors) {
    this.byKind = byKind;
    this.guiceModules = List.copyOf(guiceModules);
    this.executors = List.copyOf(executors);
  }

  /** Finds every {@link RecurPlugin} visible to {@code loader} (built-ins included). */
  public static Registry discover(ClassLoader loader) {
    Builder b = new Builder();
    for (RecurPlugin plugin : ServiceLoader.load(RecurPlugin.class, loader)) {
      b.add(plugin, sourceOf(plugin.getClass()));
    }
    for (TrialExecutor executor : ServiceLoader.load(TrialExecutor.class, loader)) {
      b.addExecutor(executor, sourceOf(executor.getClass()));
    }
    return b.build();
  }

  /** The jar or folder a class was loaded from, for "registered by …" messages. */
  public static String sourceOf(Class<?> type) {
    try {
      var cs = type.getProtectionDomain().getCodeSource();
      if (cs != null && cs.getLocation() != null) {
        String path = cs.getLocation().getPath();
        int slash = path.replaceAll("/$", "").lastIndexOf('/');
        return path.substring(slash + 1).replaceAll("/$", "") + " (" + type.getSimpleName() + ")";
      }
    } catch (SecurityException ignored) {
      // fall through to the class name alone
    }
    return type.getName();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Collects plugins, rejecting duplicate names per kind with both sources in the message. */
  public static final class Builder {
    private final Map<Kind, Map<String, Entry>> byKind = new EnumMap<>(Kind.class);
    private final List<Module> modules = new ArrayList<>();
    private final Map<String, ExecutorEntry> executors = new TreeMap<>();

    private Builder() {
      for (Kind k : Kind.values()) {
        byKind.put(k, new TreeMap<>());
      }
    }

    public Builder add(RecurPlugin plugin, String source) {
      requireNonNull(plugin, "plugin is null");
      requireNonNull(source, "source is null");
      register(Kind.LAYER, plugin.layers(), source);
      register(Kind.LOSS, plugin.losses(), source);
      register(Kind.OPTIMIZER, plugin.optimizers(), source);
      register(Kind.METRIC, plugin.metrics(), source);
      register(Kind.DATASET, plugin.datasets(), source);
      register(Kind.INITIALIZER, plugin.initializers(), source);
      register(Kind.CELL, plugin.cells(), source);
      modules.addAll(plugin.guiceModules());
      return this;
    }

    private void register(Kind kind, List<? extends TypeFactory> factories, String source) {
      for (TypeFactory f : factories) {
        String name = f.name();
        if (name == null || !name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
          throw new RecurException(source + ": " + kind.key() + " type name '" + name
              + "' must be lowercase kebab case, like 'top-k-accuracy'");
        }
        Entry previous = byKind.get(kind).get(name);
        if (previous != null) {
          throw new RecurException(kind.key() + " type '" + name + "' is registered twice: by "
              + previous.source() + " and by " + source + "; each type needs its own name");
        }
        byKind.get(kind).put(name, new Entry(kind, f, source));
      }
    }

    /** Adds a trial executor; its name must be lowercase kebab case and not taken. */
    public Builder addExecutor(TrialExecutor executor, String source) {
      requireNonNull(executor, "executor is null");
      requireNonNull(source, "source is null");
      String name = executor.name();
      if (name == null || !name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
        throw new RecurException(source + ": trial executor name '" + name + "' must be lowercase kebab case, like 'spark'");
      }
      ExecutorEntry previous = executors.putIfAbsent(name, new ExecutorEntry(executor, source));
      if (previous != null) {
        throw new RecurException("trial executor '" + name + "' is registered twice: by " + previous.source()
            + " and by " + source + "; each executor needs its own name");
      }
      return this;
    }

    public Registry build() {
      Map<Kind, Map<String, Entry>> frozen = new EnumMap<>(Kind.class);
      byKind.forEach((k, m) -> frozen.put(k, Collections.unmodifiableMap(new TreeMap<>(m))));
      return new Registry(frozen, modules, new ArrayList<>(executors.values()));
    }
  }

  public Optional<Entry> find(Kind kind, String name) {
    return Optional.ofNullable(byKind.get(kind).get(name));
  }

  /** Registered names of a kind, sorted. */
  public SortedSet<String> names(Kind kind) {
    return new TreeSet<>(byKind.get(kind).keySet());
  }

  /** Entries of a kind sorted by name. */
  public List<Entry> entries(Kind kind) {
    return List.copyOf(byKind.get(kind).values());
  }

  public List<Module> guiceModules() {
    return guiceModules;
  }

  /** The trial executors registered through {@code META-INF/services}, sorted by name ({@code local} is implicit). */
  public List<ExecutorEntry> executors() {
    return executors;
  }

  private <F> F factory(Kind kind, String name, Class<F> type) {
    Entry e = find(kind, name).orElseThrow(() -> new RecurException(
        "unknown " + kind.key() + " type '" + name + "'; known: " + String.join(", ", names(kind))
            + Suggestions.closest(name, names(kind)).map(s -> ". Did you mean '" + s + "'?").orElse("")));
    return type.cast(e.factory());
  }

  public LayerFactory layer(String name) {
    return factory(Kind.LAYER, name, LayerFactory.class);
  }

  public LossFactory loss(String name) {
    return factory(Kind.LOSS, name, LossFactory.class);
  }

  public OptimizerFactory optimizer(String name) {
    return factory(Kind.OPTIMIZER, name, OptimizerFactory.class);
  }

  public MetricFactory metric(String name) {
    return factory(Kind.METRIC, name, MetricFactory.class);
  }

  public DatasetFactory dataset(String name) {
    return factory(Kind.DATASET, name, DatasetFactory.class);
  }

  public InitializerFactory initializer(String name) {
    return factory(Kind.INITIALIZER, name, InitializerFactory.class);
  }

  public CellFactory cell(String name) {
    return factory(Kind.CELL, name, CellFactory.class);
  }
}
