package io.recur.report;

import io.recur.generate.ContinuousGenerator;
import io.recur.generate.SignalSequences;
import io.recur.spi.Normalization;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Prediction against truth for a model of real values that predicts what comes next (the
 * sinusoid's linear RNN, a series forecaster): the first signal of the evaluation split drawn
 * twice, as inline PNG line charts.
 *
 * <ol>
 *   <li><b>Next step</b>: the true signal and the model's prediction of each value from the true
 *       values before it (teacher forcing: what the loss measures).
 *   <li><b>Generated</b>: the model primed with the signal's first values ({@value #PRIME} for a
 *       per-step model, one window for a windowed one), then fed its own predictions (seed 004's
 *       "evaluation through generation"), against the true continuation.
 * </ol>
 *
 * Values are in the data's original units (a normalised series is turned back), and each chart
 * states its mean squared error. Applies when {@link ContinuousGenerator#applies} and the split's
 * targets are its inputs one step ahead ({@link SignalSequences}); otherwise left out.
 */
public final class SignalSection implements ReportSection {
  static final int WIDTH = 900;
  static final int HEIGHT = 320;
  /** Values a per-step model is primed with: two periods of seed 004's sinusoid. */
  static final int PRIME = 20;

  @Override
  public String title() {
    return "Prediction against truth";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    if (!ContinuousGenerator.applies(context.model(), context.schema())) {
      return Optional.empty();
    }
    String splitName = context.evaluationSplit();
    Split split = context.dataset().splits().get(splitName);
    if (split == null || split.size() == 0) {
      return Optional.empty();
    }
    float[][] signal;
    try {
      signal = SignalSequences.of(split, 0, splitName);
    } catch (RecurException e) {
      return Optional.empty();
    }
    ContinuousGenerator generator = new ContinuousGenerator(context.model(), context.schema());
    Normalization norm = context.schema().normalization();
    boolean perStep = generator.kind() == ContinuousGenerator.Kind.PER_STEP;
    int offset = perStep ? 1 : generator.steps();
    float[][] next = generator.predictNext(signal);
    int prime = perStep ? Math.min(PRIME, signal.length - 1) : generator.steps();
    if (prime < generator.minimumPrime() || prime >= signal.length) {
      return Optional.empty();
    }
    float[][] head = Arrays.copyOf(signal, prime);
    float[][] generated = generator.generate(head, signal.length - prime);

    double nextMse = mse(next, signal, offset, norm);
    double generatedMse = mse(generated, signal, prime, norm);
    XYChart nextChart = chart("Next step (teacher forcing), " + splitName + " sample 0", signal.length);
    add(nextChart, "truth", signal, 0, norm, Color.BLACK);
    add(nextChart, "next-step prediction", next, offset, norm, new Color(37, 99, 235));
    XYChart genChart = chart("Generated: primed with " + prime + " values, then fed back, " + splitName + " sample 0",
        signal.length);
    add(genChart, "truth", signal, 0, norm, Color.BLACK);
    add(genChart, "generated", generated, prime, norm, new Color(220, 38, 38));

    StringBuilder b = new StringBuilder();
    String units = norm != null ? " in original units" : "";
    String features = generator.features() > 1 ? " (first of " + generator.features() + " features drawn)" : "";
    b.append("<p class=\"note\">Sample 0 of the ").append(Html.escape(splitName)).append(" split, ")
        .append(signal.length).append(" values").append(features).append(". Next-step MSE").append(units).append(": ")
        .append(Html.escape(Html.number(nextMse))).append(" over ").append(next.length)
        .append(" predictions. Generated: ").append(generated.length).append(" values after ").append(prime)
        .append(" true ones, each prediction fed back as the next input; MSE").append(units).append(" against the")
        .append(" true continuation ").append(Html.escape(Html.number(generatedMse)))
        .append(". <code>recur generate --model RUN/model</code> writes such continuations as CSV.</p>\n");
    b.append(img(nextChart, "the true signal and the model's next-step predictions"));
    b.append(img(genChart, "the true signal and the model's closed-loop continuation"));
    return Optional.of(b.toString());
  }

  /** Mean squared error of {@code predicted[k]} against {@code signal[k + offset]}, every feature. */
  static double mse(float[][] predicted, float[][] signal, int offset, Normalization norm) {
    double sum = 0;
    long n = 0;
    for (int k = 0; k < predicted.length && k + offset < signal.length; k++) {
      for (int f = 0; f < predicted[k].length; f++) {
        double d = value(predicted[k][f], norm) - value(signal[k + offset][f], norm);
        sum += d * d;
        n++;
      }
    }
    return n == 0 ? Double.NaN : sum / n;
  }

  private static double value(float v, Normalization norm) {
    return norm == null ? v : norm.invert(v);
  }

  /** @param steps the length of the signal drawn, which sets the spacing of the labelled steps */
  private static XYChart chart(String title, int steps) {
    // before any AWT class loads: render off-screen even when a display is configured
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
    XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle("step").yAxisTitle("value")
        .build();
    XYStyler styler = chart.getStyler();
    styler.setLegendPosition(Styler.LegendPosition.OutsideS);
    styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    styler.setChartBackgroundColor(Color.WHITE);
    styler.setPlotBackgroundColor(Color.WHITE);
    styler.setMarkerSize(0);
    styler.setXAxisTickMarkSpacingHint(70);
    // about eight labelled steps, at round multiples (0, 20, 40, …): XChart widens its tick spacing
    // until no two labels repeat, so it settles on those multiples and three-digit steps never
    // run together
    long every = TickLabels.roundStep(steps / 8.0);
    chart.setCustomXAxisTickLabelsFormatter(x -> TickLabels.multipleOf(x, every));
    chart.setCustomYAxisTickLabelsFormatter(TickLabels::number);
    return chart;
  }

  /** Values {@code rows[k][0]} at steps {@code k + offset}; non-finite values end the line. */
  private static void add(XYChart chart, String name, float[][] rows, int offset, Normalization norm, Color color) {
    List<Double> xs = new ArrayList<>();
    List<Double> ys = new ArrayList<>();
    for (int k = 0; k < rows.length; k++) {
      double v = value(rows[k][0], norm);
      // XChart cannot scale an axis around NaN or infinity (a diverging continuation)
      if (!Double.isFinite(v)) {
        break;
      }
      xs.add((double) (k + offset));
      ys.add(v);
    }
    if (xs.isEmpty()) {
      return;
    }
    XYSeries s = chart.addSeries(name, xs, ys);
    s.setMarker(SeriesMarkers.NONE);
    s.setLineColor(color);
  }

  private static String img(XYChart chart, String alt) {
    BufferedImage image = BitmapEncoder.getBufferedImage(chart);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    try {
      ImageIO.write(image, "png", png);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot encode the chart", e);
    }
    return String.format(Locale.ROOT, "<img class=\"curves\" alt=\"%s\" src=\"data:image/png;base64,%s\">\n",
        Html.escape(alt), Base64.getEncoder().encodeToString(png.toByteArray()));
  }
}
