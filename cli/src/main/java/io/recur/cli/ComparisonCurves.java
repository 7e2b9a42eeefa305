package io.recur.cli;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.report.Curves;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * One chart per metric column with a line per run, drawn in the run report's style ({@link
 * Curves#chart}), so runs are compared on the same axes rather than picture beside picture.
 */
final class ComparisonCurves {
  private ComparisonCurves() {}

  /** Column → PNG bytes, in the columns' order; a column no run has a finite value of gets none. */
  static Map<String, byte[]> png(List<ComparedRun> runs, List<String> columns) {
    int points = runs.stream().mapToInt(ComparedRun::epochs).max().orElse(0);
    Map<String, byte[]> out = new LinkedHashMap<>();
    for (String column : columns) {
      XYChart chart = Curves.chart(column, points);
      boolean any = false;
      for (int i = 0; i < runs.size(); i++) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochResult r : runs.get(i).history()) {
          Double v = r.metrics().get(column);
          // XChart cannot scale an axis around NaN or infinity; such epochs are gaps
          if (v != null && Double.isFinite(v)) {
            xs.add((double) EpochNumbers.shown(r.epoch()));
            ys.add(v);
          }
        }
        if (!xs.isEmpty()) {
          // numbered: XChart wants distinct series names, and two runs may share a directory name
          chart.addSeries("#" + (i + 1) + " " + ComparisonTable.shorten(runs.get(i).name(), 40), xs, ys)
              .setMarker(SeriesMarkers.CIRCLE);
          any = true;
        }
      }
      if (any) {
        Curves.fitScale(chart);
        out.put(column, Curves.png(chart));
      }
    }
    return out;
  }
}
