package io.recur.report;

import io.recur.engine.EpochResult;
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
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * {@code curves.png}: one XChart plot per metric (the loss first), epoch on the x axis, one
 * line per split: train against validation (or against test when there is no validation
 * split). Plots are tiled two to a row. Rendering is headless: no display is needed.
 */
public final class Curves {
  static final int WIDTH = 560;
  static final int HEIGHT = 360;
  static final int COLUMNS = 2;

  private Curves() {}

  /** PNG bytes of the curves, or empty when there is no epoch with a finite value to plot. */
  public static Optional<byte[]> png(List<EpochResult> history) {
    // before any AWT class loads: render off-screen even when a display is configured
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
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
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(canvas, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode curves.png", e);
    }
    return Optional.of(png.toByteArray());
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

  private static List<XYChart> charts(List<EpochResult> history) {
    List<XYChart> charts = new ArrayList<>();
    for (String label : labels(history)) {
      XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(label)
          .xAxisTitle("epoch").yAxisTitle(label).build();
      Styler styler = chart.getStyler();
      styler.setLegendPosition(Styler.LegendPosition.InsideNE);
      styler.setChartBackgroundColor(Color.WHITE);
      styler.setPlotBackgroundColor(Color.WHITE);
      chart.getStyler().setMarkerSize(history.size() > 60 ? 0 : 5);
      boolean any = false;
      for (String split : splits(history)) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (EpochResult r : history) {
          Double v = r.metrics().get(split + "." + label);
          // XChart cannot scale an axis around NaN or infinity; such epochs are gaps
          if (v != null && Double.isFinite(v)) {
            xs.add((double) r.epoch());
            ys.add(v);
          }
        }
        if (!xs.isEmpty()) {
          chart.addSeries(split, xs, ys).setMarker(SeriesMarkers.CIRCLE);
          any = true;
        }
      }
      if (any) {
        charts.add(chart);
      }
    }
    return charts;
  }
}
