package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code sweep:} block of an experiment, checked (docs/sweeps.md has the format). Immutable.
 *
 * @param method how the parameter values are combined
 * @param trials how many points to draw ({@link #drawsPoints()}); 0 for every combination of the choices
 * @param samplingSeed the seed of the sampling generator (drawn points, and the configurations of
 *     Hyperband's brackets)
 * @param seeds the experiment seeds every point is repeated with; empty: the experiment's own seed, once
 * @param metric the metric that orders the summary, {@code <split>.<label>} ({@code val.loss})
 * @param mode whether a lower or a higher metric is better; empty: the metric's own direction
 * @param parameters the swept values, in written order
 * @param metricLocation where {@code metric} was written ({@code file:line:col}), for messages
 * @param executor the trial executor the block names ({@code executor: spark}); empty: {@code recur
 *     sweep --executor}, else {@code local}
 * @param executorLocation where {@code executor} was written ({@code file:line:col}), for messages
 * @param halving for {@link Method#HALVING} and {@link Method#HYPERBAND}: the rung budgets; empty otherwise
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
    String executorLocation,
    Optional<Halving> halving) {
  public SweepSpec {
    requireNonNull(method, "method is null");
    seeds = List.copyOf(seeds);
    requireNonNull(metric, "metric is null");
    requireNonNull(mode, "mode is null");
    parameters = List.copyOf(parameters);
    requireNonNull(metricLocation, "metricLocation is null");
    requireNonNull(executor, "executor is null");
    requireNonNull(executorLocation, "executorLocation is null");
    requireNonNull(halving, "halving is null");
    if (halving.isPresent() != method.prunes()) {
      throw new IllegalArgumentException("halving settings go with method halving or hyperband only, got " + method);
    }
  }

  /** This block with other halving budgets (the loader fills in {@code max_epochs} from the experiment). */
  public SweepSpec withHalving(Halving budgets) {
    return new SweepSpec(method, trials, samplingSeed, seeds, metric, mode, parameters, metricLocation, executor,
        executorLocation, Optional.of(budgets));
  }

  /**
   * Whether the points are drawn ({@code trials} of them from a generator seeded with {@code
   * samplingSeed}) rather than every combination of the choices: always for {@code random}, and
   * for {@code halving} and {@code hyperband} when {@code trials} is given.
   */
  public boolean drawsPoints() {
    return trials > 0;
  }

  /**
   * {@code grid}: every combination of the choices; {@code random}: {@code trials} points drawn;
   * {@code halving}: successive halving over the grid's (or the drawn) points; {@code hyperband}:
   * several halving brackets with different starting budgets.
   */
  public enum Method {
    GRID, RANDOM, HALVING, HYPERBAND;

    public String yamlName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** True for the methods that stop the worse trials early and resume the better ones. */
    public boolean prunes() {
      return this == HALVING || this == HYPERBAND;
    }
  }

  /**
   * The budgets of a halving or Hyperband sweep, in epochs.
   *
   * @param minEpochs the first rung's epochs (for Hyperband, the smallest budget a bracket starts with)
   * @param reductionFactor η: each rung keeps the best 1/η of its configurations and trains them η times longer
   * @param maxEpochs the last rung's epochs: the config's {@code training.epochs} unless the block sets it
   * @param location where the block was written ({@code file:line:col}), for messages
   */
  public record Halving(int minEpochs, int reductionFactor, int maxEpochs, String location) {
    public Halving {
      if (minEpochs < 1 || reductionFactor < 2 || maxEpochs < minEpochs) {
        throw new IllegalArgumentException("expected 1 <= min_epochs <= max_epochs and reduction_factor >= 2, got "
            + minEpochs + ", " + maxEpochs + ", " + reductionFactor);
      }
      requireNonNull(location, "location is null");
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
