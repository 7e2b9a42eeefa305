package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code sweep:} block of an experiment, checked (docs/sweeps.md has the format). Immutable.
 *
 * @param method how the parameter values are combined
 * @param trials for {@link Method#RANDOM}: how many points to draw; 0 for a grid
 * @param samplingSeed for {@link Method#RANDOM}: the seed of the sampling generator
 * @param seeds the experiment seeds every point is repeated with; empty: the experiment's own seed, once
 * @param metric the metric that orders the summary, {@code <split>.<label>} ({@code val.loss})
 * @param mode whether a lower or a higher metric is better; empty: the metric's own direction
 * @param parameters the swept values, in written order
 * @param metricLocation where {@code metric} was written ({@code file:line:col}), for messages
 * @param executor the trial executor the block names ({@code executor: spark}); empty: {@code recur
 *     sweep --executor}, else {@code local}
 * @param executorLocation where {@code executor} was written ({@code file:line:col}), for messages
 */
public record SweepSpec(
    Method method,
    int trials,
    int samplingSeed,
    List<Integer> seeds,
    String metric,
    Optional<Mode> mode,
    List<Parameter> parameters,
    String metricLocation,
    Optional<String> executor,
    String executorLocation) {
  public SweepSpec {
    requireNonNull(method, "method is null");
    seeds = List.copyOf(seeds);
    requireNonNull(metric, "metric is null");
    requireNonNull(mode, "mode is null");
    parameters = List.copyOf(parameters);
    requireNonNull(metricLocation, "metricLocation is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(executorLocation, "executorLocation is null");
  }

  /** {@code grid}: every combination of the choices; {@code random}: {@code trials} points drawn. */
  public enum Method {
    GRID, RANDOM;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** Which end of the metric is better. */
  public enum Mode {
    MIN, MAX;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One swept value.
   *
   * @param path the dotted path, as {@code --set} writes it ({@code model.layers[1].units})
   * @param label the short name in trial names and tables ({@code units}); the full path when
   *     two parameters share a last segment
   * @param domain what it ranges over, as written: {@code [0.001, 0.01]}, {@code log-uniform [0.0001, 0.1]}
   * @param logScale true for a {@code log-uniform} range: plots use a log axis
   */
  public record Parameter(String path, String label, String domain, boolean logScale) {
    public Parameter {
      requireNonNull(path, "path is null");
      requireNonNull(label, "label is null");
      requireNonNull(domain, "domain is null");
    }
  }
}
