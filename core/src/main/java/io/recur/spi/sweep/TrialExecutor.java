package io.recur.spi.sweep;

import java.util.List;
import java.util.Map;

/**
 * Runs a sweep's trials: in this JVM ({@code local}, the default) or elsewhere, such as on a
 * cluster. Implementations are found through {@link java.util.ServiceLoader} (a line in {@code
 * META-INF/services/io.recur.spi.sweep.TrialExecutor}) and chosen by {@link #name()} with {@code
 * recur sweep --executor NAME}.
 *
 * <p>A trial is self-contained: its resolved config ({@link PortableTrial#configYaml()}) and seed
 * decide every number, so where and in what order trials run changes nothing but the wall time.
 * A halving sweep calls {@link #run} once per rung, with the rung's trials. A distributed executor
 * (the {@code spark} executor of {@code executors-spark}) gets a {@link DistributableTrialRunner}:
 * it ships each trial to a worker, trains it there with {@link TrialWorker#run}, which writes the
 * same run directory and marker, publishes that folder to storage, and reports each outcome back
 * with {@link DistributableTrialRunner#recordFinished} and to the listener.
 */
public interface TrialExecutor {
  /** The name {@code --executor} takes, lowercase kebab case; unique among executors. */
  String name();

  /** One line for {@code recur sweep --help}. */
  String doc();

  /**
   * Runs every trial of {@code trials}, in any order and any number at once, and returns when
   * each has finished. Called from the main thread.
   *
   * @param trials the trials still to run, in the sweep's order
   * @param runner runs one trial in this JVM; from {@code recur sweep} also a {@link DistributableTrialRunner}
   * @param settings how much to run at once
   * @param listener to be told of every start and finish, from any thread
   * @throws RuntimeException when a trial failed internally (see {@link TrialRunner#run}); the
   *     executor stops starting trials and rethrows the first such failure
   */
  void run(List<PortableTrial> trials, TrialRunner runner, Settings settings, TrialListener listener);

  /**
   * @param workers how many trials may run at once
   * @param options executor-specific settings ({@code --executor-option key=value}, and {@code --conf key=value}
   *     and {@code --spark-master URL} as {@code spark.master}), empty for {@code local}
   */
  record Settings(int workers, Map<String, String> options) {
    public Settings {
      if (workers < 1) {
        throw new IllegalArgumentException("workers must be >= 1, got " + workers);
      }
      options = Map.copyOf(options);
    }
  }
}
