package io.recur.schedule;

import static java.util.Objects.requireNonNull;

import io.recur.config.EarlyStoppingParams;
import io.recur.spi.RecurException;
import io.recur.spi.Suggestions;
import java.util.List;
import java.util.Map;

/**
 * A metric column watched for improvement ({@code val.loss}, lower is better), as early stopping
 * and the plateau schedule use it.
 *
 * @param column {@code <split>.<metric>} as in metrics.jsonl
 * @param higherIsBetter the direction, from the config's {@code mode} or, for {@code auto}, the
 *     metric itself
 */
public record Monitor(String column, boolean higherIsBetter) {
  public Monitor {
    requireNonNull(column, "column is null");
  }

  /**
   * Checks that {@code column} is reported and resolves {@code mode}.
   *
   * @param path the config path named in messages ({@code training.early_stopping.monitor})
   * @param columns every reported column, in table order
   * @param higherIsBetter metric label ({@code accuracy}) → its direction
   * @throws RecurException when the column is not reported
   */
  public static Monitor resolve(String column, String mode, String path, List<String> columns,
      Map<String, Boolean> higherIsBetter) {
    if (!columns.contains(column)) {
      throw new RecurException(path + ": '" + column + "' is not a reported metric; reported: "
          + String.join(", ", columns) + Suggestions.didYouMean(column, columns));
    }
    boolean higher = switch (mode) {
      case EarlyStoppingParams.MIN -> false;
      case EarlyStoppingParams.MAX -> true;
      default -> higherIsBetter.getOrDefault(column.substring(column.indexOf('.') + 1), false);
    };
    return new Monitor(column, higher);
  }

  /** The column's value in one epoch's metrics; NaN when absent or not a number. */
  public double valueIn(Map<String, Double> metrics) {
    Double v = metrics.get(column);
    return v == null ? Double.NaN : v;
  }

  /** The worst possible value, which every number improves on. */
  public double worst() {
    return higherIsBetter ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
  }
}
