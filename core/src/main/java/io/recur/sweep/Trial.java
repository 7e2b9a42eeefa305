package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.Assignment;
import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One trial of a sweep: an ordinary experiment, the sweep's base with some values set. Immutable.
 *
 * @param index the position in the sweep's run order, from 0
 * @param id the trial's folder name: the hash of its resolved config, then its values
 *     ({@code 3f2a1b4c-units=8,learning_rate=0.01,seed=2}); unique within the sweep
 * @param assignments the values the sweep sets, the seed last when the sweep repeats seeds
 * @param spec the resolved experiment
 */
public record Trial(int index, String id, List<Assignment> assignments, ExperimentSpec spec) {
  public Trial {
    requireNonNull(id, "id is null");
    assignments = List.copyOf(assignments);
    requireNonNull(spec, "spec is null");
  }

  /** {@code units=8,learning_rate=0.01,seed=2}: the values, short. */
  public String label() {
    return assignments.stream().map(Assignment::shortForm).collect(Collectors.joining(","));
  }

  public long seed() {
    return spec.seed();
  }

  /**
   * The resolved experiment as {@code config.yaml} text: all a remote worker needs to run the
   * trial (besides the data), read back with {@code ExperimentLoader}.
   */
  public String configYaml() {
    return ConfigYaml.write(spec.resolved());
  }
}
