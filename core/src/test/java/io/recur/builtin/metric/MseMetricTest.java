package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.builtin.loss.MseLossFactory;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MseMetricTest {
  private static Metric mse(int warmup) {
    MseMetricFactory f = new MseMetricFactory();
    return f.create(Fixtures.params(f, Map.of("warmup", warmup)), null);
  }

  // [N=2, T=3, F=1]: errors 1, 2, 3 and 0, 0, 4
  private static final Tensor OUT = Tensor.of(new float[] {1, 2, 3, 0, 0, 4}, 2, 3, 1);
  private static final Tensor TARGET = Tensor.zeros(2, 3, 1);

  private static double value(Metric m, Tensor out, Tensor target, Tensor mask) {
    Metric.Accumulator a = m.newAccumulator();
    a.update(out, target, mask);
    return a.result();
  }

  @Test
  void isTheMeanSquaredErrorOverEveryElementAndEqualsTheMseLoss() {
    Metric m = mse(0);
    assertEquals("mse", m.label());
    assertFalse(m.higherIsBetter());
    assertEquals((1 + 4 + 9 + 0 + 0 + 16) / 6.0, value(m, OUT, TARGET, null), 1e-12);
    Loss loss = new MseLossFactory().create(Fixtures.params(new MseLossFactory()));
    assertEquals(loss.compute(OUT, TARGET, null).item(), value(m, OUT, TARGET, null), 1e-6);
  }

  @Test
  void warmupLeavesOutTheFirstStepsOfEverySequence() {
    Metric m = mse(2);
    assertEquals("mse-after-2", m.label());
    assertEquals((9 + 16) / 2.0, value(m, OUT, TARGET, null), 1e-12);
  }

  @Test
  void maskedStepsAreLeftOutAndBatchesAddUp() {
    Tensor mask = Tensor.of(new float[] {1, 1, 0, 1, 1, 1}, 2, 3);
    assertEquals((1 + 4 + 0 + 0 + 16) / 5.0, value(mse(0), OUT, TARGET, mask), 1e-12);
    Metric.Accumulator a = mse(1).newAccumulator();
    a.update(OUT.rows(0, 1), TARGET.rows(0, 1), null);
    a.update(OUT.rows(1, 2), TARGET.rows(1, 2), null);
    assertEquals((4 + 9 + 0 + 16) / 4.0, a.result(), 1e-12);
    assertTrue(Double.isNaN(mse(0).newAccumulator().result()));
  }

  @Test
  void refusesOtherShapesAndWarmupWithoutATimeAxis() {
    String shape = assertThrows(RecurException.class, () -> value(mse(0), OUT, Tensor.zeros(2, 3), null)).getMessage();
    assertEquals("metric 'mse': output [2, 3, 1] and target [2, 3] differ in shape; mse compares real values element"
        + " by element", shape);
    String warmup = assertThrows(RecurException.class,
        () -> value(mse(1), Tensor.zeros(4, 1), Tensor.zeros(4, 1), null)).getMessage();
    assertEquals("metric 'mse-after-1': warmup 1 needs outputs with a time axis [N, T, F], got [4, 1]", warmup);
  }
}
