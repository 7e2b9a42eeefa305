package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ConfusionMatrixSectionTest {
  @Test
  void countsTrueAgainstPredictedClassesFromClassIndices() {
    long[][] counts = new long[3][3];
    Tensor out = Tensor.of(new float[] {
        0.8f, 0.1f, 0.1f,
        0.1f, 0.7f, 0.2f,
        0.3f, 0.3f, 0.4f,
        0.6f, 0.2f, 0.2f}, 4, 3);
    assertTrue(ConfusionMatrixSection.add(counts, out, Tensor.of(new float[] {0, 1, 2, 2}, 4), null));
    assertArrayEquals(new long[] {1, 0, 0}, counts[0]);
    assertArrayEquals(new long[] {0, 1, 0}, counts[1]);
    assertArrayEquals(new long[] {1, 0, 1}, counts[2]);
  }

  @Test
  void oneHotTargetsAndASigmoidUnitWork() {
    long[][] counts = new long[2][2];
    Tensor out = Tensor.of(new float[] {0.9f, 0.2f, 0.6f}, 3, 1);
    assertTrue(ConfusionMatrixSection.add(counts, out, Tensor.of(new float[] {1, 0, 0}, 3, 1), null));
    assertArrayEquals(new long[] {1, 1}, counts[0]);
    assertArrayEquals(new long[] {0, 1}, counts[1]);
  }

  @Test
  void maskedPositionsAreNotCounted() {
    long[][] counts = new long[2][2];
    // [N=1, T=3, C=2] with the last step padding
    Tensor out = Tensor.of(new float[] {0.9f, 0.1f, 0.2f, 0.8f, 0.9f, 0.1f}, 1, 3, 2);
    Tensor mask = Tensor.of(new float[] {1, 1, 0}, 1, 3);
    assertTrue(ConfusionMatrixSection.add(counts, out, Tensor.of(new float[] {0, 1, 1}, 1, 3), mask));
    assertArrayEquals(new long[] {1, 0}, counts[0]);
    assertArrayEquals(new long[] {0, 1}, counts[1]);
  }

  @Test
  void targetsOfAnotherShapeAreNotAClassification() {
    assertFalse(ConfusionMatrixSection.add(new long[2][2], Tensor.zeros(4, 2), Tensor.zeros(4, 5), null));
  }

  @Test
  void htmlEscapesText() {
    assertTrue(Html.escape("<a & 'b'>").equals("&lt;a &amp; &#39;b&#39;&gt;"));
  }

  @Test
  void pastTwentyClassesTheMostFrequentConfusionsAreListedWithPrintableNames() {
    int n = 27;
    java.util.List<String> classes = new java.util.ArrayList<>();
    classes.add("\n");
    for (char c = 'a'; c <= 'z'; c++) {
      classes.add(String.valueOf(c));
    }
    long[][] counts = new long[n][n];
    counts[0][0] = 50;
    counts[0][5] = 30; // the end of a name mistaken for 'e' most often
    counts[1][2] = 7;
    counts[3][4] = 7;
    counts[2][2] = 9;
    String html = ConfusionMatrixSection.topConfusions(counts, classes, "test");
    assertTrue(html.contains("<tr><td>⏎</td><td>e</td><td>30</td><td>37.5%</td></tr>"), html);
    // ties by true class, then predicted class
    assertTrue(html.indexOf("<td>a</td><td>b</td><td>7</td>") < html.indexOf("<td>c</td><td>d</td><td>7</td>"), html);
    assertTrue(html.contains("3 most frequent confusions") && html.contains("With 27 classes"), html);
    assertFalse(html.contains("background:rgba"), "no heat map");
  }
}
