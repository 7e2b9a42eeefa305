package io.recur.sweep;

import io.recur.config.Assignment;
import io.recur.report.Curves;
import io.recur.report.TickLabels;
import java.awt.BasicStroke;
import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.knowm.xchart.AnnotationText;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The plots of {@code summary.html}, drawn with XChart as the run reports' curves are: the sweep's
 * metric against one swept parameter, one point per trial coloured by its seed, the seeds of one
 * value side by side so equal results stay visible, and a black dash at their mean. A numeric
 * parameter gets a numeric axis (logarithmic for a {@code log-uniform} range or values spanning
 * two decades or more, labelled with the values); any other gets one column per value, in the
 * order the sweep wrote them.
 */
final class SummaryPlots {
  static final int WIDTH = 480;
  static final int HEIGHT = 320;
  /** Colours of the seeds, in the order the sweep lists them. */
  static final Color[] SEED_COLOURS = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c),
      new Color(0x9467bd), new Color(0xff7f0e), new Color(0x8c564b), new Color(0xe377c2)};
  /** Half the width of the mean's dash and the spread of the seeds, as a share of one column. */
  private static final double DASH = 0.18;

  private SummaryPlots() {}

  /** PNG bytes of the metric against the parameter at {@code path}; empty when no trial gave a number. */
  static Optional<byte[]> png(SweepSummary summary, String path, boolean logHint) {
    String metric = summary.sweep().metric();
    List<Object> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    List<SweepSummary.Row> points = new ArrayList<>();
    // in trial order, so that categories keep the written order of the choices
    List<SweepSummary.Row> inTrialOrder = new ArrayList<>(summary.rows());
    inTrialOrder.sort(java.util.Comparator.comparingInt(r -> r.trial().index()));
    for (SweepSummary.Row r : inTrialOrder) {
      double y = r.last(metric);
      Object x = value(r.trial(), path);
      if (r.result().ok() && Double.isFinite(y) && x != null) {
        xs.add(x);
        ys.add(y);
        points.add(r);
      }
    }
    if (points.isEmpty()) {
      return Optional.empty();
    }
    boolean numeric = xs.stream().allMatch(v -> v instanceof Number);
    List<Double> numbers = numeric ? xs.stream().map(v -> ((Number) v).doubleValue()).toList() : List.of();
    double lo = numbers.stream().mapToDouble(Double::doubleValue).min().orElse(0);
    double hi = numbers.stream().mapToDouble(Double::doubleValue).max().orElse(1);
    boolean log = numeric && lo > 0 && (logHint || hi / lo >= 100);
    Map<String, Integer> columns = new LinkedHashMap<>();
    xs.forEach(v -> columns.putIfAbsent(String.valueOf(v), columns.size() + 1));
    // the position of each point's value on the x axis, and one column's width there
    Function<Integer, Double> position = i -> !numeric ? columns.get(String.valueOf(xs.get(i))).doubleValue()
        : log ? Math.log10(numbers.get(i)) : numbers.get(i);
    double column = !numeric ? 1 : Math.max(log ? Math.log10(hi / lo) : hi - lo, 1e-12) / Math.max(4, columns.size() * 2);

    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
        .xAxisTitle(path + (log ? " (log scale)" : "")).yAxisTitle(metric).build();
    XYStyler styler = chart.getStyler();
    styler.setChartTitleVisible(false);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setMarkerSize(8);
    chart.setCustomYAxisTickLabelsFormatter(TickLabels::number);
    if (!numeric) {
      // the values' names sit under their columns as annotations: XChart's tick labels follow its
      // own tick spacing, and with a custom formatter it cannot be held to one tick per column
      styler.setXAxisTicksVisible(false);
      styler.setPlotGridVerticalLinesVisible(false);
      styler.setXAxisMin(0.5);
      styler.setXAxisMax(columns.size() + 0.5);
      double low = ys.stream().mapToDouble(Double::doubleValue).min().orElse(0);
      double high = ys.stream().mapToDouble(Double::doubleValue).max().orElse(1);
      double span = high > low ? high - low : Math.max(Math.abs(high) * 0.1, 1e-3);
      styler.setYAxisMin(low - 0.2 * span);
      styler.setYAxisMax(high + 0.06 * span);
      for (Map.Entry<String, Integer> c : columns.entrySet()) {
        chart.addAnnotation(new AnnotationText(shortValue(xs, c.getKey()), c.getValue(), low - 0.13 * span, false));
      }
    } else {
      // numbers such as 0.015 need room: a few ticks rather than crowded ones
      styler.setXAxisTickMarkSpacingHint(90);
      chart.setCustomXAxisTickLabelsFormatter(log ? TickLabels::power : TickLabels::number);
      if (hi == lo) {
        double pad = log ? 0.5 : Math.max(Math.abs(hi) * 0.5, 0.5);
        double at = log ? Math.log10(hi) : hi;
        styler.setXAxisMin(at - pad);
        styler.setXAxisMax(at + pad);
      }
    }

    List<Integer> seeds = summary.sweep().spec().seeds();
    Map<Integer, List<double[]>> bySeed = new LinkedHashMap<>();
    Map<Integer, Long> seedOf = new LinkedHashMap<>();
    Map<String, double[]> sums = new LinkedHashMap<>();
    for (int i = 0; i < points.size(); i++) {
      int seedIndex = Math.max(0, seeds.indexOf((int) points.get(i).trial().seed()));
      double centre = position.apply(i);
      double spread = seeds.size() < 2 ? 0 : DASH * column * (2.0 * seedIndex / (seeds.size() - 1) - 1);
      bySeed.computeIfAbsent(seedIndex, k -> new ArrayList<>()).add(new double[] {centre + spread, ys.get(i)});
      seedOf.putIfAbsent(seedIndex, points.get(i).trial().seed());
      double[] sum = sums.computeIfAbsent(String.valueOf(xs.get(i)), k -> new double[] {centre, 0, 0});
      sum[1] += ys.get(i);
      sum[2]++;
    }
    bySeed.forEach((seedIndex, xy) -> {
      // a sweep without seeds: every trial has the config's own seed, index 0
      XYSeries s = chart.addSeries("seed " + seedOf.get(seedIndex), column(xy, 0), column(xy, 1));
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      s.setMarker(SeriesMarkers.CIRCLE);
      s.setMarkerColor(SEED_COLOURS[seedIndex % SEED_COLOURS.length]);
    });
    int dashes = 0;
    for (double[] sum : sums.values()) {
      if (sum[2] < 2) {
        continue;
      }
      double mean = sum[1] / sum[2];
      // one short segment per value; XChart needs a name for each, the legend shows the first
      XYSeries s = chart.addSeries(dashes == 0 ? "mean" : "mean " + dashes,
          new double[] {sum[0] - 1.4 * DASH * column, sum[0] + 1.4 * DASH * column}, new double[] {mean, mean});
      s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      s.setMarker(SeriesMarkers.NONE);
      s.setLineColor(Color.BLACK);
      s.setLineStyle(new BasicStroke(2.5f));
      s.setShowInLegend(dashes == 0);
      dashes++;
    }
    if (seeds.size() < 2 && dashes == 0) {
      styler.setLegendVisible(false);
    }
    return Optional.of(Curves.png(chart));
  }

  private static String shortValue(List<Object> xs, String name) {
    for (Object x : xs) {
      if (String.valueOf(x).equals(name)) {
        return Assignment.shortValue(x);
      }
    }
    return name;
  }

  private static double[] column(List<double[]> rows, int k) {
    double[] out = new double[rows.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = rows.get(i)[k];
    }
    return out;
  }

  private static Object value(Trial trial, String path) {
    if (path.equals(SweepSummary.SEED)) {
      return trial.seed();
    }
    for (Assignment a : trial.assignments()) {
      if (a.path().equals(path)) {
        return a.value() instanceof Number || a.value() instanceof String ? a.value() : a.text();
      }
    }
    return null;
  }
}
