package io.recur.report;

import io.recur.builtin.metric.ConfusionMatrix;
import io.recur.spi.Split;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Per-class accuracy of a classifier on the evaluation split (test, else validation), beside the
 * confusion matrix: for each class its support, how many it got right, its accuracy (recall) and
 * the class it is most often mistaken for; then overall and balanced accuracy next to the
 * dataset's majority-class baseline. Applies where {@link ClassConfusion#of} does.
 */
public final class PerClassAccuracySection implements ReportSection {
  @Override
  public String title() {
    return "Per-class accuracy";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    String splitName = context.evaluationSplit();
    Split split = context.dataset().splits().get(splitName);
    return ClassConfusion.of(context.model(), context.schema(), split)
        .map(m -> html(m, context.schema().classes(), splitName, context.baselines()));
  }

  static String html(ConfusionMatrix m, List<String> classes, String split, Map<String, Double> baselines) {
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">").append(Html.escape(split)).append(" split, ").append(m.total())
        .append(" predictions; the matrix is in <code>").append(Html.escape(ClassConfusion.fileName(split)))
        .append("</code> in the run directory.</p>\n");
    b.append("<table><tr><th>").append(Html.escape(split)).append(" split</th><th>value</th></tr>\n");
    row(b, "accuracy", m.accuracy());
    row(b, "balanced accuracy (mean of the per-class accuracies)", m.balancedAccuracy());
    new TreeMap<>(baselines).forEach((k, v) -> {
      if (k.startsWith(split + ".") && k.contains("majority")) {
        row(b, "baseline: " + k.substring(split.length() + 1) + " (no training)", v);
      }
    });
    b.append("</table>\n");
    b.append("<table><tr><th>class</th><th>support</th><th>correct</th><th>accuracy</th>")
        .append("<th>most often mistaken for</th></tr>\n");
    for (int c = 0; c < m.classes(); c++) {
      long support = m.support(c);
      int worst = -1;
      for (int j = 0; j < m.classes(); j++) {
        if (j != c && m.count(c, j) > 0 && (worst < 0 || m.count(c, j) > m.count(c, worst))) {
          worst = j;
        }
      }
      b.append("<tr><td>").append(Html.escape(ClassNames.printable(classes.get(c)))).append("</td><td>").append(support).append("</td><td>")
          .append(m.count(c, c)).append("</td><td>").append(Html.number(m.recall(c))).append("</td><td>");
      if (worst < 0) {
        b.append("—");
      } else {
        b.append(Html.escape(ClassNames.printable(classes.get(worst)))).append(String.format(Locale.ROOT, " (%.1f%%)",
            100.0 * m.count(c, worst) / support));
      }
      b.append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static void row(StringBuilder b, String name, double v) {
    b.append("<tr><td>").append(Html.escape(name)).append("</td><td>").append(Html.number(v)).append("</td></tr>\n");
  }
}
