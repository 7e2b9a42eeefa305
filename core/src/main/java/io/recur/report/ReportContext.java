package io.recur.report;

import static java.util.Objects.requireNonNull;

import io.recur.model.Contexts;
import io.recur.model.EpochResult;
import io.recur.model.Model;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.OutputKind;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a report knows about a finished run.
 *
 * @param experiment the experiment's name
 * @param configYaml the resolved config as written to config.yaml
 * @param runDirectory the run directory
 * @param model the model as saved in {@code model/} (the best epoch's weights with early stopping)
 * @param dataset the loaded dataset, its splits in order
 * @param schema the dataset's schema (class names, codec)
 * @param outputKind what the model's outputs are, as its loss declares
 * @param history every epoch's result, in order
 * @param higherIsBetter metric label ({@code accuracy}) → whether larger values are better
 * @param baselines the dataset's reference scores; empty when it has none
 * @param status one line on how training ended (completed, stopped early, …)
 * @param bestEpoch the epoch saved in {@code model/} by the early-stopping monitor, or -1
 * @param monitor the monitored column ({@code val.loss}), or null without early stopping
 * @param summary the model layer by layer with its totals ({@code ModelSummary}), or null
 * @param test the test split scored once after training, or null when every epoch scored it (or
 *     there is none)
 * @param evaluation how held-out text was scored, in words ({@code training.evaluation: stream} or
 *     windows), or null where the run does not set it and does not carry a state
 */
public record ReportContext(String experiment, String configYaml, Path runDirectory, Model model, Dataset dataset,
    DataSchema schema, OutputKind outputKind, List<EpochResult> history, Map<String, Boolean> higherIsBetter,
    Map<String, Double> baselines, String status, int bestEpoch, String monitor, io.recur.model.ModelSummary summary,
    io.recur.model.FinalTest test, String evaluation) {
  private static final int BATCH = 256;

  public ReportContext {
    requireNonNull(experiment, "experiment is null");
    requireNonNull(configYaml, "configYaml is null");
    requireNonNull(model, "model is null");
    requireNonNull(dataset, "dataset is null");
    history = List.copyOf(history);
    higherIsBetter = Map.copyOf(higherIsBetter);
    baselines = Map.copyOf(baselines);
  }

  /**
   * The split sections usually show: test when the dataset has one, else validation, else train.
   */
  public String evaluationSplit() {
    Map<String, Split> splits = dataset.splits();
    return splits.containsKey(Dataset.TEST) ? Dataset.TEST
        : splits.containsKey(Dataset.VALIDATION) ? Dataset.VALIDATION : Dataset.TRAIN;
  }

  /** What {@link #predict} hands over for each batch. */
  @FunctionalInterface
  public interface BatchConsumer {
    /**
     * @param output the model's output for the batch, in evaluation mode
     * @param targets the batch's targets
     * @param mask the batch's {@code [N, T]} mask, or null
     */
    void accept(Tensor output, Tensor targets, Tensor mask);
  }

  /**
   * Runs the model over {@code split} in evaluation mode (no dropout), a batch at a time, so a
   * section never needs every output of a large split in memory at once.
   */
  public void predict(String split, BatchConsumer consumer) {
    Split s = dataset.splits().get(split);
    if (s == null) {
      throw new IllegalArgumentException("no split '" + split + "'; the dataset has " + dataset.splits().keySet());
    }
    for (int from = 0; from < s.size(); from += BATCH) {
      int to = Math.min(s.size(), from + BATCH);
      Tensor mask = s.mask() == null ? null : s.mask().rows(from, to);
      Tensor out = model.forward(s.inputs().rows(from, to), Contexts.evaluation(mask));
      consumer.accept(out, s.targets().rows(from, to), mask);
    }
  }
}
