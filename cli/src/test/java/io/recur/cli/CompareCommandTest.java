package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.report.Html;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur compare}: two tiny runs that differ only in their learning rate, side by side in
 * text and in HTML, and the inputs it refuses.
 */
class CompareCommandTest {
  @TempDir static Path tmp;
  static Path slow;
  static Path fast;

  @BeforeAll
  static void train() {
    slow = train("slow", "0.01");
    fast = train("fast", "0.05");
  }

  private static Path train(String name, String learningRate) {
    Path run = tmp.resolve(name);
    CliRunner.Result r = CliRunner.run("train", CliRunner.config("dummy-string/perceptron.yaml").toString(),
        "--run-dir", run.toString(), "--set", "training.epochs=3", "--set", "data.samples=60",
        "--set", "optimizer.learning_rate=" + learningRate);
    assertEquals(0, r.exitCode(), r.err());
    return run;
  }

  /** The epochs of a run's metrics.jsonl, as the file holds them. */
  private static List<Map<?, ?>> epochs(Path run) throws IOException {
    List<Map<?, ?>> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      out.add((Map<?, ?>) Json.read(line));
    }
    return out;
  }

  private static String row(String out, String name) {
    return out.lines().filter(l -> l.matches("\\d+ +" + name + " .*")).findFirst().orElseThrow(() ->
        new AssertionError("no row for " + name + " in:\n" + out));
  }

  @Test
  void theTableHoldsEachRunsFinalAndBestValues() throws IOException {
    CliRunner.Result r = CliRunner.run("compare", slow.toString(), fast.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().lines().allMatch(l -> l.length() <= ComparisonTable.WIDTH), r.out());
    assertTrue(r.out().lines().findFirst().orElseThrow().contains("val.loss"), r.out());
    for (Path run : List.of(slow, fast)) {
      List<Map<?, ?>> epochs = epochs(run);
      double last = ((Number) epochs.get(epochs.size() - 1).get("val.loss")).doubleValue();
      double best = Double.POSITIVE_INFINITY;
      int bestEpoch = -1;
      for (Map<?, ?> e : epochs) {
        double v = ((Number) e.get("val.loss")).doubleValue();
        if (v < best) {
          best = v;
          bestEpoch = ((Number) e.get("epoch")).intValue() + 1; // the table counts from 1
        }
      }
      String row = row(r.out(), run.getFileName().toString());
      assertTrue(row.contains(" 3 "), "three epochs: " + row);
      assertTrue(row.contains(Html.number(last) + " "), "final val.loss " + Html.number(last) + ": " + row);
      assertTrue(row.contains(Html.number(best) + "@" + bestEpoch), "best val.loss: " + row);
    }
  }

  @Test
  void theDifferingKeysAreTheLearningRateAlone() {
    CliRunner.Result r = CliRunner.run("compare", slow.toString(), fast.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    List<String> lines = r.out().lines().toList();
    int at = lines.indexOf("config keys that differ:");
    assertTrue(at >= 0, r.out());
    // the header, then one line per key
    List<String> keys = lines.subList(at + 2, lines.size()).stream().map(l -> l.strip().split(" +")).map(a -> a[0])
        .toList();
    assertEquals(List.of("optimizer.learning_rate"), keys, r.out());
    String line = lines.get(at + 2);
    assertTrue(line.matches(" +optimizer\\.learning_rate +0\\.01 +0\\.05"), line);
  }

  @Test
  void theHtmlPageIsSelfContainedWithOneChartPerSharedMetric() throws IOException {
    Path page = tmp.resolve("pages/compare.html");
    Files.createDirectories(page.getParent());
    CliRunner.Result r = CliRunner.run("compare", slow.toString(), fast.toString(), "--html", page.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    String html = Files.readString(page);
    assertFalse(html.contains("http://") || html.contains("https://") || html.contains("src=\"http"), "fetches nothing");
    Set<String> columns = new LinkedHashSet<>();
    epochs(slow).forEach(e -> e.keySet().forEach(k -> columns.add(String.valueOf(k))));
    columns.removeAll(List.of("epoch", "lr", "seconds"));
    assertTrue(columns.contains("val.accuracy"), columns.toString());
    int images = html.split("<img ", -1).length - 1;
    assertEquals(columns.size(), images, "one chart per metric " + columns);
    assertEquals(columns.size(), html.split("src=\"data:image/png;base64,", -1).length - 1);
    assertTrue(html.contains("optimizer.learning_rate"), "the differing key");
  }

  @Test
  void aFolderThatIsNotARunIsRefusedByName() throws IOException {
    Path empty = Files.createDirectories(tmp.resolve("not-a-run"));
    CliRunner.Result r = CliRunner.run("compare", slow.toString(), empty.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(empty + ": not a run directory"), r.err());
  }

  @Test
  void oneRunIsNotAComparison() {
    CliRunner.Result r = CliRunner.run("compare", slow.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("at least two runs"), r.err());
  }

  @Test
  void aMalformedMetricsLineIsNamedByFileAndLine() throws IOException {
    Path broken = tmp.resolve("broken");
    Files.createDirectories(broken);
    for (String f : List.of("config.yaml", "provenance.json")) {
      Files.copy(slow.resolve(f), broken.resolve(f));
    }
    List<String> lines = new ArrayList<>(Files.readAllLines(slow.resolve("metrics.jsonl")));
    lines.set(1, lines.get(1).substring(0, lines.get(1).length() / 2));
    Files.write(broken.resolve("metrics.jsonl"), lines);
    CliRunner.Result r = CliRunner.run("compare", fast.toString(), broken.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains(broken.resolve("metrics.jsonl") + ":2: "), r.err());
  }
}
