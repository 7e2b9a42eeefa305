package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The per-epoch table of seed 000: epoch (counted from 1, as the progress line counts), learning
 * rate, then each metric for each split, then the experiment name. Rows are printed as epochs finish; with many epochs only every n-th (and
 * the last) is shown so the table stays about ten rows long. The table fits {@link #WIDTH}
 * columns: the loss first, then the metrics in the config's order while they fit; the others are
 * named below the header and are in metrics.jsonl and the report.
 */
final class ConsoleTable implements TrainingListener {
  /** Characters a table line may take: a terminal of 120 columns shows it whole. */
  static final int WIDTH = 120;
  private static final String LOSS = "loss";

  private final PrintStream out;
  private List<String> columns = List.of();
  private List<Integer> widths = List.of();
  private String experiment = "";
  private int epochs;
  private int every = 1;
  private int experimentWidth;

  ConsoleTable(PrintStream out) {
    this.out = out;
  }

  @Override
  public void onStart(String experimentName, int epochCount, List<String> metricColumns) {
    this.experiment = experimentName;
    this.epochs = epochCount;
    this.every = epochCount <= 20 ? 1 : (int) Math.ceil(epochCount / 10.0);
    this.experimentWidth = Math.max(10, experiment.length());
    List<String> hidden = new ArrayList<>();
    this.columns = fitting(metricColumns, hidden);
    List<Integer> w = new ArrayList<>();
    for (String c : columns) {
      w.add(width(c));
    }
    this.widths = w;
    if (!hidden.isEmpty()) {
      out.println("(not shown, to fit " + WIDTH + " columns: " + String.join(", ", hidden)
          + "; every metric is in metrics.jsonl and report.html)");
    }
    out.println(rule());
    StringBuilder top = new StringBuilder("| epoch | lrate    |");
    StringBuilder sub = new StringBuilder("|       |          |");
    String previousMetric = null;
    for (int i = 0; i < columns.size(); i++) {
      String metric = metricOf(columns.get(i));
      top.append(' ').append(pad(metric.equals(previousMetric) ? "" : metric, widths.get(i))).append(" |");
      sub.append(' ').append(pad(splitOf(columns.get(i)), widths.get(i))).append(" |");
      previousMetric = metric;
    }
    top.append(' ').append(pad("experiment", experimentWidth)).append(" |");
    sub.append(' ').append(pad("", experimentWidth)).append(" |");
    out.println(top);
    out.println(sub);
    out.println(rule());
  }

  private static int width(String column) {
    return Math.max(8, Math.max(metricOf(column).length(), splitOf(column).length()));
  }

  /**
   * The columns shown: every split of the loss, then of each other metric in the order given,
   * while the table stays within {@link #WIDTH}; the metrics left out go to {@code hidden}.
   */
  private List<String> fitting(List<String> metricColumns, List<String> hidden) {
    java.util.Map<String, List<String>> byMetric = new java.util.LinkedHashMap<>();
    if (metricColumns.stream().anyMatch(c -> metricOf(c).equals(LOSS))) {
      byMetric.put(LOSS, new ArrayList<>());
    }
    for (String c : metricColumns) {
      byMetric.computeIfAbsent(metricOf(c), k -> new ArrayList<>()).add(c);
    }
    // "| epoch | lrate    |" and the experiment column
    int used = 20 + experimentWidth + 3;
    List<String> shown = new ArrayList<>();
    for (java.util.Map.Entry<String, List<String>> e : byMetric.entrySet()) {
      int need = e.getValue().stream().mapToInt(c -> width(c) + 3).sum();
      if (!shown.isEmpty() && used + need > WIDTH) {
        hidden.add(e.getKey());
        continue;
      }
      used += need;
      shown.addAll(e.getValue());
    }
    return List.copyOf(shown);
  }

  @Override
  public void onEpoch(EpochResult r) {
    // the first epoch, every n-th as people count (4, 8, 12, …) and the last
    int shown = EpochNumbers.shown(r.epoch());
    if (shown != 1 && shown % every != 0 && shown != epochs) {
      return;
    }
    StringBuilder row = new StringBuilder();
    row.append("| ").append(String.format(Locale.ROOT, "%5d", EpochNumbers.shown(r.epoch()))).append(" | ")
        .append(String.format(Locale.ROOT, "%.2e", r.learningRate())).append(" |");
    for (int i = 0; i < columns.size(); i++) {
      Double v = r.metrics().get(columns.get(i));
      String s = v == null ? "" : format(v);
      row.append(' ').append(padLeft(s, widths.get(i))).append(" |");
    }
    row.append(' ').append(pad(experiment, experimentWidth)).append(" |");
    out.println(row);
    out.flush();
  }

  @Override
  public void onFinish() {
    out.println(rule());
    out.flush();
  }

  @Override
  public void onNotice(String message) {
    out.println(message);
    out.flush();
  }

  /**
   * The test split's metrics below the table, on one line that says where they come from: the
   * table's epochs never scored it ({@code training.evaluate_test: end}).
   */
  @Override
  public void onTest(FinalTest test) {
    StringBuilder line = new StringBuilder("test:");
    // the loss first, as in the table
    test.metrics().entrySet().stream().sorted((x, y) -> Boolean.compare(!metricOf(x.getKey()).equals(LOSS),
        !metricOf(y.getKey()).equals(LOSS))).forEach(e -> line.append("  ").append(metricOf(e.getKey())).append(' ')
        .append(format(e.getValue())));
    out.println(line + "  (" + test.source() + ")");
    out.flush();
  }

  @Override
  public void onBaselines(java.util.Map<String, Double> baselines) {
    out.println("baselines (no training):");
    int width = baselines.keySet().stream().mapToInt(String::length).max().orElse(0);
    baselines.forEach((k, v) -> out.println(String.format(Locale.ROOT, "  %-" + width + "s  %.4f", k, v)));
    out.flush();
  }

  /**
   * Three decimals; a value too small to show in them (a p-value such as 3.2e-07) in scientific
   * notation instead of as 0.000.
   */
  static String format(double v) {
    return v != 0 && Math.abs(v) < 0.0005 ? String.format(Locale.ROOT, "%.1e", v) : String.format(Locale.ROOT, "%.3f", v);
  }

  private String rule() {
    StringBuilder b = new StringBuilder("+-------+----------+");
    for (int w : widths) {
      b.append("-".repeat(w + 2)).append('+');
    }
    return b.append("-".repeat(experimentWidth + 2)).append('+').toString();
  }

  private static String metricOf(String column) {
    return column.substring(column.indexOf('.') + 1);
  }

  private static String splitOf(String column) {
    return column.substring(0, column.indexOf('.'));
  }

  private static String pad(String s, int w) {
    return s.length() >= w ? s : s + " ".repeat(w - s.length());
  }

  private static String padLeft(String s, int w) {
    return s.length() >= w ? s : " ".repeat(w - s.length()) + s;
  }
}
