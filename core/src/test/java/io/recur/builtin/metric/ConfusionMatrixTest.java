package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.spi.Metric;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixTest {
  // argmax per row: 0, 0, 1, 2, 2, 0
  private static final Tensor OUTPUT = Tensor.of(new float[] {
      0.8f, 0.1f, 0.1f,
      0.5f, 0.4f, 0.1f,
      0.1f, 0.8f, 0.1f,
      0.2f, 0.2f, 0.6f,
      0.1f, 0.1f, 0.8f,
      0.6f, 0.3f, 0.1f}, 6, 3);
  private static final Tensor TARGET = Tensor.of(new float[] {0, 1, 1, 1, 2, 2}, 6);

  @Test
  void countsTruthAgainstArgmax() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.add(OUTPUT, TARGET, null);
    assertArrayEquals(new long[] {1, 0, 0}, m.counts()[0]);
    assertArrayEquals(new long[] {1, 1, 1}, m.counts()[1]);
    assertArrayEquals(new long[] {1, 0, 1}, m.counts()[2]);
    assertEquals(6, m.total());
    assertEquals(3, m.support(1));
    assertEquals(0.5, m.accuracy(), 1e-12);
    assertArrayEquals(new double[] {1.0, 1.0 / 3, 0.5}, m.perClassAccuracy(), 1e-12);
    assertEquals((1.0 + 1.0 / 3 + 0.5) / 3, m.balancedAccuracy(), 1e-12);
  }

  @Test
  void skipsClassesThatNeverOccurAndMaskedSteps() {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.add(0, 0);
    m.add(0, 2);
    assertTrue(Double.isNaN(m.recall(1)));
    assertEquals(0.5, m.balancedAccuracy(), 1e-12);
    assertTrue(Double.isNaN(new ConfusionMatrix(2).balancedAccuracy()));

    ConfusionMatrix steps = new ConfusionMatrix(2);
    Tensor output = Tensor.of(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, 2, 2, 2);
    steps.add(output, Tensor.of(new float[] {0, 0, 0, 1}, 2, 2), Tensor.of(new float[] {1, 1, 1, 0}, 2, 2));
    assertEquals(3, steps.total());
    assertEquals(1, steps.count(0, 1));
  }

  @Test
  void writesCsvWithQuotedNames(@TempDir Path dir) throws Exception {
    ConfusionMatrix m = new ConfusionMatrix(3);
    m.add(OUTPUT, TARGET, null);
    String csv = m.toCsv(List.of("Arabic", "a,b", "say \"hi\""));
    assertEquals("true\\predicted,Arabic,\"a,b\",\"say \"\"hi\"\"\"\n"
        + "Arabic,1,0,0\n"
        + "\"a,b\",1,1,1\n"
        + "\"say \"\"hi\"\"\",1,0,1\n", csv);
    Path file = dir.resolve(ConfusionMatrix.CSV_FILE);
    m.writeCsv(file, List.of("x", "y", "z"));
    assertEquals("true\\predicted,x,y,z\nx,1,0,0\ny,1,1,1\nz,1,0,1\n", Files.readString(file, StandardCharsets.UTF_8));
    assertThrows(IllegalArgumentException.class, () -> m.toCsv(List.of("x")));
  }

  @Test
  void rejectsAnOutputWithAnotherNumberOfClasses() {
    ConfusionMatrix m = new ConfusionMatrix(4);
    RecurException e = assertThrows(RecurException.class, () -> m.add(OUTPUT, TARGET, null));
    assertEquals("confusion matrix: output [6, 3] scores 3 classes; the matrix has 4", e.getMessage());
  }

  @Test
  void aSingleSigmoidUnitIsTwoClasses() {
    assertEquals(2, ConfusionMatrix.classesOf(Tensor.zeros(3, 1)));
    ConfusionMatrix m = new ConfusionMatrix(2);
    m.add(Tensor.of(new float[] {0.9f, 0.2f, 0.7f}, 3, 1), Tensor.of(new float[] {1, 0, 0}, 3), null);
    assertArrayEquals(new long[] {1, 1}, m.counts()[0]);
    assertArrayEquals(new long[] {0, 1}, m.counts()[1]);
  }

  @Test
  void balancedAccuracyMetricAccumulatesTheMatrix() {
    Metric metric = new BalancedAccuracyMetricFactory().create(Fixtures.params(new BalancedAccuracyMetricFactory()), null);
    Metric.Accumulator a = metric.newAccumulator();
    assertTrue(Double.isNaN(a.result()));
    a.update(OUTPUT.rows(0, 3), TARGET.rows(0, 3), null);
    a.update(OUTPUT.rows(3, 6), TARGET.rows(3, 6), null);
    assertEquals((1.0 + 1.0 / 3 + 0.5) / 3, a.result(), 1e-12);
    assertEquals("balanced-accuracy", metric.label());
    assertTrue(metric.higherIsBetter());
  }
}
