package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a training run stands: the epoch and batch to do next, the data order, the steps taken,
 * every finished epoch's result, and early stopping's bookkeeping. A checkpoint saves it; a
 * resumed run starts from it. Mutated only by the {@link Trainer} thread.
 */
public final class Progress {
  int epoch;
  /** The next batch of {@link #epoch}; meaningful once the epoch has started. */
  int batch;
  /** True once {@link #epoch}'s learning rate is set and its order shuffled. */
  boolean epochStarted;
  /** Training steps (batches) done since the start of the run. */
  long step;
  int[] order;
  final List<EpochResult> history = new ArrayList<>();
  /** True when no epoch is left: all done, or stopped early. */
  boolean finished;
  /** Why training ended before the last epoch, or null. */
  String stopReason;
  double bestValue = Double.NaN;
  int bestEpoch = -1;
  int epochsWithoutImprovement;
  /**
   * With {@code training.carry_state}: the states the last batch ended in, {@code
   * <layer>.<state>} ({@code lstm_1.h_n}), which the next batch of the epoch starts from; empty at
   * the start of an epoch.
   */
  final Map<String, Tensor> carried = new LinkedHashMap<>();

  Progress(int samples) {
    order = new int[samples];
    for (int i = 0; i < samples; i++) {
      order[i] = i;
    }
  }

  public int epoch() {
    return epoch;
  }

  public int batch() {
    return batch;
  }

  public boolean epochStarted() {
    return epochStarted;
  }

  public long step() {
    return step;
  }

  public boolean finished() {
    return finished;
  }

  /** Why training stopped before its last epoch (early stopping), or null. */
  public String stopReason() {
    return stopReason;
  }

  /** The epoch with the best monitored value so far, or -1 without early stopping. */
  public int bestEpoch() {
    return bestEpoch;
  }

  public double bestValue() {
    return bestValue;
  }

  /** Every finished epoch, in order. */
  public List<EpochResult> history() {
    return List.copyOf(history);
  }

  /** Where training stands, for messages: {@code epoch 3, step 41}. */
  public String describe() {
    // epochs as people count them (EpochNumbers): epoch is the 0-based index of the next one
    return finished ? "the end of training (epoch " + epoch + ")"
        : epochStarted ? "epoch " + EpochNumbers.shown(epoch) + ", batch " + batch + " (step " + step + ")"
        : "the start of epoch " + EpochNumbers.shown(epoch) + " (step " + step + ")";
  }
}
