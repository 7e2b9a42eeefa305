package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.metric.ConfusionMatrix;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PerClassAccuracySectionTest {
  @Test
  void tablesAccuracyPerClassTheMostCommonMistakeAndTheMajorityBaseline() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    // Greek: 3 of 4 right, once taken for Italian; Italian: 1 of 2; <Korean>: never seen
    m.add(0, 0);
    m.add(0, 0);
    m.add(0, 0);
    m.add(0, 1);
    m.add(1, 1);
    m.add(1, 0);
    String html = PerClassAccuracySection.html(m, List.of("Greek", "Italian", "<Korean>"), "test",
        Map.of("test.majority-accuracy", 0.4, "val.majority-accuracy", 0.3, "test.other", 1.0));
    assertTrue(html.contains("<tr><td>Greek</td><td>4</td><td>3</td><td>0.7500</td><td>Italian (25.0%)</td></tr>"), html);
    assertTrue(html.contains("<tr><td>Italian</td><td>2</td><td>1</td><td>0.5000</td><td>Greek (50.0%)</td></tr>"), html);
    assertTrue(html.contains("<tr><td>&lt;Korean&gt;</td><td>0</td><td>0</td><td>—</td><td>—</td></tr>"), html);
    assertTrue(html.contains("<tr><td>accuracy</td><td>0.6667</td></tr>"), html);
    assertTrue(html.contains("<tr><td>balanced accuracy (mean of the per-class accuracies)</td><td>0.6250</td></tr>"), html);
    assertTrue(html.contains("<tr><td>baseline: majority-accuracy (no training)</td><td>0.4000</td></tr>"), html);
    assertTrue(html.contains("<code>confusion-test.csv</code>"), html);
    assertEquals(-1, html.indexOf("0.3000"), "only the split's own baseline");
    assertEquals(-1, html.indexOf("other"), "only majority baselines");
  }
}
