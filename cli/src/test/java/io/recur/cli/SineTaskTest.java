package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.model.Contexts;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 004's sinusoids, reduced: the shipped {@code configs/sine/one-frequency.yaml} (linear RNN,
 * MSE) on 100 sequences for a few epochs must learn; {@code recur generate} must feed each
 * output back as the next input, write CSV, and give the same bits twice; the report must plot
 * prediction against truth.
 */
class SineTaskTest {
  @TempDir static Path shared;
  static Path run;

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    run = shared.resolve("run");
    CliRunner.Result r = CliRunner.run(Runs.args("sine/one-frequency.yaml", run, "--set", "data.samples=100",
        "--set", "training.epochs=12").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return (Map<String, Object>) Json.read(text);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @Test
  void theLinearRnnLearnsToPredictTheNextValue() throws IOException {
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    Map<String, Object> first = json(lines.get(0));
    Map<String, Object> last = Runs.finalMetrics(run);
    assertTrue(number(last, "train.loss") < 0.2 * number(first, "train.loss"),
        number(first, "train.loss") + " → " + number(last, "train.loss"));
    // far below predicting that the next value equals the current one
    double lastValue = number(json(Files.readString(run.resolve("baselines.json"))), "test.last-value-mse");
    assertTrue(number(last, "test.mse-after-10") < 0.05 * lastValue, last.toString());
    assertTrue(number(last, "test.mse-after-10") < number(last, "test.mse"), "the blind first steps cost the most");
  }

  @Test
  void generateFeedsEachOutputBackAsTheNextInput() throws IOException {
    Path csv = tmp.resolve("gen.csv");
    CliRunner.Result r = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--prime-steps", "12",
        "--length", "30", "--sample", "3", "--csv", csv.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("generated 30 values after 12 values of test sample 3"), r.out());
    assertTrue(r.out().contains("sample 3: MSE against the true continuation (30 values)"), r.out());
    List<String> rows = Files.readAllLines(csv);
    assertEquals("sequence,step,role,value,truth", rows.get(0));
    assertEquals(1 + 12 + 30, rows.size());
    List<Float> values = new ArrayList<>();
    for (int i = 1; i < rows.size(); i++) {
      String[] cells = rows.get(i).split(",", -1);
      assertEquals("3", cells[0]);
      assertEquals(String.valueOf(i - 1), cells[1]);
      assertEquals(i <= 12 ? "prime" : "generated", cells[2]);
      values.add(Float.parseFloat(cells[3]));
      assertTrue(!cells[4].isEmpty(), "the signal has 150 values: every generated one has its truth");
    }
    // each generated value is the model's next-step output on everything before it, fed back
    Registry registry = Registries.withPlugins(List.of(), line -> { });
    SavedModel.Loaded model = SavedModel.load(run.resolve("model"), registry);
    for (int k = 12; k < values.size(); k++) {
      float[] history = new float[k];
      for (int i = 0; i < k; i++) {
        history[i] = values.get(i);
      }
      Tensor out = model.model().forward(Tensor.of(history, 1, k, 1), Contexts.evaluation(null));
      assertEquals(out.data()[k - 1], values.get(k), 1e-6f, "step " + k);
    }
  }

  @Test
  void generationIsDeterministicAndTakesAPrimeOfNumbers() throws IOException {
    Path a = tmp.resolve("a.csv");
    Path b = tmp.resolve("b.csv");
    for (Path p : List.of(a, b)) {
      CliRunner.Result r = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--count", "3",
          "--csv", p.toString());
      assertEquals(0, r.exitCode(), r.err());
      assertTrue(r.out().contains("mean MSE over 3 samples"), r.out());
    }
    assertEquals(Files.readString(a), Files.readString(b));
    assertEquals(1 + 3 * (20 + 100), Files.readAllLines(a).size(), "20 primed and 100 generated values per sample");

    Path primed = tmp.resolve("primed.csv");
    CliRunner.Result r = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--prime",
        "0, 0.5878, 0.9511 0.9511", "--length", "3", "--csv", primed.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> rows = Files.readAllLines(primed);
    assertEquals(List.of("0,0,prime,0.0,0.0", "0,1,prime,0.5878,0.5878"), rows.subList(1, 3));
    assertTrue(rows.get(5).startsWith("0,4,generated,") && rows.get(5).endsWith(","), "no truth after a --prime");

    CliRunner.Result bad = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--prime", "0,x");
    assertEquals(2, bad.exitCode());
    assertTrue(bad.err().contains("--prime: 'x' is not a finite number"), bad.err());
  }

  @Test
  void theReportPlotsPredictionAgainstTruth() throws IOException {
    String html = Files.readString(run.resolve("report.html"));
    int section = html.indexOf("<h2>Prediction against truth</h2>");
    assertTrue(section > 0, "the section is there");
    assertTrue(html.indexOf("Generated: 130 values after 20 true ones", section) > 0, html.substring(section));
    assertTrue(html.indexOf("alt=\"the true signal and the model&#39;s next-step predictions\" src=\"data:image/png;base64,iVBOR",
        section) > 0);
    assertTrue(html.indexOf("alt=\"the true signal and the model&#39;s closed-loop continuation\" src=\"data:image/png;base64,iVBOR",
        section) > 0);
    assertEquals(-1, html.indexOf("<h2>Confusion matrix</h2>"), "a regression has no confusion matrix");
    assertTrue(Files.notExists(run.resolve("confusion-test.csv")));
  }
}
