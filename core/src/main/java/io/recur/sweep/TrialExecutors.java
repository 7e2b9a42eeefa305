package io.recur.sweep;

import io.recur.registry.Registry;
import io.recur.spi.RecurException;
import io.recur.spi.Suggestions;
import io.recur.spi.sweep.TrialExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * The trial executors of a registry by name: those found through {@link java.util.ServiceLoader}
 * on Recur's class path and in plugins ({@code --plugins}, {@code RECUR_PLUGINS}, a config's
 * {@code plugins:}), plus {@code local}, which is always there.
 */
public final class TrialExecutors {
  private TrialExecutors() {}

  /** Every executor of {@code registry}, sorted by name; {@code local} is always among them. */
  public static List<TrialExecutor> all(Registry registry) {
    TreeMap<String, TrialExecutor> byName = new TreeMap<>();
    for (Registry.ExecutorEntry e : registry.executors()) {
      byName.put(e.name(), e.executor());
    }
    byName.putIfAbsent(LocalTrialExecutor.NAME, new LocalTrialExecutor());
    return new ArrayList<>(byName.values());
  }

  /**
   * @param option where the name was given ({@code --executor}, or the config location of {@code
   *     sweep.executor}), for the message
   * @throws RecurException naming the known executors when none is called {@code name}
   */
  public static TrialExecutor find(String name, Registry registry, String option) {
    List<TrialExecutor> all = all(registry);
    for (TrialExecutor e : all) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> names = all.stream().map(TrialExecutor::name).toList();
    throw new RecurException(option + ": unknown trial executor '" + name + "'" + Suggestions.knownAndSuggestion(name, names)
        + "; an executor that is not built in comes from a plugin (--plugins DIR), such as the Spark executor of "
        + "docs/distributed.md");
  }
}
