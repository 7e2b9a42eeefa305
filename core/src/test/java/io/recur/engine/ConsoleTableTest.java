package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConsoleTableTest {
  @Test
  void aTableOfManyMetricsFitsOneHundredAndTwentyColumnsWithTheLossFirst() {
    List<String> metrics = List.of("accuracy", "top-2-accuracy", "top-3-accuracy", "balanced-accuracy", "loss");
    List<String> columns = new ArrayList<>();
    Map<String, Double> values = new LinkedHashMap<>();
    for (String m : metrics) {
      for (String split : List.of("train", "val", "test")) {
        columns.add(split + "." + m);
        values.put(split + "." + m, 0.5);
      }
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTable table = new ConsoleTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    table.onStart("names-strong", 2, columns);
    table.onEpoch(new EpochResult(0, 0.003, values, 1.0));
    table.onFinish();
    String out = bytes.toString(StandardCharsets.UTF_8);
    for (String line : out.split("\n")) {
      assertTrue(line.startsWith("(") || line.length() <= ConsoleTable.WIDTH, line.length() + ": " + line);
    }
    String header = out.lines().filter(l -> l.startsWith("| epoch")).findFirst().orElseThrow();
    assertTrue(header.indexOf("loss") < header.indexOf("accuracy"), header);
    assertTrue(out.contains("(not shown, to fit 120 columns: ") && out.contains("balanced-accuracy"), out);
  }

  @Test
  void epochsCountFromOneAndTheTestLineSaysWhereItsNumbersComeFrom() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    ConsoleTable table = new ConsoleTable(new PrintStream(bytes, true, StandardCharsets.UTF_8));
    table.onStart("perceptron", 30, List.of("train.loss", "val.loss"));
    for (int e = 0; e < 30; e++) {
      table.onEpoch(new EpochResult(e, 0.1, Map.of("train.loss", 1.0, "val.loss", 1.0), 1.0));
    }
    table.onFinish();
    table.onTest(new FinalTest(11, "val.loss", Map.of("test.accuracy", 0.75, "test.loss", 0.5)));
    String out = bytes.toString(StandardCharsets.UTF_8);
    List<String> epochs = out.lines().filter(l -> l.matches("\\|\\s+\\d+ \\|.*"))
        .map(l -> l.substring(1, 7).trim()).toList();
    // 30 epochs show every third: the first, 3, 6, …, and the last, counted as the progress line counts
    assertEquals(List.of("1", "3", "6", "9", "12", "15", "18", "21", "24", "27", "30"), epochs);
    assertTrue(out.contains("test:  loss 0.500  accuracy 0.750  (scored once after training, with the weights of"
        + " epoch 12, the best by val.loss)"), out);
  }
}
