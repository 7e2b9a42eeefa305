package io.recur.cli;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The config keys whose values are not the same in every compared run: what was varied, and
 * so what may explain a difference in the metrics. Keys come in the order of the first config
 * that has them; a key one run lacks differs, and shows as {@link #NOT_SET} there.
 */
final class ConfigDifferences {
  static final String NOT_SET = "(not set)";

  /** One differing key and each run's value, in the runs' order. */
  record Difference(String key, List<String> values) {}

  private ConfigDifferences() {}

  static List<Difference> of(List<ComparedRun> runs) {
    Set<String> keys = new LinkedHashSet<>();
    runs.forEach(r -> keys.addAll(r.config().keySet()));
    List<Difference> out = new ArrayList<>();
    for (String key : keys) {
      List<String> values = new ArrayList<>();
      for (ComparedRun r : runs) {
        values.add(r.config().containsKey(key) ? ConfigPaths.show(r.config().get(key)) : NOT_SET);
      }
      if (values.stream().map(Objects::toString).distinct().count() > 1) {
        out.add(new Difference(key, values));
      }
    }
    return out;
  }
}
