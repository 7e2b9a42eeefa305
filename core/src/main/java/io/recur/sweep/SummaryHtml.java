package io.recur.sweep;

import io.recur.config.Assignment;
import io.recur.config.SweepSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.html}: one self-contained page (no scripts, no network) with a scatter plot of
 * the sweep's metric against each swept parameter, drawn as inline SVG, and the tables of
 * {@link SweepSummary}. A numeric parameter gets a numeric axis (logarithmic for a {@code
 * log-uniform} range or values spanning two decades or more); any other gets one column per value.
 */
final class SummaryHtml {
  private static final int WIDTH = 460;
  private static final int HEIGHT = 290;
  private static final int LEFT = 64;
  private static final int RIGHT = 16;
  private static final int TOP = 16;
  private static final int BOTTOM = 48;
  /** Pixels between the points of neighbouring seeds at one x value. */
  private static final double JITTER = 7;
  private static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2"};

  private SummaryHtml() {}

  static String page(SweepSummary summary) {
    Sweep sweep = summary.sweep();
    String metric = sweep.metric();
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
        .append(esc("sweep " + sweep.name())).append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;margin:2em;color:#222}\n")
        .append("table{border-collapse:collapse;font-size:13px;margin-bottom:2em}\n")
        .append("th,td{border-bottom:1px solid #ddd;padding:3px 8px;text-align:left}\n")
        .append("td.n{text-align:right;font-variant-numeric:tabular-nums}\n")
        .append(".plots{display:flex;flex-wrap:wrap;gap:1em}\nfigure{margin:0}\n")
        .append("figcaption{font-size:13px;text-align:center}\nsvg text{font-size:11px;fill:#444}\n")
        .append("</style>\n</head>\n<body>\n");
    b.append("<h1>Sweep ").append(esc(sweep.name())).append("</h1>\n<p>")
        .append(sweep.trials().size()).append(" trials (").append(sweep.spec().method().yamlName());
    if (sweep.repeats() > 1) {
      b.append(", each configuration with seeds ").append(esc(sweep.spec().seeds().toString()));
    }
    b.append("), ordered by <b>").append(esc(metric)).append("</b> (")
        .append(sweep.maximize() ? "higher" : "lower").append(" is better).");
    if (summary.failed() > 0) {
      b.append(' ').append(summary.failed()).append(" failed.");
    }
    b.append("</p>\n");
    summary.history().ifPresent(h -> b.append(rungSection(h, metric)));
    if (sweep.repeats() > 1) {
      b.append("<p>Each point is a trial; colour gives its seed (");
      List<Integer> seeds = sweep.spec().seeds();
      for (int i = 0; i < seeds.size(); i++) {
        b.append(i == 0 ? "" : " ").append("<span style=\"color:").append(COLOURS[i % COLOURS.length])
            .append("\">&#9679;</span>&nbsp;").append(seeds.get(i));
      }
      b.append("), a black dash the mean at that value.</p>\n");
    }
    b.append("<div class=\"plots\">\n");
    for (SweepSpec.Parameter p : sweep.spec().parameters()) {
      b.append(plot(summary, p.path(), p.label(), p.logScale()));
    }
    if (sweep.spec().parameters().isEmpty()) {
      b.append(plot(summary, SweepSummary.SEED, SweepSummary.SEED, false));
    }
    b.append("</div>\n");
    if (sweep.repeats() > 1) {
      b.append("<h2>By configuration</h2>\n").append(groupTable(summary));
    }
    b.append("<h2>Trials</h2>\n").append(trialTable(summary)).append("</body>\n</html>\n");
    return b.toString();
  }

  /** One point per trial that gave a number: x the parameter's value, y the final metric. */
  private static String plot(SweepSummary summary, String path, String label, boolean logHint) {
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
    StringBuilder svg = new StringBuilder();
    svg.append("<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"")
        .append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT).append("\">\n");
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#999\"/>%n",
        LEFT, TOP, plotW, plotH));
    if (points.isEmpty()) {
      svg.append("<text x=\"").append(LEFT + plotW / 2).append("\" y=\"").append(TOP + plotH / 2)
          .append("\" text-anchor=\"middle\">no results</text>\n");
    } else {
      Axis y = Axis.numeric(ys, false);
      boolean numeric = xs.stream().allMatch(v -> v instanceof Number);
      List<Double> xNumbers = numeric ? xs.stream().map(v -> ((Number) v).doubleValue()).toList() : List.of();
      boolean log = numeric && xNumbers.stream().allMatch(v -> v > 0)
          && (logHint || max(xNumbers) / min(xNumbers) >= 100);
      Axis x = numeric ? Axis.numeric(xNumbers, log) : Axis.categories(xs);
      for (double t : y.ticks()) {
        double py = TOP + plotH * (1 - y.position(t));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#eee\"/>"
            + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, LEFT + plotW, py, py, LEFT - 4, py + 4,
            esc(y.label(t))));
      }
      for (int i = 0; i < x.tickCount(); i++) {
        double px = LEFT + plotW * x.position(x.tick(i));
        svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#999\"/>"
            + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n", px, px, TOP + plotH, TOP + plotH + 4, px,
            TOP + plotH + 16, esc(x.tickLabel(i))));
      }
      List<Integer> seeds = summary.sweep().spec().seeds();
      Map<String, double[]> sums = new LinkedHashMap<>();
      for (int i = 0; i < points.size(); i++) {
        SweepSummary.Row r = points.get(i);
        int seedIndex = Math.max(0, seeds.indexOf((int) r.trial().seed()));
        double centre = LEFT + plotW * (numeric ? x.position(xNumbers.get(i)) : x.position(x.indexOf(xs.get(i))));
        double[] sum = sums.computeIfAbsent(String.valueOf(xs.get(i)), k -> new double[] {centre, 0, 0});
        sum[1] += ys.get(i);
        sum[2]++;
        // the seeds of one value side by side, so that equal results stay visible
        double px = centre + (seedIndex - (seeds.size() - 1) / 2.0) * JITTER;
        double py = TOP + plotH * (1 - y.position(ys.get(i)));
        svg.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"%s\" fill-opacity=\"0.75\">"
            + "<title>%s: %s %s</title></circle>%n", px, py, COLOURS[seedIndex % COLOURS.length],
            esc(r.trial().id()), esc(metric), esc(SweepSummary.format(ys.get(i)))));
      }
      for (double[] sum : sums.values()) {
        if (sum[2] > 1) {
          double py = TOP + plotH * (1 - y.position(sum[1] / sum[2]));
          svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%.1f\" y2=\"%.1f\" "
              + "stroke=\"#222\" stroke-width=\"2\"><title>mean %s</title></line>%n", sum[0] - 14, sum[0] + 14, py, py,
              esc(SweepSummary.format(sum[1] / sum[2]))));
        }
      }
      svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">%s%s</text>%n",
          LEFT + plotW / 2, HEIGHT - 8, esc(path), log ? " (log scale)" : ""));
      svg.append(String.format(Locale.ROOT, "<text transform=\"translate(14,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
          TOP + plotH / 2, esc(metric)));
    }
    svg.append("</svg><figcaption>").append(esc(metric)).append(" by ").append(esc(label))
        .append("</figcaption></figure>\n");
    return svg.toString();
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

  private static double min(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).min().orElse(0);
  }

  private static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(1);
  }

  /** Maps values to [0, 1] along an axis and gives its ticks. */
  private static final class Axis {
    private final double low;
    private final double high;
    private final boolean log;
    private final List<Object> categories;

    private Axis(double low, double high, boolean log, List<Object> categories) {
      this.low = low;
      this.high = high;
      this.log = log;
      this.categories = categories;
    }

    static Axis numeric(List<Double> values, boolean log) {
      double lo = log ? Math.log10(min(values)) : min(values);
      double hi = log ? Math.log10(max(values)) : max(values);
      double pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(hi) * 0.05, 0.05);
      return new Axis(lo - pad, hi + pad, log, null);
    }

    static Axis categories(List<Object> values) {
      Map<String, Object> distinct = new LinkedHashMap<>();
      values.forEach(v -> distinct.putIfAbsent(String.valueOf(v), v));
      return new Axis(0, distinct.size(), false, new ArrayList<>(distinct.values()));
    }

    double indexOf(Object category) {
      for (int i = 0; i < categories.size(); i++) {
        if (String.valueOf(categories.get(i)).equals(String.valueOf(category))) {
          return i + 0.5;
        }
      }
      return 0;
    }

    /** Where {@code v} (a value, or a category position) sits, from 0 to 1. */
    double position(double v) {
      double t = log && categories == null ? Math.log10(v) : v;
      return (t - low) / (high - low);
    }

    int tickCount() {
      return categories != null ? categories.size() : ticks().size();
    }

    double tick(int i) {
      return categories != null ? i + 0.5 : ticks().get(i);
    }

    String tickLabel(int i) {
      return categories != null ? Assignment.shortValue(categories.get(i)) : label(ticks().get(i));
    }

    String label(double v) {
      return Assignment.shortValue(v);
    }

    /** About five round values inside the axis (powers of ten on a log axis spanning a decade or more). */
    List<Double> ticks() {
      List<Double> ticks = new ArrayList<>();
      if (log && high - low >= 1) {
        for (double e = Math.ceil(low); e <= high; e++) {
          ticks.add(Math.pow(10, e));
        }
        return ticks;
      }
      double lo = log ? Math.pow(10, low) : low;
      double hi = log ? Math.pow(10, high) : high;
      double raw = (hi - lo) / 5;
      double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
      double step = magnitude * (raw / magnitude >= 5 ? 10 : raw / magnitude >= 2 ? 5 : raw / magnitude >= 1 ? 2 : 1);
      for (double t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) {
        ticks.add(Math.abs(t) < step * 1e-9 ? 0.0 : t);
      }
      return ticks;
    }
  }

  private static String groupTable(SweepSummary summary) {
    String metric = summary.sweep().metric();
    StringBuilder b = new StringBuilder("<table>\n<tr><th>rank</th><th>configuration</th><th>n</th><th>")
        .append(esc(metric)).append(" mean</th><th>std</th><th>95% interval</th></tr>\n");
    int rank = 1;
    for (SweepSummary.Group g : summary.groups()) {
      SweepSummary.Stats s = g.stats().get(metric);
      b.append("<tr><td class=\"n\">").append(rank++).append("</td><td>").append(esc(g.label())).append("</td>");
      if (s == null) {
        b.append("<td class=\"n\">0</td><td></td><td></td><td></td></tr>\n");
        continue;
      }
      b.append("<td class=\"n\">").append(s.n()).append("</td><td class=\"n\">").append(SweepSummary.format(s.mean()))
          .append("</td><td class=\"n\">").append(SweepSummary.format(s.std())).append("</td><td class=\"n\">")
          .append(Double.isNaN(s.ciLow()) ? "-" : "[" + SweepSummary.format(s.ciLow()) + ", "
              + SweepSummary.format(s.ciHigh()) + "]")
          .append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** {@code trials/<id>/report.html}, the id percent-encoded as a path segment. */
  /** The winner, the epochs spent against a full grid's, and one row per rung with what it decided. */
  private static String rungSection(RungHistory h, String metric) {
    StringBuilder b = new StringBuilder("<h2>Rungs</h2>\n<p>");
    h.winner().ifPresentOrElse(w -> b.append("Winner: <b>").append(esc(w.configuration().label())).append("</b>, ")
        .append(esc(metric)).append(" ").append(esc(SweepSummary.format(w.score())))
        .append(w.results().size() > 1 ? " (mean over its seeds)" : "").append(". "),
        () -> b.append("No configuration trained to the end. "));
    b.append("Epochs spent: ").append(esc(h.budgetLine())).append(".</p>\n");
    b.append("<table>\n<tr><th>bracket</th><th>rung</th><th>epochs</th><th>configurations</th><th>promoted</th>")
        .append("<th>best</th><th>").append(esc(metric)).append("</th></tr>\n");
    for (RungOutcome o : h.outcomes()) {
      long promoted = o.ranked().stream().filter(r -> r.decision() == RungOutcome.Decision.PROMOTED).count();
      RungOutcome.Ranked best = o.ranked().get(0);
      b.append("<tr><td class=\"n\">").append(o.bracket()).append("</td><td class=\"n\">").append(o.rung())
          .append("</td><td class=\"n\">").append(o.epochs()).append("</td><td class=\"n\">").append(o.ranked().size())
          .append("</td><td class=\"n\">").append(promoted).append("</td><td>").append(esc(best.configuration().label()))
          .append("</td><td class=\"n\">").append(esc(SweepSummary.format(best.score()))).append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  static String reportLink(Trial trial) {
    try {
      String path = SweepDirectory.TRIALS + "/" + trial.id() + "/" + io.recur.run.RunDirectory.REPORT;
      return new java.net.URI(null, null, path, null).getRawPath();
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("trial id " + trial.id() + " makes no link", e);
    }
  }

  private static String trialTable(SweepSummary summary) {
    List<String> metrics = summary.metrics();
    StringBuilder b = new StringBuilder("<table>\n<tr><th>rank</th><th>trial</th>");
    summary.sweep().spec().parameters().forEach(p -> b.append("<th>").append(esc(p.label())).append("</th>"));
    b.append("<th>seed</th>");
    summary.history().ifPresent(h -> b.append("<th>rungs: ").append(esc(summary.sweep().metric()))
        .append(" at each length</th><th>outcome</th>"));
    metrics.forEach(m -> b.append("<th>").append(esc(m)).append("</th>"));
    b.append("<th>best ").append(esc(summary.sweep().metric())).append("</th><th>seconds</th></tr>\n");
    int rank = 1;
    for (SweepSummary.Row r : summary.rows()) {
      // each trial's own report, beside this page in its run directory
      b.append("<tr><td class=\"n\">").append(rank++).append("</td><td><a href=\"")
          .append(esc(reportLink(r.trial()))).append("\">").append(esc(r.trial().id())).append("</a></td>");
      Map<String, String> values = r.result().assignments();
      summary.sweep().spec().parameters().forEach(p -> b.append("<td>").append(esc(values.getOrDefault(p.path(), "")))
          .append("</td>"));
      b.append("<td class=\"n\">").append(r.trial().seed()).append("</td>");
      summary.history().ifPresent(h -> {
        StringBuilder steps = new StringBuilder();
        h.steps(r.trial().id()).forEach(st -> steps.append(steps.length() == 0 ? "" : " → ").append(st.epochs())
            .append(": ").append(SweepSummary.format(st.value())));
        b.append("<td>").append(esc(steps.toString())).append("</td><td>")
            .append(esc(h.last(r.trial().id()).map(SweepSummary::outcome).orElse("")))
            .append(h.isWinner(r.trial()) ? " <b>winner</b>" : "").append("</td>");
      });
      if (r.result().ok()) {
        metrics.forEach(m -> b.append("<td class=\"n\">").append(SweepSummary.format(r.last(m))).append("</td>"));
        b.append("<td class=\"n\">").append(SweepSummary.format(r.best(summary.sweep().metric()))).append("</td>");
      } else {
        b.append("<td colspan=\"").append(metrics.size() + 1).append("\">failed: ").append(esc(r.result().error()))
            .append("</td>");
      }
      b.append(String.format(Locale.ROOT, "<td class=\"n\">%.1f</td></tr>%n", r.result().seconds()));
    }
    return b.append("</table>\n").toString();
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
