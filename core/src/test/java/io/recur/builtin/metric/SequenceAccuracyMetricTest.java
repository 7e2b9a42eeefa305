package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.spi.Metric;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SequenceAccuracyMetricTest {
  private static Metric sequenceAccuracy() {
    return new SequenceAccuracyMetricFactory().create(Fixtures.params(new SequenceAccuracyMetricFactory()), null);
  }

  private static Metric accuracy() {
    return new AccuracyMetricFactory().create(Fixtures.params(new AccuracyMetricFactory()), null);
  }

  private static double once(Metric m, Tensor output, Tensor target, Tensor mask) {
    Metric.Accumulator a = m.newAccumulator();
    a.update(output, target, mask);
    return a.result();
  }

  /** One-hot scores of the given predicted classes, [N, T, 3]. */
  private static Tensor predicting(int n, int t, int... classes) {
    float[] o = new float[n * t * 3];
    for (int p = 0; p < classes.length; p++) {
      o[p * 3 + classes[p]] = 1f;
    }
    return Tensor.of(o, n, t, 3);
  }

  @Test
  void countsASequenceOnlyWhenEveryRealStepIsRight() {
    // predicted: [1 2 0 0] [1 2 2 0] [2 2 2 2]; targets [1 2 0 .] [1 2 0 .] [1 . . .]
    Tensor output = predicting(3, 4, 1, 2, 0, 0, 1, 2, 2, 0, 2, 2, 2, 2);
    Tensor target = Tensor.of(new float[] {1, 2, 0, 0, 1, 2, 0, 0, 1, 0, 0, 0}, 3, 4);
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0}, 3, 4);
    assertEquals(1.0 / 3, once(sequenceAccuracy(), output, target, mask), 1e-12);
    // per-symbol accuracy on non-padding positions is the plain accuracy metric with the mask: 5 of 7
    assertEquals(5.0 / 7, once(accuracy(), output, target, mask), 1e-12);
    // without the mask the padding steps count too, and the first sequence's last step (0) is right
    assertEquals(1.0 / 3, once(sequenceAccuracy(), output, target, null), 1e-12);
  }

  @Test
  void skipsSequencesWithNoRealStepAndAccumulates() {
    Tensor output = predicting(2, 2, 0, 0, 1, 1);
    Tensor target = Tensor.of(new float[] {0, 0, 0, 0}, 2, 2);
    Tensor mask = Tensor.of(new float[] {1, 1, 0, 0}, 2, 2);
    Metric.Accumulator a = sequenceAccuracy().newAccumulator();
    assertTrue(Double.isNaN(a.result()));
    a.update(output, target, mask);
    assertEquals(1.0, a.result());
    a.update(predicting(1, 2, 0, 1), Tensor.of(new float[] {0, 0}, 1, 2), null);
    assertEquals(0.5, a.result());
  }

  @Test
  void equalsAccuracyForOnePositionPerSequence() {
    Tensor output = Tensor.of(new float[] {0.1f, 0.9f, 0.8f, 0.2f, 0.3f, 0.7f}, 3, 2);
    Tensor target = Tensor.of(new float[] {1, 1, 1}, 3);
    assertEquals(once(accuracy(), output, target, null), once(sequenceAccuracy(), output, target, null), 1e-12);
  }

  @Test
  void rejectsAnOutputWithoutClassScores() {
    RecurException e = assertThrows(RecurException.class,
        () -> once(sequenceAccuracy(), Tensor.zeros(4), Tensor.zeros(4), null));
    assertEquals("metric 'sequence-accuracy': expected an output [N, ..., C] of class scores, got [4]", e.getMessage());
  }
}
