package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.model.EpochResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

class CurvesTest {
  private static List<EpochResult> history(boolean timed) {
    List<EpochResult> h = new ArrayList<>();
    for (int e = 0; e < 12; e++) {
      double loss = 3 * Math.pow(0.6, e);   // 3 → 0.01: more than two decades
      h.add(new EpochResult(e, 1e-2 * Math.pow(0.5, e), Map.of("train.loss", loss, "val.loss", loss * 1.1,
          "train.accuracy", 0.5 + e / 30.0, "val.accuracy", 0.5 + e / 40.0), timed ? 2.0 + e % 3 : Double.NaN));
    }
    return h;
  }

  @Test
  void eachMetricThenTheLearningRateAndTheTimePerEpoch() {
    List<String> titles = Curves.charts(history(true)).stream().map(XYChart::getTitle).toList();
    assertEquals(List.of("loss", "accuracy", "learning rate", "seconds per epoch"), titles);
  }

  @Test
  void curvesSpanningMoreThanADecadeAreOnALogScale() {
    List<XYChart> charts = Curves.charts(history(true));
    assertEquals("loss (log scale)", charts.get(0).getYAxisTitle());
    assertEquals("accuracy", charts.get(1).getYAxisTitle());
    assertEquals("learning rate (log scale)", charts.get(2).getYAxisTitle());
    // the legend sits below the plot, never over a line, and only where there are lines to tell apart
    assertTrue(charts.get(0).getStyler().isLegendVisible());
    assertFalse(charts.get(2).getStyler().isLegendVisible());
    assertEquals("OutsideS", charts.get(0).getStyler().getLegendPosition().name());
  }

  @Test
  void anOlderHistoryWithoutTimesHasNoTimeChart() {
    List<String> titles = Curves.charts(history(false)).stream().map(XYChart::getTitle).toList();
    assertFalse(titles.contains("seconds per epoch"), titles.toString());
    assertTrue(Curves.png(history(false)).isPresent());
  }
}
