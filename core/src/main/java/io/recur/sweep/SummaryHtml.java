package io.recur.sweep;

import io.recur.config.SweepSpec;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code summary.html}: one self-contained page (no scripts, no network) with a scatter plot of
 * the sweep's metric against each swept parameter ({@link SummaryPlots}, XChart PNGs inline as
 * {@code data:} URIs), and the tables of {@link SweepSummary}, every trial linked to its report.
 */
final class SummaryHtml {

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
        .append("figcaption{font-size:13px;text-align:center}\n.note{color:#555;font-size:14px}\n")
        .append(".none{width:480px;height:320px;display:flex;align-items:center;justify-content:center;color:#777}\n")
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
      b.append("<p>Each point is a trial, coloured by its seed; a black dash marks the mean of the seeds at that"
          + " value.</p>\n");
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
      b.append("<h2>By configuration</h2>\n<p class=\"note\">The 95% interval is Student's t for the mean over"
          + " the seeds (n − 1 degrees of freedom), clipped to the values the metric can take ([0, 1] for an accuracy);"
          + " with few seeds it is wide.</p>\n").append(groupTable(summary));
    }
    b.append("<h2>Trials</h2>\n").append(trialTable(summary)).append("</body>\n</html>\n");
    return b.toString();
  }

  /** One point per trial that gave a number ({@link SummaryPlots}), as an inline PNG with its caption. */
  private static String plot(SweepSummary summary, String path, String label, boolean logHint) {
    String metric = summary.sweep().metric();
    StringBuilder b = new StringBuilder("<figure>");
    java.util.Optional<byte[]> png = SummaryPlots.png(summary, path, logHint);
    if (png.isPresent()) {
      b.append("<img width=\"").append(SummaryPlots.WIDTH).append("\" height=\"").append(SummaryPlots.HEIGHT)
          .append("\" alt=\"").append(esc(metric + " of each trial against " + path))
          .append("\" src=\"data:image/png;base64,").append(java.util.Base64.getEncoder().encodeToString(png.get()))
          .append("\">");
    } else {
      b.append("<p class=\"none\">no results</p>");
    }
    return b.append("<figcaption>").append(esc(metric)).append(" by ").append(esc(label))
        .append("</figcaption></figure>\n").toString();
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
