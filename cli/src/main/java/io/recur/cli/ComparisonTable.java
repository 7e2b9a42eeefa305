package io.recur.cli;

import io.recur.model.EpochNumbers;
import io.recur.report.Html;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The text of {@code recur compare}: a row per run (epochs, then each metric's final value and
 * its best with the epoch it came at), then the config keys that differ. It keeps to {@link
 * #WIDTH} columns, a terminal's or a pasted log's: when the metrics do not fit, the losses and
 * the metrics the configs name come first and the table says which are left for the HTML page.
 */
final class ComparisonTable {
  static final int WIDTH = 120;
  private static final int NAME_WIDTH = 34;
  private static final int VALUE_WIDTH = 28;
  private static final String GAP = "  ";

  private ComparisonTable() {}

  static void print(List<ComparedRun> runs, List<String> columns, List<ConfigDifferences.Difference> differences,
      PrintWriter out) {
    int nameWidth = Math.min(NAME_WIDTH, Math.max(3, runs.stream().mapToInt(r -> r.name().length()).max().orElse(3)));
    int numberWidth = String.valueOf(runs.size()).length() + 1;
    List<String[]> cells = new ArrayList<>();
    for (ComparedRun run : runs) {
      String[] row = new String[columns.size()];
      for (int c = 0; c < columns.size(); c++) {
        row[c] = cell(MetricColumns.Summary.of(run, columns.get(c)));
      }
      cells.add(row);
    }
    int[] widths = new int[columns.size()];
    for (int c = 0; c < columns.size(); c++) {
      widths[c] = Math.max(columns.get(c).length(), "final     best@epoch".length());
      for (String[] row : cells) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    int fixed = numberWidth + nameWidth + GAP.length() + "epochs".length();
    List<Integer> shown = shown(runs, columns, widths, WIDTH - fixed);

    StringBuilder head = new StringBuilder(pad("#", numberWidth)).append(pad("run", nameWidth)).append(GAP).append("epochs");
    StringBuilder sub = new StringBuilder(" ".repeat(fixed));
    for (int c : shown) {
      head.append(GAP).append(pad(columns.get(c), widths[c]));
      sub.append(GAP).append(pad("final     best@epoch", widths[c]));
    }
    out.println(head.toString().stripTrailing());
    if (!shown.isEmpty()) {
      out.println(sub.toString().stripTrailing());
    }
    for (int i = 0; i < runs.size(); i++) {
      StringBuilder line = new StringBuilder(pad(String.valueOf(i + 1), numberWidth))
          .append(pad(shorten(runs.get(i).name(), nameWidth), nameWidth)).append(GAP)
          .append(pad(String.valueOf(runs.get(i).epochs()), "epochs".length()));
      for (int c : shown) {
        line.append(GAP).append(pad(cells.get(i)[c], widths[c]));
      }
      out.println(line.toString().stripTrailing());
    }
    if (shown.size() < columns.size()) {
      List<String> rest = new ArrayList<>();
      for (int c = 0; c < columns.size(); c++) {
        if (!shown.contains(c)) {
          rest.add(columns.get(c));
        }
      }
      out.println("(" + rest.size() + " more metric" + (rest.size() == 1 ? "" : "s") + " in the HTML page, --html FILE: "
          + String.join(", ", rest) + ")");
    }
    if (runs.stream().anyMatch(r -> !r.name().equals(shorten(r.name(), nameWidth)))) {
      for (int i = 0; i < runs.size(); i++) {
        out.println("  " + (i + 1) + ": " + runs.get(i).directory());
      }
    }
    out.println();
    printDifferences(runs, differences, out);
  }

  /** {@code 0.6931    0.6902@2}: the final value, then the best and its epoch. */
  static String cell(MetricColumns.Summary s) {
    String best = s.bestEpoch() < 0 ? "—" : Html.number(s.best()) + "@" + EpochNumbers.shown(s.bestEpoch());
    return pad(Html.number(s.last()), 10) + best;
  }

  /**
   * The columns that fit in {@code room}, in table order: chosen losses first, then the metrics
   * any config names, then the rest, as long as there is room; the first always shows.
   */
  private static List<Integer> shown(List<ComparedRun> runs, List<String> columns, int[] widths, int room) {
    Set<String> named = new LinkedHashSet<>();
    runs.forEach(r -> named.addAll(r.named()));
    List<Integer> priority = new ArrayList<>();
    for (int pass = 0; pass < 3; pass++) {
      for (int c = 0; c < columns.size(); c++) {
        String label = MetricColumns.label(columns.get(c));
        int rank = label.equals("loss") ? 0 : named.contains(label) ? 1 : 2;
        if (rank == pass) {
          priority.add(c);
        }
      }
    }
    Set<Integer> chosen = new java.util.TreeSet<>();
    int used = 0;
    for (int c : priority) {
      int need = GAP.length() + widths[c];
      if (chosen.isEmpty() || used + need <= room) {
        chosen.add(c);
        used += need;
      }
    }
    return new ArrayList<>(chosen);
  }

  private static void printDifferences(List<ComparedRun> runs, List<ConfigDifferences.Difference> differences,
      PrintWriter out) {
    if (differences.isEmpty()) {
      out.println("config keys that differ: none (the runs share one config)");
      return;
    }
    out.println("config keys that differ:");
    int keyWidth = differences.stream().mapToInt(d -> d.key().length()).max().orElse(3);
    int[] widths = new int[runs.size()];
    for (int i = 0; i < runs.size(); i++) {
      widths[i] = ("#" + (i + 1)).length();
      for (ConfigDifferences.Difference d : differences) {
        widths[i] = Math.max(widths[i], shorten(d.values().get(i), VALUE_WIDTH).length());
      }
    }
    StringBuilder head = new StringBuilder("  ").append(pad("key", keyWidth));
    for (int i = 0; i < runs.size(); i++) {
      head.append(GAP).append(pad("#" + (i + 1), widths[i]));
    }
    out.println(head.toString().stripTrailing());
    for (ConfigDifferences.Difference d : differences) {
      StringBuilder line = new StringBuilder("  ").append(pad(d.key(), keyWidth));
      for (int i = 0; i < runs.size(); i++) {
        line.append(GAP).append(pad(shorten(d.values().get(i), VALUE_WIDTH), widths[i]));
      }
      out.println(line.toString().stripTrailing());
    }
  }

  private static String pad(String s, int width) {
    return s.length() >= width ? s : s + " ".repeat(width - s.length());
  }

  /** At most {@code width} characters: the start and the end, which tell run names apart, kept. */
  static String shorten(String s, int width) {
    if (s.length() <= width) {
      return s;
    }
    int head = (width - 1) / 2;
    return s.substring(0, head) + "…" + s.substring(s.length() - (width - 1 - head));
  }
}
