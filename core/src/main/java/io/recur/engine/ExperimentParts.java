package io.recur.engine;

import io.recur.config.EarlyStoppingParams;
import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.model.StepwiseModels;
import io.recur.registry.Registry;
import io.recur.schedule.Monitor;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The parts of an experiment built from its config, shared by training, validation, evaluation,
 * generation and sweeps so that each builds them the same way: the dataset (with the seeded data
 * stream, or encoded with a saved model's schema), the metrics, the trainer's settings, the
 * evaluation mode and early stopping.
 */
public final class ExperimentParts {
  private ExperimentParts() {}

  /** The per-sample shape of the training targets, for layers whose output follows them. */
  public static int[] targetShape(Dataset dataset) {
    var train = dataset.splits().get(Dataset.TRAIN);
    if (train == null) {
      return null;
    }
    int[] shape = train.targets().shape();
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Loads the experiment's dataset with the seeded data stream. */
  public static Dataset loadDataset(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory, RandomStreams streams) {
    return loadDataset(spec.data(), spec.source().toAbsolutePath().getParent(), registry, dataDirectory, streams);
  }

  /**
   * Loads a dataset of type {@code data} with the seeded data stream; relative paths in its
   * params resolve against {@code configDir}.
   */
  public static Dataset loadDataset(TypedValue data, Path configDir, Registry registry, DataDirectory dataDirectory,
      RandomStreams streams) {
    return loadDataset(data, configDir, registry, dataDirectory, streams, null, null);
  }

  /**
   * {@link #loadDataset(TypedValue, Path, Registry, DataDirectory, RandomStreams)} for evaluating a
   * saved model: the dataset is asked to encode with {@code savedSchema} ({@link
   * DataContext#savedSchema()}), and whatever it returns, built-in or plugin, must then agree with
   * it ({@link SchemaAgreement}), so data encoded with its own vocabulary or classes is refused
   * rather than scored.
   *
   * @param savedSchema the model's schema, or {@code null} to build the dataset's own (training)
   * @param source names where the data section came from in messages (the YAML file)
   */
  public static Dataset loadDataset(TypedValue data, Path configDir, Registry registry, DataDirectory dataDirectory,
      RandomStreams streams, DataSchema savedSchema, String source) {
    RandomGenerator random = streams.get(RandomStreams.DATA);
    DataContext context = new DataContext() {
      @Override public Path configDirectory() {
        return configDir;
      }

      @Override public Path dataDirectory() {
        return dataDirectory.path();
      }

      @Override public RandomGenerator random() {
        return random;
      }

      @Override public DataSchema savedSchema() {
        return savedSchema;
      }
    };
    Dataset dataset = registry.dataset(data.type()).create(data.params(), context);
    if (savedSchema != null) {
      SchemaAgreement.require(savedSchema, dataset.schema(), data.type(), source);
    }
    return dataset;
  }

  /**
   * The configured metrics, then the loss (reported for every split, as in seed 000's table)
   * unless the config lists a {@code loss} metric itself.
   */
  public static List<Metric> metrics(ExperimentSpec spec, Registry registry, Loss loss) {
    return metrics(spec.metrics(), registry, loss);
  }

  /** {@link #metrics(ExperimentSpec, Registry, Loss)} from the metric list alone. */
  public static List<Metric> metrics(List<TypedValue> configured, Registry registry, Loss loss) {
    List<Metric> metrics = new ArrayList<>();
    boolean hasLoss = false;
    for (TypedValue m : configured) {
      metrics.add(registry.metric(m.type()).create(m.params(), loss));
      hasLoss |= m.type().equals("loss");
    }
    if (!hasLoss) {
      metrics.add(registry.metric("loss").create(Params.of(Map.of()), loss));
    }
    return metrics;
  }

  static Trainer.Settings trainerSettings(Params training) {
    return new Trainer.Settings(training.get(TrainingParams.EPOCHS), training.get(TrainingParams.BATCH_SIZE),
        training.get(TrainingParams.SHUFFLE), training.get(TrainingParams.CLIP_NORM),
        training.get(TrainingParams.CHECKPOINT_EVERY_STEPS), Boolean.TRUE.equals(training.get(TrainingParams.CARRY_STATE)),
        !Boolean.FALSE.equals(training.get(TrainingParams.EVALUATE_TRAIN)), evaluationMode(training),
        !"warn".equals(training.get(TrainingParams.DIVERGENCE)), evaluatesTestEveryEpoch(training));
  }

  /** {@code training.evaluate_test}: only {@code every_epoch} scores the test split during training. */
  public static boolean evaluatesTestEveryEpoch(Params training) {
    return TrainingParams.EVERY_EPOCH.equals(training.get(TrainingParams.EVALUATE_TEST));
  }

  /** {@code training.evaluation}: windows unless it says stream. */
  public static Evaluator.Mode evaluationMode(Params training) {
    return "stream".equals(training.get(TrainingParams.EVALUATION)) ? Evaluator.Mode.STREAM : Evaluator.Mode.WINDOWS;
  }

  /**
   * Stream evaluation needs samples that continue one another and a model that runs a sequence a
   * piece at a time, carrying its state.
   *
   * @param where the message prefix naming the setting
   */
  public static void checkStreamEvaluation(Model model, Dataset dataset, String where, String dataType) {
    if (!dataset.consecutive()) {
      throw new RecurException(where + "dataset '" + dataType + "' does not give back-to-back windows (each sample"
          + " continuing the previous one), so there is no stream to score; use text in corpus mode with stride ="
          + " sequence_length, or evaluation: windows");
    }
    int[] shape = model.inputShape();
    String why = StepwiseModels.whyNotStepwise(model, Tensor.of(new float[1], 1, 1));
    if (shape.length != 1 || why != null) {
      throw new RecurException(where + "the model cannot carry its state from window to window: "
          + (why != null ? why : "it does not read token ids"));
    }
  }

  /** {@code training.early_stopping}, or null when the config has none. */
  static EarlyStopping earlyStopping(Params section, List<String> columns, Map<String, Boolean> higherIsBetter) {
    if (section == null) {
      return null;
    }
    Monitor monitor = Monitor.resolve(section.get(EarlyStoppingParams.MONITOR), section.get(EarlyStoppingParams.MODE),
        "training.early_stopping.monitor", columns, higherIsBetter);
    return new EarlyStopping(monitor, section.get(EarlyStoppingParams.PATIENCE), section.get(EarlyStoppingParams.MIN_DELTA));
  }
}
