package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.Assignment;
import io.recur.spi.sweep.TrialResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.descriptive.SummaryStatistics;

/**
 * The results of a sweep, ordered by its metric: one row per trial ({@code summary.csv}) and,
 * over the seeds each configuration was repeated with, mean, standard deviation and a 95%
 * Student-t confidence interval ({@code summary-by-config.csv}). Everything here is computed
 * from the trials' markers, in a fixed order, so an interrupted and resumed sweep summarises to
 * the same text as an uninterrupted one (wall times aside).
 */
public final class SweepSummary {
  /** The seed's path among a trial's assignments. */
  static final String SEED = "seed";

  /** One trial and its result. */
  public record Row(Trial trial, TrialResult result) {
    /** The last-epoch value of {@code key}; NaN when the trial failed or did not report it. */
    public double last(String key) {
      return result.last().getOrDefault(key, Double.NaN);
    }

    public double best(String key) {
      return result.best().getOrDefault(key, Double.NaN);
    }

    /** The trial's values other than the seed. */
    public List<Assignment> configuration() {
      return trial.assignments().stream().filter(a -> !a.path().equals(SEED)).toList();
    }
  }

  /**
   * A metric over the seeds of one configuration; std and the interval are NaN below two values.
   * The interval is Student's t for the mean, clipped to the values the metric can take: an
   * accuracy lies in [0, 1], so [0.4557, 1.1234] is reported as [0.4557, 1].
   */
  public record Stats(int n, double mean, double std, double ciLow, double ciHigh) {
    static Stats of(List<Double> values) {
      return of(values, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    /** Stats of a metric named {@code metric}: accuracies (every {@code …accuracy} column) are fractions. */
    static Stats of(String metric, List<Double> values) {
      return metric.endsWith("accuracy") ? of(values, 0, 1) : of(values);
    }

    static Stats of(List<Double> values, double lowest, double highest) {
      SummaryStatistics s = new SummaryStatistics();
      values.stream().filter(Double::isFinite).forEach(s::addValue);
      long n = s.getN();
      if (n == 0) {
        return new Stats(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
      }
      if (n == 1) {
        return new Stats(1, s.getMean(), Double.NaN, Double.NaN, Double.NaN);
      }
      double t = new TDistribution(null, n - 1).inverseCumulativeProbability(0.975);
      double half = t * s.getStandardDeviation() / Math.sqrt(n);
      return new Stats((int) n, s.getMean(), s.getStandardDeviation(), Math.max(lowest, s.getMean() - half),
          Math.min(highest, s.getMean() + half));
    }
  }

  /** One configuration (the values without the seed) and its trials. */
  public record Group(String label, List<Assignment> configuration, List<Row> rows, Map<String, Stats> stats) {}

  private final Sweep sweep;
  private final List<Row> rows;
  private final List<Group> groups;
  private final List<String> metrics;
  private final RungHistory history;

  private SweepSummary(Sweep sweep, List<Row> rows, List<Group> groups, List<String> metrics, RungHistory history) {
    this.sweep = sweep;
    this.history = history;
    this.rows = List.copyOf(rows);
    this.groups = List.copyOf(groups);
    this.metrics = List.copyOf(metrics);
  }

  /** @param results one per trial of {@code sweep}, in any order */
  public static SweepSummary of(Sweep sweep, List<TrialResult> results) {
    return of(sweep, results, null);
  }

  /**
   * A halving or Hyperband sweep's summary: the trials and configurations that got further come
   * first (the winner at the top), then by the metric at the length they reached; the tables add
   * each trial's rung history, and the page the rungs and the epochs spent.
   *
   * @param results one per trial of {@code sweep}, in any order: each at the last rung it reached
   * @param history the rungs' outcomes; null for grid and random
   */
  public static SweepSummary of(Sweep sweep, List<TrialResult> results, RungHistory history) {
    requireNonNull(sweep, "sweep is null");
    Map<String, TrialResult> byId = new LinkedHashMap<>();
    results.forEach(r -> byId.put(r.id(), r));
    List<Row> inOrder = new ArrayList<>();
    for (Trial t : sweep.trials()) {
      TrialResult r = byId.get(t.id());
      if (r == null) {
        throw new IllegalArgumentException("no result for trial " + t.id());
      }
      inOrder.add(new Row(t, r));
    }
    Set<String> metrics = new LinkedHashSet<>();
    inOrder.forEach(r -> metrics.addAll(r.result().last().keySet()));
    String metric = sweep.metric();
    List<Row> sorted = new ArrayList<>(inOrder);
    sorted.sort(Comparator.comparingInt((Row r) -> rank(r.result().ok(), r.last(metric)))
        .thenComparingInt(r -> -reached(history, r.trial()))
        .thenComparingDouble(r -> sweep.maximize() ? -r.last(metric) : r.last(metric))
        .thenComparingInt(r -> r.trial().index()));
    Map<String, List<Row>> byConfig = new LinkedHashMap<>();
    inOrder.forEach(r -> byConfig.computeIfAbsent(bracketPrefix(sweep, history, r.trial()) + label(r.configuration()),
        k -> new ArrayList<>()).add(r));
    List<Group> groups = new ArrayList<>();
    byConfig.forEach((label, members) -> {
      Map<String, Stats> stats = new LinkedHashMap<>();
      for (String m : metrics) {
        stats.put(m, Stats.of(m, members.stream().map(r -> r.last(m)).toList()));
      }
      groups.add(new Group(label, members.get(0).configuration(), members, stats));
    });
    groups.sort(Comparator.comparingInt((Group g) -> rank(true, mean(g, metric)))
        .thenComparingInt(g -> -reached(history, g.rows().get(0).trial()))
        .thenComparingDouble(g -> sweep.maximize() ? -mean(g, metric) : mean(g, metric))
        .thenComparingInt(g -> g.rows().get(0).trial().index()));
    return new SweepSummary(sweep, sorted, groups, new ArrayList<>(metrics), history);
  }

  /** The length of the last rung the trial reached; 0 without rungs, so grid and random order as before. */
  private static int reached(RungHistory history, Trial trial) {
    return history == null ? 0 : history.last(trial.id()).map(RungHistory.Step::epochs).orElse(0);
  }

  /** {@code b2 }: Hyperband may run one configuration in several brackets, each its own group. */
  private static String bracketPrefix(Sweep sweep, RungHistory history, Trial trial) {
    if (history == null || sweep.rungs().orElseThrow().schedule().brackets().size() == 1) {
      return "";
    }
    return history.last(trial.id()).map(s -> "b" + s.bracket() + " ").orElse("");
  }

  /** The rung history of a halving or Hyperband sweep; empty for grid and random. */
  public java.util.Optional<RungHistory> history() {
    return java.util.Optional.ofNullable(history);
  }

  /** {@code summary.html}: the tables and a plot of the metric against each swept parameter. */
  public String html() {
    return SummaryHtml.page(this);
  }

  /** Trials with a number first, then those without one, then failed ones. */
  private static int rank(boolean ok, double value) {
    return !ok ? 2 : Double.isNaN(value) ? 1 : 0;
  }

  private static double mean(Group g, String metric) {
    Stats s = g.stats().get(metric);
    return s == null ? Double.NaN : s.mean();
  }

  /** {@code units=8,learning_rate=0.01}, or {@code (base)} for a sweep over seeds alone. */
  static String label(List<Assignment> configuration) {
    return configuration.isEmpty() ? "(base)"
        : configuration.stream().map(Assignment::shortForm).collect(Collectors.joining(","));
  }

  public Sweep sweep() {
    return sweep;
  }

  /** Every trial, best first. */
  public List<Row> rows() {
    return rows;
  }

  /** Every configuration, best mean first. */
  public List<Group> groups() {
    return groups;
  }

  /** The metric keys the trials reported ({@code train.loss}, {@code val.loss}, …), in table order. */
  public List<String> metrics() {
    return metrics;
  }

  /** The swept paths other than the seed, in written order. */
  public List<String> parameterPaths() {
    return sweep.spec().parameters().stream().map(p -> p.path()).toList();
  }

  public long failed() {
    return rows.stream().filter(r -> !r.result().ok()).count();
  }

  /**
   * {@code summary.csv}: rank, id, one column per swept path, seed, status, epochs, the final
   * and the best value of every metric, the error of a failed trial, and the wall time last
   * ({@code seconds}, the only column that differs between runs of the same sweep).
   */
  public String csv() {
    List<String> header = new ArrayList<>(List.of("rank", "id"));
    header.addAll(parameterPaths());
    header.addAll(List.of("seed", "status", "epochs"));
    if (history != null) {
      header.addAll(List.of("bracket", "outcome", "winner"));
      history.rungEpochs().forEach(e -> header.add(sweep.metric() + "@" + e));
    }
    metrics.forEach(m -> header.add("final." + m));
    metrics.forEach(m -> header.add("best." + m));
    header.addAll(List.of("error", "seconds"));
    StringBuilder b = new StringBuilder();
    line(b, header);
    int rank = 1;
    for (Row r : rows) {
      List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++), r.trial().id()));
      Map<String, String> values = r.result().assignments();
      parameterPaths().forEach(p -> cells.add(values.getOrDefault(p, "")));
      cells.add(Long.toString(r.trial().seed()));
      cells.add(r.result().ok() ? TrialMarker.OK : TrialMarker.FAILED);
      cells.add(Integer.toString(r.result().epochs()));
      if (history != null) {
        var last = history.last(r.trial().id());
        cells.add(last.map(x -> Integer.toString(x.bracket())).orElse(""));
        cells.add(last.map(x -> outcome(x)).orElse(""));
        cells.add(history.isWinner(r.trial()) ? "yes" : "");
        history.rungEpochs().forEach(e -> cells.add(number(history.valueAt(r.trial().id(), e))));
      }
      metrics.forEach(m -> cells.add(number(r.last(m))));
      metrics.forEach(m -> cells.add(number(r.best(m))));
      cells.add(r.result().ok() ? "" : r.result().error());
      cells.add(number(r.result().seconds()));
      line(b, cells);
    }
    return b.toString();
  }

  /**
   * {@code summary-by-config.csv}: one row per configuration, best mean first: its values, how
   * many seeds gave a number ({@code n}), and per final metric the mean, the sample standard
   * deviation and the 95% confidence interval of the mean (Student's t, n - 1 degrees of freedom,
   * clipped to [0, 1] for accuracies).
   */
  public String byConfigCsv() {
    List<String> header = new ArrayList<>(List.of("rank", "configuration"));
    header.addAll(parameterPaths());
    header.addAll(List.of("trials", "failed"));
    if (history != null) {
      header.addAll(List.of("bracket", "outcome", "winner", "epochs_spent"));
      history.rungEpochs().forEach(e -> header.add(sweep.metric() + "@" + e + ".mean"));
    }
    for (String m : metrics) {
      header.addAll(List.of(m + ".n", m + ".mean", m + ".std", m + ".ci95_low", m + ".ci95_high"));
    }
    StringBuilder b = new StringBuilder();
    line(b, header);
    int rank = 1;
    for (Group g : groups) {
      List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++), g.label()));
      Map<String, String> values = g.rows().get(0).result().assignments();
      parameterPaths().forEach(p -> cells.add(values.getOrDefault(p, "")));
      cells.add(Integer.toString(g.rows().size()));
      cells.add(Long.toString(g.rows().stream().filter(r -> !r.result().ok()).count()));
      if (history != null) {
        Trial first = g.rows().get(0).trial();
        var last = history.last(first.id());
        cells.add(last.map(x -> Integer.toString(x.bracket())).orElse(""));
        cells.add(last.map(x -> outcome(x)).orElse(""));
        cells.add(history.isWinner(first) ? "yes" : "");
        cells.add(Long.toString(g.rows().stream().mapToLong(r -> history.epochsSpent(r.trial().id())).sum()));
        for (int e : history.rungEpochs()) {
          double sum = 0;
          for (Row r : g.rows()) {
            sum += history.valueAt(r.trial().id(), e);
          }
          cells.add(number(sum / g.rows().size()));
        }
      }
      for (String m : metrics) {
        Stats s = g.stats().get(m);
        cells.addAll(List.of(Integer.toString(s.n()), number(s.mean()), number(s.std()), number(s.ciLow()),
            number(s.ciHigh())));
      }
      line(b, cells);
    }
    return b.toString();
  }

  /**
   * The console table: the best {@code maxRows} trials with the metric's final and best value and
   * the other metrics of its split; then, when seeds repeat, the configurations with mean ± std
   * and the 95% interval.
   */
  public String table(int maxRows) {
    String metric = sweep.metric();
    String split = metric.substring(0, metric.indexOf('.') + 1);
    List<String> others = metrics.stream().filter(m -> m.startsWith(split) && !m.equals(metric)).toList();
    List<String> header = new ArrayList<>(List.of("rank", "trial", metric, "best"));
    header.addAll(others);
    header.add("seconds");
    List<List<String>> body = new ArrayList<>();
    int rank = 1;
    for (Row r : rows.subList(0, Math.min(maxRows, rows.size()))) {
      List<String> cells = new ArrayList<>(List.of(Integer.toString(rank++), r.trial().id()));
      if (r.result().ok()) {
        cells.add(format(r.last(metric)));
        cells.add(format(r.best(metric)));
        others.forEach(m -> cells.add(format(r.last(m))));
      } else {
        cells.add("failed");
        cells.add("");
        others.forEach(m -> cells.add(""));
      }
      cells.add(String.format(Locale.ROOT, "%.1f", r.result().seconds()));
      body.add(cells);
    }
    StringBuilder b = new StringBuilder(align(header, body));
    if (rows.size() > maxRows) {
      b.append("… ").append(rows.size() - maxRows).append(" more in ").append(SweepDirectory.SUMMARY_CSV).append('\n');
    }
    List<Row> failed = rows.stream().filter(r -> !r.result().ok()).toList();
    if (!failed.isEmpty()) {
      b.append('\n').append(failed.size()).append(failed.size() == 1 ? " trial failed:\n" : " trials failed:\n");
      failed.forEach(r -> b.append("  ").append(r.trial().id()).append(": ").append(firstLine(r.result().error()))
          .append('\n'));
    }
    if (sweep.repeats() > 1) {
      List<String> h = List.of("rank", "configuration", "n", metric + " mean ± std", "95% interval");
      List<List<String>> rowsByConfig = new ArrayList<>();
      int k = 1;
      for (Group g : groups.subList(0, Math.min(maxRows, groups.size()))) {
        Stats s = g.stats().get(metric);
        rowsByConfig.add(List.of(Integer.toString(k++), g.label(), Integer.toString(s == null ? 0 : s.n()),
            s == null ? "-" : format(s.mean()) + " ± " + format(s.std()),
            s == null || Double.isNaN(s.ciLow()) ? "-" : "[" + format(s.ciLow()) + ", " + format(s.ciHigh()) + "]"));
      }
      b.append('\n').append(align(h, rowsByConfig));
    }
    return b.toString();
  }

  /** {@code stopped@3}, {@code finished@27}, {@code failed@9}: the decision of the trial's last rung and its length. */
  static String outcome(RungHistory.Step last) {
    return last.decision().text() + "@" + last.epochs();
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Columns padded to their widest cell, text left and numbers right. */
  private static String align(List<String> header, List<List<String>> body) {
    int[] width = new int[header.size()];
    for (int i = 0; i < header.size(); i++) {
      width[i] = header.get(i).length();
      for (List<String> r : body) {
        width[i] = Math.max(width[i], r.get(i).length());
      }
    }
    StringBuilder b = new StringBuilder();
    List<List<String>> all = new ArrayList<>();
    all.add(header);
    all.addAll(body);
    for (List<String> r : all) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < r.size(); i++) {
        String cell = r.get(i);
        boolean numeric = r != header && cell.matches("[-+0-9.eE]+");
        String pad = " ".repeat(width[i] - cell.length());
        line.append(i == 0 ? "" : "  ").append(numeric ? pad + cell : cell + pad);
      }
      b.append(line.toString().stripTrailing()).append('\n');
    }
    return b.toString();
  }

  /** Four decimals, or scientific notation for very large and very small numbers; "-" for none. */
  static String format(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    double a = Math.abs(v);
    return String.format(Locale.ROOT, a != 0 && (a >= 1e5 || a < 1e-3) ? "%.3e" : "%.4f", v);
  }

  /** Exact (shortest round-trip) text; empty for NaN. */
  static String number(double v) {
    return Double.isNaN(v) ? "" : Double.toString(v);
  }

  private static void line(StringBuilder b, List<String> cells) {
    for (int i = 0; i < cells.size(); i++) {
      if (i > 0) {
        b.append(',');
      }
      b.append(csvCell(cells.get(i)));
    }
    b.append('\n');
  }

  /** RFC 4180: quoted when it holds a comma, quote or line break, quotes doubled. */
  static String csvCell(String s) {
    if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
      return '"' + s.replace("\"", "\"\"") + '"';
    }
    return s;
  }
}
