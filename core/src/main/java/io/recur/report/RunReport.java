package io.recur.report;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.run.Provenance;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * {@code report.html}: one self-contained page per run (inline CSS, the curves as a {@code
 * data:} PNG, no scripts, nothing fetched), so it opens anywhere, offline, and can be mailed as
 * one file. It shows how training ended, the final and best value of every metric, the
 * baselines, the curves, every {@link ReportSection} that applies, and the resolved config.
 */
public final class RunReport {
  /** The report's style sheet, inline; other self-contained pages ({@code recur compare}) share it. */
  public static final String CSS = """
      body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;margin:2rem auto;max-width:1180px;padding:0 1rem;color:#111}
      h1{margin:0 0 .25rem;font-size:1.7rem}h2{margin-top:2rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;font-size:1.2rem}
      .status{font-size:1.05rem;margin:.2rem 0}.note{color:#555;font-size:.9rem}
      table{border-collapse:collapse;margin:.5rem 0}th,td{border:1px solid #ccc;padding:.25rem .6rem;text-align:right}
      th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
      table.confusion{font-size:.85rem}table.confusion td{min-width:2.2rem;text-align:center;padding:.2rem .3rem}
      table.confusion th.predicted{vertical-align:bottom;padding:.3rem .2rem}
      table.confusion th.predicted span{writing-mode:vertical-rl;transform:rotate(180deg);white-space:nowrap}
      .wide{overflow-x:auto;max-width:100%}
      table.provenance td,table.provenance th{text-align:left}table.provenance code{word-break:break-all}
      img.curves{max-width:100%;border:1px solid #ddd}
      pre{background:#f7f7f7;border:1px solid #ddd;padding:.8rem;overflow:auto;font-size:.85rem}
      .best{font-weight:600}
      """;

  private RunReport() {}

  /**
   * The page.
   *
   * @param curvesPng curves.png's bytes, or empty when there are none
   * @param sections the task sections, in order; each shows only if it applies
   */
  public static String html(ReportContext ctx, Optional<byte[]> curvesPng, List<ReportSection> sections) {
    StringBuilder b = new StringBuilder();
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n")
        .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
        .append("<title>").append(Html.escape(ctx.experiment())).append(" — Recur report</title>\n")
        .append("<style>").append(CSS).append("</style></head><body>\n");
    b.append("<h1>").append(Html.escape(ctx.experiment())).append("</h1>\n");
    b.append("<p class=\"status\">").append(Html.escape(ctx.status())).append("</p>\n");
    b.append("<p class=\"note\">Run directory ").append(Html.escape(String.valueOf(ctx.runDirectory())))
        .append(" · report written ").append(Html.escape(ZonedDateTime.now().format(DateTimeFormatter.RFC_1123_DATE_TIME)))
        .append(" · Recur ").append(Html.escape(Provenance.recurVersion())).append("</p>\n");
    metrics(ctx, b);
    baselines(ctx, b);
    b.append("<h2>Curves</h2>\n");
    if (curvesPng.isPresent()) {
      b.append("<img class=\"curves\" alt=\"loss and metric curves per epoch, train against validation;"
          + " learning rate; seconds per epoch\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(curvesPng.get())).append("\">\n");
    } else {
      b.append("<p class=\"note\">No curves: no epoch finished with a finite value.</p>\n");
    }
    for (ReportSection s : sections) {
      Optional<String> body;
      try {
        body = s.render(ctx);
      } catch (RuntimeException e) {
        body = Optional.of("<p class=\"note\">This section could not be drawn: " + Html.escape(String.valueOf(e.getMessage()))
            + "</p>");
      }
      body.ifPresent(html -> b.append("<h2>").append(Html.escape(s.title())).append("</h2>\n").append(html));
    }
    b.append("<h2>Configuration</h2>\n<pre>").append(Html.escape(ctx.configYaml())).append("</pre>\n");
    return b.append("</body></html>\n").toString();
  }

  private static void metrics(ReportContext ctx, StringBuilder b) {
    List<EpochResult> history = ctx.history();
    b.append("<h2>Metrics</h2>\n");
    if (history.isEmpty()) {
      b.append("<p class=\"note\">No epoch finished.</p>\n");
      return;
    }
    EpochResult last = history.get(history.size() - 1);
    Set<String> columns = new LinkedHashSet<>();
    history.forEach(r -> columns.addAll(r.metrics().keySet()));
    if (ctx.bestEpoch() >= 0) {
      b.append("<p class=\"note\">model/ holds epoch ").append(EpochNumbers.shown(ctx.bestEpoch())).append(", the best by ")
          .append(Html.escape(ctx.monitor())).append("; checkpoints/ holds the latest epoch.</p>\n");
    }
    b.append("<table><tr><th>metric</th><th>final (epoch ").append(EpochNumbers.shown(last.epoch())).append(")</th>");
    if (ctx.bestEpoch() >= 0) {
      b.append("<th>saved model (epoch ").append(EpochNumbers.shown(ctx.bestEpoch())).append(")</th>");
    }
    b.append("<th>best</th><th>best epoch</th></tr>\n");
    EpochResult saved = ctx.bestEpoch() >= 0
        ? history.stream().filter(r -> r.epoch() == ctx.bestEpoch()).findFirst().orElse(null) : null;
    for (String column : columns) {
      String label = column.substring(column.indexOf('.') + 1);
      boolean higher = ctx.higherIsBetter().getOrDefault(label, false);
      double best = Double.NaN;
      int bestEpoch = -1;
      for (EpochResult r : history) {
        Double v = r.metrics().get(column);
        if (v != null && !Double.isNaN(v) && (bestEpoch < 0 || (higher ? v > best : v < best))) {
          best = v;
          bestEpoch = r.epoch();
        }
      }
      b.append("<tr><td>").append(Html.escape(column)).append("</td><td>").append(Html.number(value(last, column)))
          .append("</td>");
      if (ctx.bestEpoch() >= 0) {
        b.append("<td class=\"best\">").append(saved == null ? "—" : Html.number(value(saved, column))).append("</td>");
      }
      b.append("<td>").append(Html.number(best)).append("</td><td>").append(bestEpoch < 0 ? "—" : String.valueOf(EpochNumbers.shown(bestEpoch)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n");
    if (ctx.evaluation() != null) {
      b.append("<p class=\"note\">").append(Html.escape(ctx.evaluation())).append("</p>\n");
    }
    test(ctx, columns, b);
  }

  /**
   * Where the test numbers come from: one table scored once after training ({@code
   * training.evaluate_test: end}), or a note that the table above has them for every epoch.
   */
  private static void test(ReportContext ctx, Set<String> columns, StringBuilder b) {
    if (ctx.test() != null) {
      b.append("<h3>Test</h3>\n<p class=\"note\">The test split was ").append(Html.escape(ctx.test().source()))
          .append("; no epoch above looked at it (training.evaluate_test: end).</p>\n");
      b.append("<table class=\"test\"><tr><th>metric</th><th>value</th></tr>\n");
      ctx.test().metrics().forEach((column, v) -> b.append("<tr><td>").append(Html.escape(column)).append("</td><td>")
          .append(Html.number(v)).append("</td></tr>\n"));
      b.append("</table>\n");
    } else if (columns.stream().anyMatch(c -> c.startsWith("test."))) {
      b.append("<p class=\"note\">The test.* rows were scored after every epoch (training.evaluate_test:"
          + " every_epoch).</p>\n");
    }
  }

  private static double value(EpochResult r, String column) {
    Double v = r.metrics().get(column);
    return v == null ? Double.NaN : v;
  }

  private static void baselines(ReportContext ctx, StringBuilder b) {
    if (ctx.baselines().isEmpty()) {
      return;
    }
    b.append("<h2>Baselines</h2>\n<p class=\"note\">Reference scores that need no training.</p>\n<table><tr><th>baseline</th><th>value</th></tr>\n");
    new TreeMap<>(ctx.baselines()).forEach((k, v) ->
        b.append("<tr><td>").append(Html.escape(k)).append("</td><td>").append(Html.number(v)).append("</td></tr>\n"));
    b.append("</table>\n");
  }
}
