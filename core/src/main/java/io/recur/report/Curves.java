package io.recur.report;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.spi.Dataset;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: one XChart plot per metric (the loss first), epoch on the x axis, one
 * line per split: train against validation (or against test when there is no validation
 * split, and test is scored every epoch); then the learning rate and the seconds each epoch took,
 * both from metrics.jsonl. Plots are tiled two to a row. Rendering is headless: no display is
 * needed.
 */
public final class Curves {
  static final int WIDTH = 560;
  static final int HEIGHT = 360;
  static final int COLUMNS = 2;
  /** The titles of the two charts that are not metrics. */
  static final String LEARNING_RATE = "learning rate";
  static final String SECONDS = "seconds per epoch";

  private Curves() {}

  /** PNG bytes of the curves, or empty when there is no epoch with a finite value to plot. */
  public static Optional<byte[]> png(List<EpochResult> history) {
    headless();
    List<XYChart> charts = charts(history);
    if (charts.isEmpty()) {
      return Optional.empty();
    }
    int rows = (charts.size() + COLUMNS - 1) / COLUMNS;
    int cols = Math.min(COLUMNS, charts.size());
    BufferedImage canvas = new BufferedImage(cols * WIDTH, rows * HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = canvas.createGraphics();
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, canvas.getWidth(), canvas.getHeight());
      for (int i = 0; i < charts.size(); i++) {
        BufferedImage img = BitmapEncoder.getBufferedImage(charts.get(i));
        g.drawImage(img, (i % COLUMNS) * WIDTH, (i / COLUMNS) * HEIGHT, null);
      }
    } finally {
      g.dispose();
    }
    return Optional.of(encode(canvas));
  }

  /**
   * PNG bytes of one chart alone, drawn as the tiles of {@link #png(List)} are: other pages
   * ({@code recur compare}) show their own charts in the run report's style.
   */
  public static byte[] png(XYChart chart) {
    headless();
    return encode(BitmapEncoder.getBufferedImage(chart));
  }

  /**
   * An empty chart of one metric over the epochs, styled as the run report's: white, whole epochs
   * on the x axis (counted from 1, as the table counts them), readable numbers on the y axis
   * ({@link TickLabels}), the legend below the plot where it never covers a line, markers only
   * while there are few enough points to tell apart. Call {@link #fitScale} once the series are in.
   */
  public static XYChart chart(String label, int points) {
    headless();
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(label)
        .xAxisTitle("epoch").yAxisTitle(label).build();
    Styler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setLegendBorderColor(Color.WHITE);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setMarkerSize(points > 60 ? 0 : 5);
    // wide enough apart that four-digit epochs never run into each other
    chart.getStyler().setXAxisTickMarkSpacingHint(70);
    chart.setCustomXAxisTickLabelsFormatter(TickLabels::epoch);
    chart.setCustomYAxisTickLabelsFormatter(TickLabels::number);
    return chart;
  }

  /**
   * A logarithmic y axis when the chart's values are all positive and span more than a decade (a
   * loss falling from 3 to 0.01, a decaying learning rate), where a linear one flattens everything
   * after the first epochs into one line; one series alone needs no legend.
   *
   * <p>The log scale is drawn by plotting log10 of each value on a linear axis whose ticks are
   * labelled with the values again ({@link TickLabels#power}): XChart's own logarithmic axis
   * ignores a custom tick formatter and labels decades as {@code 1E-5}.
   */
  public static void fitScale(XYChart chart) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (XYSeries series : chart.getSeriesMap().values()) {
      for (double y : series.getYData()) {
        min = Math.min(min, y);
        max = Math.max(max, y);
      }
    }
    if (min > 0 && max / min > 10) {
      for (XYSeries series : List.copyOf(chart.getSeriesMap().values())) {
        double[] ys = series.getYData().clone();
        for (int i = 0; i < ys.length; i++) {
          ys[i] = Math.log10(ys[i]);
        }
        chart.updateXYSeries(series.getName(), series.getXData(), ys, null);
      }
      // every tick gets a label: XChart drops all of an axis's labels when its first and last are alike
      chart.setCustomYAxisTickLabelsFormatter(TickLabels::power);
      chart.setYAxisTitle(chart.getYAxisTitle() + " (log scale)");
    }
    if (chart.getSeriesMap().size() < 2) {
      chart.getStyler().setLegendVisible(false);
    }
  }

  /** Before any AWT class loads: render off-screen even when a display is configured. */
  private static void headless() {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private static byte[] encode(BufferedImage image) {
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode a PNG chart", e);
    }
    return png.toByteArray();
  }

  /** The metric labels of the history's columns, loss first, then in column order. */
  static List<String> labels(List<EpochResult> history) {
    Set<String> labels = new LinkedHashSet<>();
    for (EpochResult r : history) {
      for (String column : r.metrics().keySet()) {
        labels.add(column.substring(column.indexOf('.') + 1));
      }
    }
    List<String> out = new ArrayList<>();
    if (labels.remove("loss")) {
      out.add("loss");
    }
    out.addAll(labels);
    return out;
  }

  /** The splits plotted: train and validation, or train and test when there is no validation. */
  static List<String> splits(List<EpochResult> history) {
    Set<String> present = new LinkedHashSet<>();
    for (EpochResult r : history) {
      for (String column : r.metrics().keySet()) {
        present.add(column.substring(0, column.indexOf('.')));
      }
    }
    List<String> out = new ArrayList<>();
    if (present.contains(Dataset.TRAIN)) {
      out.add(Dataset.TRAIN);
    }
    if (present.contains(Dataset.VALIDATION)) {
      out.add(Dataset.VALIDATION);
    } else if (present.contains(Dataset.TEST)) {
      out.add(Dataset.TEST);
    }
    return out;
  }

  static List<XYChart> charts(List<EpochResult> history) {
    List<XYChart> charts = new ArrayList<>();
    for (String label : labels(history)) {
      XYChart chart = chart(label, history.size());
      for (String split : splits(history)) {
        addSeries(chart, split, history, r -> r.metrics().get(split + "." + label));
      }
      add(charts, chart);
    }
    XYChart lr = chart(LEARNING_RATE, history.size());
    addSeries(lr, "lr", history, EpochResult::learningRate);
    add(charts, lr);
    XYChart seconds = chart(SECONDS, history.size());
    // older metrics.jsonl files have no time; a zero is no measurement either
    addSeries(seconds, "seconds", history, r -> r.seconds() > 0 ? r.seconds() : null);
    add(charts, seconds);
    return charts;
  }

  private static void addSeries(XYChart chart, String name, List<EpochResult> history,
      java.util.function.Function<EpochResult, Double> value) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (EpochResult r : history) {
      Double v = value.apply(r);
      // XChart cannot scale an axis around NaN or infinity; such epochs are gaps
      if (v != null && Double.isFinite(v)) {
        xs.add((double) EpochNumbers.shown(r.epoch()));
        ys.add(v);
      }
    }
    if (!xs.isEmpty()) {
      chart.addSeries(name, xs, ys).setMarker(SeriesMarkers.CIRCLE);
    }
  }

  private static void add(List<XYChart> charts, XYChart chart) {
    if (!chart.getSeriesMap().isEmpty()) {
      fitScale(chart);
      charts.add(chart);
    }
  }
}
