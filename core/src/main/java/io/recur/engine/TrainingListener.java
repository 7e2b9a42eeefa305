package io.recur.engine;

import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import java.util.List;
import java.util.Map;

/**
 * Observes a training run: console table, progress line, metrics file. Bound with a Guice
 * multibinder, so commands pick the listeners they want by installing modules.
 */
public interface TrainingListener {
  /** Before the first epoch. {@code columns} are the metric keys every epoch will report, in order. */
  default void onStart(String experiment, int epochs, List<String> columns) {}

  /** After each training batch. */
  default void onBatch(int epoch, int batch, int batches, double loss, double samplesPerSecond, double secondsLeft) {}

  /** After each epoch's evaluation. */
  default void onEpoch(EpochResult result) {}

  /** After the last epoch. */
  default void onFinish() {}

  /**
   * A one-line message for the user about the run itself: resuming from a checkpoint, falling
   * back to an older one, early stopping, an interruption.
   */
  default void onNotice(String message) {}

  /**
   * Once, after training, with the test split's metrics when they are scored only then ({@code
   * training.evaluate_test: end}); {@link FinalTest#source()} says with which epoch's weights.
   */
  default void onTest(FinalTest test) {}

  /**
   * Once, after training, with the dataset's reference scores ({@code <split>.<name>} → value)
   * when it has any, to show beside the model's.
   */
  default void onBaselines(Map<String, Double> baselines) {}
}
