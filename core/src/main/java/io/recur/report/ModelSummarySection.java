package io.recur.report;

import io.recur.model.ModelSummary;
import java.util.Optional;

/** The model layer by layer (name, type, output shape, parameters) and its totals, as training printed them. */
public final class ModelSummarySection implements ReportSection {
  @Override
  public String title() {
    return "Model";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    ModelSummary summary = context.summary();
    if (summary == null) {
      return Optional.empty();
    }
    StringBuilder b = new StringBuilder();
    b.append("<table><tr><th>layer</th><th>type</th><th>output</th><th>parameters</th></tr>\n");
    for (ModelSummary.Row r : summary.rows()) {
      b.append("<tr><td>").append(Html.escape(r.name())).append("</td><td>").append(Html.escape(r.type()))
          .append("</td><td>").append(Html.escape(ModelSummary.batchShape(r.outputShape())))
          .append("</td><td>").append(r.parametersCell())
          .append("</td></tr>\n");
    }
    b.append("</table>\n<p class=\"note\">").append(Html.escape(summary.totals())).append("</p>\n");
    return Optional.of(b.toString());
  }
}
