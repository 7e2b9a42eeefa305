package io.recur.cli;

import io.recur.config.ExperimentLoader;
import io.recur.engine.ExperimentParts;
import io.recur.model.EpochResult;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One run directory as {@code recur compare} sees it: its epochs, its resolved config as dotted
 * paths, the metrics its config names and which way each of them improves.
 *
 * @param name the directory's name, as tables show it
 * @param history the epochs of metrics.jsonl
 * @param config the resolved config.yaml, path → value ({@link ConfigPaths})
 * @param named the labels of the metrics the config names ({@code accuracy}), the loss first
 * @param higherIsBetter label → whether a larger value is better, from the metrics themselves
 */
record ComparedRun(Path directory, String name, List<EpochResult> history, Map<String, Object> config,
    Set<String> named, Map<String, Boolean> higherIsBetter) {

  /** Reads the run at {@code dir}; a folder without config.yaml and metrics.jsonl is refused, naming it. */
  static ComparedRun load(Path dir, Registry registry) {
    Path config = dir.resolve(RunDirectory.CONFIG);
    Path metrics = dir.resolve(RunDirectory.METRICS);
    if (!Files.isRegularFile(config) || !Files.isRegularFile(metrics)) {
      throw new RecurException(dir + ": not a run directory (a run directory holds " + RunDirectory.CONFIG + " and "
          + RunDirectory.METRICS + ")");
    }
    Path fileName = dir.toAbsolutePath().normalize().getFileName();
    String name = fileName == null ? dir.toString() : fileName.toString();
    List<EpochResult> history = RunHistory.read(metrics);
    Map<String, Object> flat = ConfigPaths.read(config);
    Map<String, Boolean> directions = new LinkedHashMap<>();
    try {
      Params p = new ExperimentLoader(registry).loadKeys(config, List.of(EvaluateCommand.LOSS, EvaluateCommand.METRICS));
      TypedValue lossSpec = p.get(EvaluateCommand.LOSS);
      if (lossSpec != null) {
        Loss loss = registry.loss(lossSpec.type()).create(lossSpec.params());
        for (Metric m : ExperimentParts.metrics(p.get(EvaluateCommand.METRICS), registry, loss)) {
          directions.put(m.label(), m.higherIsBetter());
        }
      }
    } catch (RuntimeException e) {
      // a metric of a plugin not loaded here: its direction stays unknown and counts as a loss
      // (lower is better), as the run report does; the numbers themselves are still compared
    }
    Set<String> named = new LinkedHashSet<>();
    if (directions.containsKey("loss")) {
      named.add("loss");
    }
    named.addAll(directions.keySet());
    return new ComparedRun(dir, name, history, flat, named, directions);
  }

  int epochs() {
    return history.size();
  }
}
