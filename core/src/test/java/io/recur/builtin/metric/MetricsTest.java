package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.builtin.loss.CrossEntropyLossFactory;
import io.recur.builtin.loss.MseLossFactory;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsTest {
  private static Metric accuracy() {
    return new AccuracyMetricFactory().create(Fixtures.params(new AccuracyMetricFactory()), null);
  }

  private static Metric topK(int k) {
    return new TopKAccuracyMetricFactory().create(Fixtures.params(new TopKAccuracyMetricFactory(), Map.of("k", k)), null);
  }

  private static double once(Metric metric, Tensor output, Tensor target, Tensor mask) {
    Metric.Accumulator a = metric.newAccumulator();
    a.update(output, target, mask);
    return a.result();
  }

  @Test
  void accuracyComparesTheArgmaxWithTheTargetClass() {
    Tensor output = Tensor.of(new float[] {0.1f, 0.7f, 0.2f, 0.9f, 0.05f, 0.05f, 0.3f, 0.3f, 0.4f, 0.5f, 0.5f, 0f}, 4, 3);
    // argmax: 1, 0, 2, and 0 for the tie between classes 0 and 1 (the first one, like torch.argmax)
    assertEquals(0.75, once(accuracy(), output, Tensor.of(new float[] {1, 0, 2, 1}, 4), null));
    assertEquals(1.0, once(accuracy(), output, Tensor.of(new float[] {1, 0, 2, 0}, 4), null));
    Tensor oneHot = Tensor.of(new float[] {0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}, 4, 3);
    assertEquals(0.75, once(accuracy(), output, oneHot, null));
    Metric m = accuracy();
    assertEquals("accuracy", m.label());
    assertTrue(m.higherIsBetter());
  }

  @Test
  void accuracySkipsMaskedStepsAndAccumulatesOverBatches() {
    Tensor output = Tensor.of(new float[] {1, 0, 0, 1, 1, 0, 0, 1}, 2, 2, 2);
    Tensor target = Tensor.of(new float[] {0, 0, -1, 1}, 2, 2);
    Tensor mask = Tensor.of(new float[] {1, 1, 0, 1}, 2, 2);
    Metric.Accumulator a = accuracy().newAccumulator();
    assertTrue(Double.isNaN(a.result()));
    a.update(output, target, mask); // 2 of 3 real steps right
    a.update(Tensor.of(new float[] {0, 1}, 1, 2), Tensor.of(new float[] {1}, 1), null); // 1 of 1
    assertEquals(0.75, a.result());
  }

  @Test
  void accuracyThresholdsASingleSigmoidUnitAtOneHalf() {
    Tensor output = Tensor.of(new float[] {0.9f, 0.2f, 0.5f, 0.51f}, 4, 1);
    assertEquals(0.75, once(accuracy(), output, Tensor.of(new float[] {1, 0, 0, 0}, 4), null));
    assertEquals(0.75, once(accuracy(), output, Tensor.of(new float[] {1, 0, 0, 0}, 4, 1), null));
  }

  @Test
  void accuracyRejectsTargetsThatAreNotClasses() {
    RecurException e = assertThrows(RecurException.class,
        () -> once(accuracy(), Tensor.zeros(2, 3), Tensor.zeros(2, 2), null));
    assertEquals("metric 'accuracy': target [2, 2] fits neither [2] (class indices) nor [2, 3] (one-hot rows)"
        + " for output [2, 3]", e.getMessage());
  }

  @Test
  void topKCountsTheTargetAmongTheKHighestScores() {
    Tensor output = Tensor.of(new float[] {0.1f, 0.5f, 0.3f, 0.1f, 0.4f, 0.3f, 0.2f, 0.1f}, 2, 4);
    Tensor target = Tensor.of(new float[] {2, 3}, 2);
    assertEquals(0.0, once(topK(1), output, target, null));
    assertEquals(0.5, once(topK(2), output, target, null));
    assertEquals(1.0, once(topK(4), output, target, null));
    assertEquals(1.0, once(topK(9), output, target, null));
    // a target tied with the k-th score is a hit
    assertEquals(1.0, once(topK(1), Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), Tensor.of(new float[] {1}, 1), null));
    assertEquals("top-3-accuracy", topK(3).label());
    assertEquals(5, TopKAccuracyMetricFactory.K.defaultValue().orElseThrow());
  }

  @Test
  void topOneAccuracyEqualsAccuracyWithoutTies() {
    Tensor output = GradCheck.random(3, 50, 7).requireGrad(false);
    Tensor target = Tensor.zeros(50);
    for (int i = 0; i < 50; i++) {
      target.data()[i] = i % 7;
    }
    assertEquals(once(accuracy(), output, target, null), once(topK(1), output, target, null));
  }

  @Test
  void lossMetricOverBatchesEqualsTheLossOfTheWholeSplit() {
    Loss loss = new CrossEntropyLossFactory().create(Fixtures.params(new CrossEntropyLossFactory()));
    Tensor output = GradCheck.random(11, 5, 4, 3).requireGrad(false);
    Tensor target = Tensor.zeros(5, 4);
    Tensor mask = Tensor.zeros(5, 4);
    int[] lengths = {4, 1, 3, 2, 4};
    for (int n = 0; n < 5; n++) {
      for (int t = 0; t < 4; t++) {
        target.data()[n * 4 + t] = (n + t) % 3;
        mask.data()[n * 4 + t] = t < lengths[n] ? 1 : 0;
      }
    }
    Metric metric = new LossMetricFactory().create(Fixtures.params(new LossMetricFactory()), loss);
    assertEquals("loss", metric.label());
    assertFalse(metric.higherIsBetter());
    Metric.Accumulator a = metric.newAccumulator();
    a.update(output.rows(0, 2), target.rows(0, 2), mask.rows(0, 2));
    a.update(output.rows(2, 5), target.rows(2, 5), mask.rows(2, 5));
    assertEquals(loss.compute(output, target, mask).item(), a.result(), 1e-6);
  }

  @Test
  void lossMetricSumsASumLoss() {
    Loss sum = new MseLossFactory().create(Fixtures.params(new MseLossFactory(), Map.of("reduction", "sum")));
    Tensor output = Tensor.of(new float[] {1, 2, 3}, 3, 1);
    Tensor target = Tensor.zeros(3, 1);
    Metric.Accumulator a = new LossMetricFactory().create(Fixtures.params(new LossMetricFactory()), sum).newAccumulator();
    a.update(output.rows(0, 1), target.rows(0, 1), null);
    a.update(output.rows(1, 3), target.rows(1, 3), null);
    assertEquals(14.0, a.result());
  }

  @Test
  void lossMetricWeighsAPluginLossByItsUnmaskedPositions() {
    Loss meanOfOutputs = (output, target, mask) -> output.mean();
    Metric.Accumulator a = new LossMetricFactory().create(Fixtures.params(new LossMetricFactory()), meanOfOutputs)
        .newAccumulator();
    a.update(Tensor.of(new float[] {1}, 1, 1), Tensor.zeros(1), null);
    a.update(Tensor.of(new float[] {4, 4, 4}, 3, 1), Tensor.zeros(3), null);
    assertEquals((1 + 3 * 4) / 4.0, a.result());
  }

  @Test
  void lossMetricDoesNotBuildAGraph() {
    Loss loss = new MseLossFactory().create(Fixtures.params(new MseLossFactory()));
    Tensor output = GradCheck.random(5, 2, 2);
    Metric.Accumulator a = new LossMetricFactory().create(Fixtures.params(new LossMetricFactory()), loss).newAccumulator();
    a.update(output, Tensor.zeros(2, 2), null);
    assertEquals(null, output.grad());
  }
}
