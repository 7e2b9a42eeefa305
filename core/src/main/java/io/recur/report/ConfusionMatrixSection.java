package io.recur.report;

import io.recur.builtin.loss.MaskedPositions;
import io.recur.spi.Split;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The confusion matrix of a classifier on the evaluation split (test, else validation) as a
 * heat map: rows are true classes, columns predicted ones, each cell shaded by its share of the
 * row. Applies when the dataset names at least two classes and the model outputs one score per
 * class (or one sigmoid unit for two); positions the mask excludes are not counted. With more
 * than {@value #MAX_CLASSES} classes (a character vocabulary) a heat map is unreadable and the
 * section is left out.
 */
public final class ConfusionMatrixSection implements ReportSection {
  static final int MAX_CLASSES = 40;

  @Override
  public String title() {
    return "Confusion matrix";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    List<String> classes = context.schema().classes();
    String splitName = context.evaluationSplit();
    Split split = context.dataset().splits().get(splitName);
    if (classes.size() < 2 || classes.size() > MAX_CLASSES || split == null || split.size() == 0) {
      return Optional.empty();
    }
    long[][] counts = new long[classes.size()][classes.size()];
    boolean[] applies = {true};
    context.predict(splitName, (out, targets, mask) -> {
      int k = Shape.last(out.shape());
      if (!applies[0] || (k != classes.size() && !(k == 1 && classes.size() == 2))) {
        applies[0] = false;
        return;
      }
      applies[0] = add(counts, out, targets, mask);
    });
    return applies[0] ? Optional.of(html(counts, classes, splitName)) : Optional.empty();
  }

  /**
   * Adds one batch to counts[true][predicted]; false when the targets are not class labels of
   * this output (a regression, a sequence-to-sequence target of another shape).
   */
  static boolean add(long[][] counts, Tensor out, Tensor targets, Tensor mask) {
    int classes = counts.length;
    int k = Shape.last(out.shape());
    float[] weights = MaskedPositions.weights("confusion matrix", out, mask);
    int[] truth = new int[weights.length];
    float[] t = targets.data();
    if (MaskedPositions.holdsClassIndices(out, targets)) {
      for (int p = 0; p < truth.length; p++) {
        int c = (int) t[p];
        truth[p] = c == t[p] && c >= 0 && c < classes ? c : -1;
      }
    } else if (Arrays.equals(out.shape(), targets.shape())) {
      for (int p = 0; p < truth.length; p++) {
        truth[p] = k == 1 ? (t[p] >= 0.5f ? 1 : 0) : argmax(t, p * k, k);
      }
    } else {
      return false;
    }
    float[] o = out.data();
    for (int p = 0; p < truth.length; p++) {
      if (weights[p] == 0f || truth[p] < 0) {
        continue;
      }
      int predicted = k == 1 ? (o[p] > 0.5f ? 1 : 0) : argmax(o, p * k, k);
      counts[truth[p]][predicted]++;
    }
    return true;
  }

  private static int argmax(float[] v, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (v[offset + j] > v[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  private static String html(long[][] counts, List<String> classes, String split) {
    long total = 0;
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        total += counts[i][j];
      }
      correct += counts[i][i];
    }
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">").append(Html.escape(split)).append(" split, ").append(total)
        .append(" predictions, ").append(String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : 100.0 * correct / total))
        .append(" correct. Rows: true class; columns: predicted class; shade: share of the row.</p>\n");
    b.append("<table class=\"confusion\"><tr><th>true \\ predicted</th>");
    for (String c : classes) {
      b.append("<th>").append(Html.escape(c)).append("</th>");
    }
    b.append("<th>recall</th></tr>\n");
    for (int i = 0; i < counts.length; i++) {
      long row = 0;
      for (long c : counts[i]) {
        row += c;
      }
      b.append("<tr><th>").append(Html.escape(classes.get(i))).append("</th>");
      for (int j = 0; j < counts.length; j++) {
        double share = row == 0 ? 0 : (double) counts[i][j] / row;
        b.append(String.format(Locale.ROOT, "<td style=\"background:rgba(37,99,235,%.3f);color:%s\" title=\"%.1f%%\">%d</td>",
            share, share > 0.55 ? "#fff" : "#111", 100 * share, counts[i][j]));
      }
      b.append("<td>").append(row == 0 ? "—" : String.format(Locale.ROOT, "%.3f", (double) counts[i][i] / row))
          .append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }
}
