package io.recur.model;

/**
 * The one epoch numbering people see. Inside Recur an epoch is an index from 0 (progress,
 * checkpoints, schedules); everything shown or written for people (the progress line, the table,
 * metrics.jsonl, reports, early-stopping and checkpoint messages) counts from 1, as "epoch 3/10"
 * does, so the third epoch is epoch 3 wherever it appears.
 */
public final class EpochNumbers {
  private EpochNumbers() {}

  /** The number people see for the 0-based epoch {@code index}. */
  public static int shown(int index) {
    return index + 1;
  }

  /** {@code epoch 3/10} for the 0-based {@code index} of {@code epochs}. */
  public static String ofTotal(int index, int epochs) {
    return "epoch " + shown(index) + "/" + epochs;
  }
}
