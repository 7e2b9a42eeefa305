package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.config.ConfigException;
import io.recur.config.ConfigLocations;
import io.recur.config.EarlyStoppingParams;
import io.recur.config.ExperimentSpec;
import io.recur.config.LrScheduleParams;
import io.recur.config.TrainingParams;
import io.recur.model.Batch;
import io.recur.model.Contexts;
import io.recur.model.Fitting;
import io.recur.model.Model;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.StatefulLayer;
import io.recur.spi.Suggestions;
import io.recur.spi.TypedValue;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What training would refuse about an experiment once its data is read and its model built,
 * checked before anything is written: the model's output against the targets (a sequence where
 * one class per sample is expected), its width against the classes, the loss against the last
 * activation, the monitored metrics against those reported, the training mode against the data,
 * and finally one batch through the model, the loss and every metric. {@code recur validate}
 * and {@link TrainingRun} both run it, so each check exists once and validate refuses exactly
 * what train would.
 *
 * <p>Errors are thrown (a {@link ConfigException} naming {@code file:line:col} where the value
 * came from the config); warnings, for pairings that train but train badly, are returned.
 */
public final class ExperimentCheck {
  /** Samples the final forward runs: one evaluation batch, enough to meet most target values. */
  static final int PREFLIGHT_SAMPLES = 256;

  private final ExperimentSpec spec;
  private final ConfigLocations where;

  public ExperimentCheck(ExperimentSpec spec, ConfigLocations where) {
    this.spec = requireNonNull(spec, "spec is null");
    this.where = requireNonNull(where, "where is null");
  }

  /**
   * @return the warnings, one sentence each, with their location
   * @throws RecurException for the first problem training would fail on
   */
  public List<String> run(PreparedExperiment prepared) {
    Model model = prepared.model();
    Dataset dataset = prepared.dataset();
    checkTrainable(model);
    checkTrainingMode(model, dataset);
    checkOutputShape(model, dataset);
    checkClassCount(model, dataset.schema());
    List<String> warnings = new ArrayList<>();
    checkActivation(prepared.loss(), warnings);
    checkMonitors(Trainer.columns(prepared.metrics(), dataset.splits(), evaluatesTrain(),
        ExperimentParts.evaluatesTestEveryEpoch(spec.training())), dataset.splits().containsKey(Dataset.TEST));
    preflight(prepared);
    return warnings;
  }

  private boolean evaluatesTrain() {
    return !Boolean.FALSE.equals(spec.training().get(TrainingParams.EVALUATE_TRAIN));
  }

  private void checkTrainable(Model model) {
    if (model.parameterCount() == 0 && !Fitting.fitted(model)) {
      throw new ConfigException(where.of("model.layers"), "model.layers", "the model has no trainable parameters ("
          + model + "); add a layer with weights, such as dense or lstm");
    }
  }

  /**
   * Class-index targets need one more dimension in the output (the classes); value targets the
   * output's own shape. A recurrent layer left at {@code output: sequence} before a classifier
   * of whole sequences is the usual way to miss it, so that layer is named.
   */
  private void checkOutputShape(Model model, Dataset dataset) {
    int[] target = ExperimentParts.targetShape(dataset);
    if (target == null) {
      return;
    }
    int[] out = model.outputShape();
    boolean values = Arrays.equals(out, target);
    boolean classes = out.length == target.length + 1 && Arrays.equals(Arrays.copyOf(out, target.length), target);
    if (values || classes) {
      return;
    }
    int last = spec.layers().size() - 1;
    String found = "the model gives " + Shape.toString(out) + " per sample but the targets are "
        + Shape.toString(target) + " per sample";
    if (out.length > target.length + 1) {
      for (int i = last; i >= 0; i--) {
        TypedValue layer = spec.layers().get(i);
        if ("sequence".equals(layer.params().asMap().get("output"))) {
          String at = locationOf(i);
          throw new ConfigException(at, "model.layers[" + i + "].output", found + " (" + describe(target)
              + "): layer '" + layer.name() + "' passes on a value at every step; expected its last state: add"
              + " `output: last` to layer '" + layer.name() + "' (" + at + ")");
        }
      }
    }
    throw new ConfigException(locationOf(last), "model.layers", found + " (" + describe(target) + "); expected an"
        + " output of " + Shape.toString(target) + " (values) or " + Shape.toString(target) + " plus the classes");
  }

  private static String describe(int[] target) {
    return target.length == 0 ? "one class or value each" : target.length == 1 ? "one per step" : "a grid of values";
  }

  /**
   * A classifier's output must have one value per class, or one sigmoid unit for two classes:
   * fewer fail on the first target they cannot score (perhaps at the end of the first epoch);
   * more train to the end and leave predict with classes the data does not have.
   */
  private void checkClassCount(Model model, DataSchema schema) {
    List<String> classes = schema.classes();
    int[] out = model.outputShape();
    int[] target = model.targetShape();
    boolean classIndices = target == null || out.length == target.length + 1;
    int width = out.length == 0 ? 1 : out[out.length - 1];
    if (classes.isEmpty() || !classIndices || width == classes.size() || (width == 1 && classes.size() == 2)) {
      return;
    }
    int last = spec.layers().size() - 1;
    String names = classes.size() <= 10 ? String.join(", ", classes)
        : String.join(", ", classes.subList(0, 10)) + ", …";
    throw new ConfigException(locationOf(last), "model.layers[" + last + "]", "the model gives " + width + " values"
        + " per prediction but the data has " + classes.size() + " classes (" + names + "); give the last layer "
        + classes.size() + " units" + (classes.size() == 2 ? " (or 1 sigmoid unit)" : ""));
  }

  /**
   * The loss against what the last layer ends in, where the config says it: nll reads
   * log-probabilities and bce probabilities, so anything else gives a meaningless (even negative)
   * loss; cross-entropy applies a softmax itself, so a softmax before it trains, slowly.
   */
  private void checkActivation(Loss loss, List<String> warnings) {
    int last = spec.layers().size() - 1;
    Optional<String> activation = finalActivation(spec.layers().get(last));
    if (activation.isEmpty()) {
      return;
    }
    String act = activation.get();
    String layer = "the last layer '" + spec.layers().get(last).name() + "' ends in " + act;
    String lossName = "loss '" + spec.loss().type() + "'";
    String path = "model.layers[" + last + "]";
    switch (loss.outputKind()) {
      case LOG_PROBABILITIES -> {
        if (!act.equals("log-softmax")) {
          throw new ConfigException(locationOf(last), path, lossName + " reads log-probabilities, but " + layer
              + ", so the loss is not a likelihood (it can go negative); expected activation: log-softmax, or loss:"
              + " cross-entropy on logits (activation: identity)");
        }
      }
      case PROBABILITIES -> {
        if (!act.equals("sigmoid") && !act.equals("softmax")) {
          throw new ConfigException(locationOf(last), path, lossName + " reads probabilities, but " + layer
              + "; expected activation: sigmoid (one unit) or softmax");
        }
      }
      case LOGITS -> {
        if (act.equals("softmax") || act.equals("sigmoid")) {
          warnings.add(locationOf(last) + ": " + path + ": " + lossName + " applies a softmax to logits itself, but "
              + layer + ", so the outputs are squashed twice and learning slows; expected activation: identity");
        }
      }
      default -> { }
    }
  }

  /**
   * The activation a layer's config says its output ends in ({@code activation:} of a dense
   * layer, {@code function:} of an activation layer, that of a wrapped {@code layer:}); empty
   * when the config does not say, as for a recurrent layer.
   */
  static Optional<String> finalActivation(TypedValue layer) {
    Map<String, Object> params = layer.params().asMap();
    if (params.get("layer") instanceof TypedValue inner) {
      return finalActivation(inner);
    }
    if (params.get("function") instanceof String f) {
      return Optional.of(f);
    }
    // a recurrent layer's 'activation' (one with an 'output' or a 'cell') is its cell's, not what its output ends in
    if (params.get("activation") instanceof String a && !params.containsKey("output") && !params.containsKey("cell")) {
      return Optional.of(a);
    }
    return Optional.empty();
  }

  /** @param hasTest whether the data has a test split, which a monitor may name only if it is scored every epoch */
  private void checkMonitors(List<String> columns, boolean hasTest) {
    Params training = spec.training();
    Params stopping = training.get(TrainingParams.EARLY_STOPPING);
    if (stopping != null) {
      checkMonitor(stopping.get(EarlyStoppingParams.MONITOR), "training.early_stopping.monitor", columns, hasTest);
    }
    Params schedule = training.get(TrainingParams.LR_SCHEDULE);
    if (schedule != null && LrScheduleParams.PLATEAU.equals(schedule.get(LrScheduleParams.TYPE))) {
      checkMonitor(schedule.get(LrScheduleParams.MONITOR), "training.lr_schedule.monitor", columns, hasTest);
    }
  }

  private void checkMonitor(String column, String path, List<String> columns, boolean hasTest) {
    if (!columns.contains(column)) {
      if (hasTest && column.startsWith(Dataset.TEST + ".") && !ExperimentParts.evaluatesTestEveryEpoch(spec.training())) {
        throw new ConfigException(where.of(path), path, "'" + column + "' is scored once, after training"
            + " (training.evaluate_test: end), so no epoch reports it; monitor a validation metric ("
            + String.join(", ", columns.stream().filter(c -> c.startsWith(Dataset.VALIDATION + ".")).toList())
            + "), or set training.evaluate_test: every_epoch");
      }
      throw new ConfigException(where.of(path), path, "'" + column + "' is not a reported metric; expected one of "
          + String.join(", ", columns) + suggestion(column, columns));
    }
  }

  /**
   * The close spelling, or else the one column the written name abbreviates ({@code val.acc} for
   * {@code val.accuracy}), which is further than a typo from it.
   */
  static String suggestion(String column, List<String> columns) {
    String close = Suggestions.didYouMean(column, columns);
    if (!close.isEmpty()) {
      return close;
    }
    List<String> longer = columns.stream().filter(c -> c.startsWith(column)).toList();
    return longer.size() == 1 ? ". Did you mean '" + longer.get(0) + "'?" : "";
  }

  /**
   * {@code training.adaptation} re-scores the test text after training as a stream: it needs stream
   * evaluation, and a test split scored at the end (not every epoch, where it would cost a pass each).
   */
  private void checkAdaptation() {
    if (spec.training().get(TrainingParams.ADAPTATION) == null) {
      return;
    }
    String path = "training.adaptation";
    if (ExperimentParts.evaluationMode(spec.training()) != Evaluator.Mode.STREAM) {
      throw new ConfigException(where.of(path), path, "adapting to the test text reads it as one stream; set"
          + " training.evaluation: stream");
    }
    if (ExperimentParts.evaluatesTestEveryEpoch(spec.training())) {
      throw new ConfigException(where.of(path), path, "the adapted test numbers are scored once, after training; set"
          + " training.evaluate_test: end (or leave it unset)");
    }
  }

  /**
   * {@code training.carry_state} needs a layer that carries a state, no shuffling, and samples
   * that continue one another; stream evaluation the same kind of data.
   */
  private void checkTrainingMode(Model model, Dataset dataset) {
    if (ExperimentParts.evaluationMode(spec.training()) == Evaluator.Mode.STREAM) {
      ExperimentParts.checkStreamEvaluation(model, dataset, where.of("training.evaluation")
          + ": training.evaluation: stream: ", spec.data().type());
    }
    checkAdaptation();
    if (!Boolean.TRUE.equals(spec.training().get(TrainingParams.CARRY_STATE))) {
      return;
    }
    String path = "training.carry_state";
    if (spec.training().get(TrainingParams.SHUFFLE)) {
      throw new ConfigException(where.of(path), path, "carrying the state from batch to batch needs the windows in"
          + " order; set training.shuffle: false");
    }
    if (!dataset.consecutive()) {
      throw new ConfigException(where.of(path), path, "dataset '" + spec.data().type() + "' does not give"
          + " back-to-back windows (each sample continuing the previous one), so there is no state to carry; use text"
          + " in corpus mode with stride = sequence_length");
    }
    if (model.layers().stream().noneMatch(l -> l.layer() instanceof StatefulLayer)) {
      throw new ConfigException(where.of(path), path, "the model has no layer that carries a state (rnn, lstm,"
          + " gru): " + model);
    }
  }

  /**
   * Runs the model, the loss and every metric on the first samples of the training split, in
   * evaluation mode: whatever the checks above do not know of (a plugin's loss, say) fails here,
   * before anything is written, rather than at the end of the first epoch.
   */
  private static void preflight(PreparedExperiment prepared) {
    Split train = prepared.dataset().splits().get(Dataset.TRAIN);
    if (train == null || train.size() == 0) {
      throw new RecurException("the dataset has no training samples");
    }
    Batch b = Batch.range(train, 0, Math.min(PREFLIGHT_SAMPLES, train.size()));
    Tensor out = prepared.model().forward(b.inputs(), Contexts.evaluation(b.mask()));
    prepared.loss().compute(out, b.targets(), b.mask());
    for (Metric m : prepared.metrics()) {
      m.newAccumulator().update(out.detach(), b.targets(), b.mask());
    }
  }

  private String locationOf(int layer) {
    String location = spec.layers().get(layer).location();
    return location.isEmpty() ? where.of("model.layers[" + layer + "]") : location;
  }
}
