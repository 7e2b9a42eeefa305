package io.recur.config;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A validated experiment with every default filled in. Immutable.
 *
 * @param source the YAML file it was read from (relative paths resolve against its folder)
 * @param name the experiment name
 * @param seed the root seed every random stream derives from
 * @param data the dataset type and its params
 * @param model the {@code model:} section ({@link ModelParams})
 * @param loss the loss type and its params
 * @param optimizer the optimizer type and its params
 * @param training the {@code training:} section ({@link TrainingParams})
 * @param metrics the metrics, in table order
 * @param resolved the resolved config tree (plain maps, lists and scalars, in key order), as
 *     written to {@code config.yaml}; re-reading it gives an equal spec
 */
public record ExperimentSpec(
    Path source,
    String name,
    long seed,
    TypedValue data,
    Params model,
    TypedValue loss,
    TypedValue optimizer,
    Params training,
    List<TypedValue> metrics,
    Map<String, Object> resolved) {
  public ExperimentSpec {
    requireNonNull(source, "source is null");
    requireNonNull(name, "name is null");
    requireNonNull(data, "data is null");
    requireNonNull(model, "model is null");
    requireNonNull(loss, "loss is null");
    requireNonNull(optimizer, "optimizer is null");
    requireNonNull(training, "training is null");
    metrics = List.copyOf(metrics);
    requireNonNull(resolved, "resolved is null");
  }

  public List<TypedValue> layers() {
    return model.get(ModelParams.LAYERS);
  }

  /**
   * The same experiment read as if from {@code file}: relative paths in it (a data file) resolve
   * against that file's folder. {@code recur reproduce} uses it to read a run's config.yaml from
   * where the run's own config was.
   */
  public ExperimentSpec withSource(Path file) {
    return new ExperimentSpec(file, name, seed, data, model, loss, optimizer, training, metrics, resolved);
  }

  /**
   * The same experiment trained for {@code epochs} epochs: {@code training.epochs} changed in the
   * params and in the resolved tree alike, exactly as {@code --set training.epochs=N} would give it.
   * A halving sweep runs each rung of a trial with it.
   */
  public ExperimentSpec withEpochs(int epochs) {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs must be >= 1, got " + epochs);
    }
    return withTraining(TrainingParams.EPOCHS.name(), epochs);
  }

  /**
   * The same experiment on {@code threads} compute threads, which change no number: a halving
   * sweep resumed with another {@code --workers} continues each trial on the threads it started
   * with, since {@code --resume} accepts no other change than the epochs.
   */
  public ExperimentSpec withThreads(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    return withTraining(TrainingParams.THREADS.name(), threads);
  }

  private ExperimentSpec withTraining(String key, Object value) {
    Map<String, Object> trainingValues = new java.util.LinkedHashMap<>(training.asMap());
    trainingValues.put(key, value);
    Map<String, Object> tree = new java.util.LinkedHashMap<>(resolved);
    if (!(tree.get(TopLevel.TRAINING.name()) instanceof Map<?, ?> written)) {
      throw new IllegalStateException("the resolved config has no training section");
    }
    Map<String, Object> trainingTree = new java.util.LinkedHashMap<>();
    written.forEach((k, v) -> trainingTree.put(String.valueOf(k), v));
    trainingTree.put(key, value);
    tree.put(TopLevel.TRAINING.name(), trainingTree);
    return new ExperimentSpec(source, name, seed, data, model, loss, optimizer, Params.of(trainingValues), metrics,
        java.util.Collections.unmodifiableMap(tree));
  }
}
