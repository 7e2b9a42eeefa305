package io.recur.engine;

import io.recur.model.EpochResult;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
