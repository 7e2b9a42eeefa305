package io.recur.sweep;

import io.recur.config.Suggestions;
import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.TreeMap;

/** The trial executors registered through {@link ServiceLoader}, by name. */
public final class TrialExecutors {
  private TrialExecutors() {}

  /** Every executor visible from {@code loader}, sorted by name; {@code local} is always among them. */
  public static List<TrialExecutor> all(ClassLoader loader) {
    TreeMap<String, TrialExecutor> byName = new TreeMap<>();
    for (TrialExecutor e : ServiceLoader.load(TrialExecutor.class, loader)) {
      TrialExecutor first = byName.putIfAbsent(e.name(), e);
      if (first != null && first.getClass() != e.getClass()) {
        throw new RecurException("trial executor '" + e.name() + "' is registered twice (" + first.getClass().getName()
            + " and " + e.getClass().getName() + "); executor names must be unique");
      }
    }
    byName.putIfAbsent(LocalTrialExecutor.NAME, new LocalTrialExecutor());
    return new ArrayList<>(byName.values());
  }

  /** @throws RecurException naming the known executors when none is called {@code name} */
  public static TrialExecutor find(String name, ClassLoader loader) {
    List<TrialExecutor> all = all(loader);
    for (TrialExecutor e : all) {
      if (e.name().equals(name)) {
        return e;
      }
    }
    List<String> names = all.stream().map(TrialExecutor::name).toList();
    throw new RecurException("--executor: unknown trial executor '" + name + "'" + Suggestions.knownAndSuggestion(name, names));
  }
}
