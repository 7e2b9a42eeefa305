package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The airline passengers with {@code configs/airline/linear-rnn.yaml}, reduced to a third of its
 * epochs: it must learn, beat the seasonal-naive forecast on the last 24 months in the units the
 * dataset reports it in, and forecast those months in a closed loop with {@code recur generate}.
 */
class AirlineTaskTest {
  @TempDir Path tmp;

  @SuppressWarnings("unchecked")
  private static Map<String, Object> json(String text) {
    return (Map<String, Object>) Json.read(text);
  }

  private static double number(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @Test
  void itBeatsTheSeasonalNaiveForecastAndForecastsTheTestYearsInAClosedLoop() throws IOException {
    DataMirror.require("airline_passengers/airline_passengers.csv");
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run(Runs.args("airline/linear-rnn.yaml", run, "--set", "training.epochs=100")
        .toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    Map<String, Object> first = json(lines.get(0));
    Map<String, Object> last = Runs.finalMetrics(run);
    assertTrue(number(last, "train.loss") < 0.3 * number(first, "train.loss"), first + " → " + last);
    Map<String, Object> baselines = json(Files.readString(run.resolve("baselines.json")));
    // both normalised with the training months' mean and std
    assertTrue(number(last, "test.loss") < number(baselines, "test.seasonal-naive-mse"),
        last.get("test.loss") + " against " + baselines.get("test.seasonal-naive-mse"));

    Path csv = tmp.resolve("forecast.csv");
    CliRunner.Result g = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--length", "24",
        "--csv", csv.toString());
    assertEquals(0, g.exitCode(), g.err());
    assertTrue(g.out().contains("generated 24 values after 13 values of test sample 0"), g.out());
    assertTrue(g.out().contains("in original units"), g.out());
    List<String> rows = Files.readAllLines(csv);
    assertEquals(1 + 13 + 24, rows.size());
    // original units: the first primed value is December 1957's 336 passengers (thousands)
    String[] cells = rows.get(1).split(",");
    assertEquals("0,0,prime", cells[0] + "," + cells[1] + "," + cells[2]);
    assertEquals(336.0, Double.parseDouble(cells[3]), 1e-3);
    assertTrue(Files.readString(run.resolve("report.html")).contains("<h2>Prediction against truth</h2>"));
  }
}
