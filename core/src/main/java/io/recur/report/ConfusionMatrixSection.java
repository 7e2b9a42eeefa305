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
 * than {@value #HEAT_MAP_CLASSES} classes (a character vocabulary) a heat map no longer fits a
 * page, so the section lists the {@value #TOP_CONFUSIONS} most frequent confusions instead;
 * past {@value #MAX_CLASSES} classes it is left out. Class names are shown printable ({@link
 * ClassNames}: the newline as ⏎).
 */
public final class ConfusionMatrixSection implements ReportSection {
  static final int HEAT_MAP_CLASSES = 20;
  static final int TOP_CONFUSIONS = 15;
  /** Beyond this a class-by-class count table costs more memory than the list is worth. */
  static final int MAX_CLASSES = 1024;

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
    if (!applies[0]) {
      return Optional.empty();
    }
    return Optional.of(classes.size() > HEAT_MAP_CLASSES ? topConfusions(counts, classes, splitName)
        : html(counts, classes, splitName));
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

  /** {@code test split, 1200 predictions, 81.25% correct.} */
  private static String summary(long[][] counts, String split) {
    long total = 0;
    long correct = 0;
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        total += counts[i][j];
      }
      correct += counts[i][i];
    }
    return Html.escape(split) + " split, " + total + " predictions, "
        + String.format(Locale.ROOT, "%.2f%%", total == 0 ? 0.0 : 100.0 * correct / total) + " correct.";
  }

  /**
   * The most frequent (true, predicted) pairs with true ≠ predicted, most frequent first (ties by
   * true class, then predicted class, so the list is the same every time), each with its share of
   * the true class's predictions.
   */
  static String topConfusions(long[][] counts, List<String> classes, String split) {
    List<long[]> pairs = new java.util.ArrayList<>();
    long[] rows = new long[counts.length];
    for (int i = 0; i < counts.length; i++) {
      for (int j = 0; j < counts.length; j++) {
        rows[i] += counts[i][j];
        if (i != j && counts[i][j] > 0) {
          pairs.add(new long[] {counts[i][j], i, j});
        }
      }
    }
    pairs.sort((a, c) -> a[0] != c[0] ? Long.compare(c[0], a[0]) : a[1] != c[1] ? Long.compare(a[1], c[1])
        : Long.compare(a[2], c[2]));
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">").append(summary(counts, split)).append(" With ").append(classes.size())
        .append(" classes a matrix would not fit the page; these are the ").append(Math.min(TOP_CONFUSIONS, pairs.size()))
        .append(" most frequent confusions (the whole matrix is in <code>")
        .append(Html.escape(ClassConfusion.fileName(split))).append("</code> when the run wrote it).</p>\n");
    if (pairs.isEmpty()) {
      return b.append("<p class=\"note\">No confusions: every prediction was right.</p>\n").toString();
    }
    b.append("<table class=\"confusions\"><tr><th>true class</th><th>predicted</th><th>count</th>")
        .append("<th>share of the true class</th></tr>\n");
    for (long[] p : pairs.subList(0, Math.min(TOP_CONFUSIONS, pairs.size()))) {
      int t = (int) p[1];
      int q = (int) p[2];
      b.append("<tr><td>").append(Html.escape(ClassNames.printable(classes.get(t)))).append("</td><td>")
          .append(Html.escape(ClassNames.printable(classes.get(q)))).append("</td><td>").append(p[0]).append("</td><td>")
          .append(String.format(Locale.ROOT, "%.1f%%", 100.0 * p[0] / rows[t])).append("</td></tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  private static String html(long[][] counts, List<String> classes, String split) {
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">").append(summary(counts, split))
        .append(" Rows: true class; columns: predicted class; shade: share of the row.</p>\n");
    b.append("<div class=\"wide\"><table class=\"confusion\"><tr><th>true \\ predicted</th>");
    for (String c : classes) {
      // column heads stand upright so that 20 classes fit the page's width
      b.append("<th class=\"predicted\"><span>").append(Html.escape(ClassNames.printable(c))).append("</span></th>");
    }
    b.append("<th>recall</th></tr>\n");
    for (int i = 0; i < counts.length; i++) {
      long row = 0;
      for (long c : counts[i]) {
        row += c;
      }
      b.append("<tr><th>").append(Html.escape(ClassNames.printable(classes.get(i)))).append("</th>");
      for (int j = 0; j < counts.length; j++) {
        double share = row == 0 ? 0 : (double) counts[i][j] / row;
        b.append(String.format(Locale.ROOT, "<td style=\"background:rgba(37,99,235,%.3f);color:%s\" title=\"%.1f%%\">%d</td>",
            share, share > 0.55 ? "#fff" : "#111", 100 * share, counts[i][j]));
      }
      b.append("<td>").append(row == 0 ? "—" : String.format(Locale.ROOT, "%.3f", (double) counts[i][i] / row))
          .append("</td></tr>\n");
    }
    return b.append("</table></div>\n").toString();
  }
}
