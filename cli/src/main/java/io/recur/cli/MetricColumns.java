package io.recur.cli;

import io.recur.model.EpochResult;
import io.recur.spi.Dataset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The metrics.jsonl columns every compared run has ({@code val.loss}, {@code train.accuracy}), in
 * the order tables show them: validation first, since that is what runs are chosen by, then
 * train, then test; within a split the loss first, then the rest in file order. A column only some runs have cannot be
 * compared and is left out.
 */
final class MetricColumns {
  private static final List<String> SPLIT_ORDER = List.of(Dataset.VALIDATION, Dataset.TRAIN, Dataset.TEST);

  private MetricColumns() {}

  static List<String> shared(List<ComparedRun> runs) {
    Set<String> shared = null;
    for (ComparedRun run : runs) {
      Set<String> columns = new LinkedHashSet<>();
      run.history().forEach(r -> columns.addAll(r.metrics().keySet()));
      if (shared == null) {
        shared = columns;
      } else {
        shared.retainAll(columns);
      }
    }
    List<String> out = new ArrayList<>(shared == null ? Set.of() : shared);
    // the loss leads each split, as in the run report's curves; a stable sort keeps the rest in file order
    out.sort(Comparator.comparingInt(MetricColumns::splitRank).thenComparing(c -> !label(c).equals("loss")));
    return out;
  }

  static String split(String column) {
    int dot = column.indexOf('.');
    return dot < 0 ? "" : column.substring(0, dot);
  }

  static String label(String column) {
    return column.substring(column.indexOf('.') + 1);
  }

  private static int splitRank(String column) {
    int i = SPLIT_ORDER.indexOf(split(column));
    return i < 0 ? SPLIT_ORDER.size() : i;
  }

  /**
   * The final and best value of one column of one run; best is the largest value where the
   * metric says higher is better, the smallest otherwise, the earliest epoch on a tie. NaN
   * epochs never count as best.
   *
   * @param bestEpoch the epoch of the best value, -1 when no epoch has one
   */
  record Summary(double last, double best, int bestEpoch) {
    static Summary of(ComparedRun run, String column) {
      boolean higher = run.higherIsBetter().getOrDefault(label(column), false);
      double last = Double.NaN;
      double best = Double.NaN;
      int bestEpoch = -1;
      for (EpochResult r : run.history()) {
        Double v = r.metrics().get(column);
        last = v == null ? Double.NaN : v;
        if (v != null && !Double.isNaN(v) && (bestEpoch < 0 || (higher ? v > best : v < best))) {
          best = v;
          bestEpoch = r.epoch();
        }
      }
      return new Summary(last, best, bestEpoch);
    }
  }
}
