package io.recur.cli;

import io.recur.model.EpochNumbers;
import io.recur.report.Html;
import io.recur.report.RunReport;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The HTML of {@code recur compare --html}: the runs' table, the config keys that differ and a
 * chart per metric with a line per run. Like report.html it is one self-contained file (the run
 * report's inline style, charts as {@code data:} PNGs, no scripts, nothing fetched), so it can be
 * mailed or attached as it is.
 */
final class ComparisonPage {
  private ComparisonPage() {}

  static String html(List<ComparedRun> runs, List<String> columns, List<ConfigDifferences.Difference> differences,
      Map<String, byte[]> curves) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(runs.size()).append(" runs compared — Recur</title>\n")
        .append("<style>").append(RunReport.CSS).append("</style></head><body>\n")
        .append("<h1>").append(runs.size()).append(" runs compared</h1>\n");
    runsTable(runs, columns, b);
    b.append("<h2>Config keys that differ</h2>\n");
    if (differences.isEmpty()) {
      b.append("<p class=\"note\">None: the runs share one config.</p>\n");
    } else {
      b.append("<table><tr><th>key</th>");
      for (int i = 0; i < runs.size(); i++) {
        b.append("<th>#").append(i + 1).append("</th>");
      }
      b.append("</tr>\n");
      for (ConfigDifferences.Difference d : differences) {
        b.append("<tr><td>").append(Html.escape(d.key())).append("</td>");
        d.values().forEach(v -> b.append("<td>").append(Html.escape(v)).append("</td>"));
        b.append("</tr>\n");
      }
      b.append("</table>\n");
    }
    b.append("<h2>Curves</h2>\n");
    if (curves.isEmpty()) {
      b.append("<p class=\"note\">No curves: the runs share no metric with a finite value.</p>\n");
    }
    curves.forEach((column, png) -> b.append("<img class=\"curves\" alt=\"").append(Html.escape(column))
        .append(" per epoch, one line per run\" src=\"data:image/png;base64,")
        .append(Base64.getEncoder().encodeToString(png)).append("\">\n"));
    return b.append("</body></html>\n").toString();
  }

  private static void runsTable(List<ComparedRun> runs, List<String> columns, StringBuilder b) {
    b.append("<h2>Metrics</h2>\n<p class=\"note\">Each metric's final value, and its best (the lowest for a loss,"
        + " the highest where higher is better) with the epoch it came at.</p>\n");
    b.append("<table><tr><th>#</th><th>run</th><th>epochs</th>");
    columns.forEach(c -> b.append("<th colspan=\"2\">").append(Html.escape(c)).append("</th>"));
    b.append("</tr>\n<tr><th></th><th></th><th></th>");
    columns.forEach(c -> b.append("<th>final</th><th>best (epoch)</th>"));
    b.append("</tr>\n");
    for (int i = 0; i < runs.size(); i++) {
      ComparedRun run = runs.get(i);
      b.append("<tr><td>").append(i + 1).append("</td><td title=\"").append(Html.escape(run.directory().toString()))
          .append("\">").append(Html.escape(run.name())).append("</td><td>").append(run.epochs()).append("</td>");
      for (String c : columns) {
        MetricColumns.Summary s = MetricColumns.Summary.of(run, c);
        b.append("<td>").append(Html.number(s.last())).append("</td><td>")
            .append(s.bestEpoch() < 0 ? "—" : Html.number(s.best()) + " (" + EpochNumbers.shown(s.bestEpoch()) + ")")
            .append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }
}
