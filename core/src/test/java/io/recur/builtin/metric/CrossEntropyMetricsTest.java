package io.recur.builtin.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.Fixtures;
import io.recur.builtin.loss.CrossEntropyLossFactory;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CrossEntropyMetricsTest {
  private static final double LN2 = Math.log(2);

  private static Metric metric(MetricFactory f, String output) {
    return f.create(Fixtures.params(f, output == null ? Map.of() : Map.of("output", output)), null);
  }

  private static double once(Metric m, Tensor output, Tensor target, Tensor mask) {
    Metric.Accumulator a = m.newAccumulator();
    a.update(output, target, mask);
    return a.result();
  }

  /** −ln softmax(row)[k] in double precision. */
  private static double nll(float[] row, int k) {
    double s = 0;
    for (float v : row) {
      s += Math.exp(v);
    }
    return Math.log(s) - row[k];
  }

  @Test
  void bitsPerCharacterOfLogitsIsTheMeanCrossEntropyInBits() {
    float[] a = {2f, 0.5f, -1f};
    float[] b = {0f, 0f, 3f};
    Tensor logits = Tensor.of(new float[] {2f, 0.5f, -1f, 0f, 0f, 3f}, 2, 3);
    Tensor target = Tensor.of(new float[] {0, 1}, 2);
    double expected = (nll(a, 0) + nll(b, 1)) / 2 / LN2;
    assertEquals(expected, once(metric(new BitsPerCharacterMetricFactory(), null), logits, target, null), 1e-9);
    assertEquals(expected * LN2, once(metric(new CrossEntropyMetricFactory(), "logits"), logits, target, null), 1e-9);
    assertEquals(Math.exp(expected * LN2), once(metric(new PerplexityMetricFactory(), null), logits, target, null), 1e-9);
  }

  @Test
  void agreesWithTheCrossEntropyLossOverMaskedSequences() {
    Tensor logits = Tensor.of(new float[] {1, 2, 3, 0.5f, -1, 2, 4, 0, 0, 1, 1, 1}, 2, 2, 3);
    Tensor target = Tensor.of(new float[] {2, 0, 1, 2}, 2, 2);
    Tensor mask = Tensor.of(new float[] {1, 1, 1, 0}, 2, 2);
    Loss ce = new CrossEntropyLossFactory().create(Fixtures.params(new CrossEntropyLossFactory()));
    double loss = ce.compute(logits, target, mask).item();
    assertEquals(loss, once(metric(new CrossEntropyMetricFactory(), null), logits, target, mask), 1e-6);
    assertEquals(loss / LN2, once(metric(new BitsPerCharacterMetricFactory(), null), logits, target, mask), 1e-6);
  }

  @Test
  void readsProbabilitiesAndLogProbabilitiesByTheirValues() {
    Tensor probabilities = Tensor.of(new float[] {0.5f, 0.25f, 0.25f, 0.125f, 0.125f, 0.75f}, 2, 3);
    Tensor target = Tensor.of(new float[] {0, 1}, 2);
    // -log2(0.5) = 1 and -log2(0.125) = 3: 2 bits on average
    assertEquals(2.0, once(metric(new BitsPerCharacterMetricFactory(), null), probabilities, target, null), 1e-6);
    assertEquals(2.0, once(metric(new BitsPerCharacterMetricFactory(), "probabilities"), probabilities, target, null), 1e-6);
    float[] logs = probabilities.data().clone();
    for (int i = 0; i < logs.length; i++) {
      logs[i] = (float) Math.log(logs[i]);
    }
    Tensor logProbabilities = Tensor.of(logs, 2, 3);
    assertEquals(2.0, once(metric(new BitsPerCharacterMetricFactory(), null), logProbabilities, target, null), 1e-6);
    assertEquals(4.0, once(metric(new PerplexityMetricFactory(), "log-probabilities"), logProbabilities, target, null),
        1e-5);
  }

  @Test
  void autoTellsTheKindsApart() {
    assertEquals(LogLikelihood.Kind.PROBABILITIES, LogLikelihood.detect(new float[] {0.2f, 0.8f, 1f, 0f}, 2));
    assertEquals(LogLikelihood.Kind.LOG_PROBABILITIES,
        LogLikelihood.detect(new float[] {(float) Math.log(0.2), (float) Math.log(0.8)}, 2));
    assertEquals(LogLikelihood.Kind.LOGITS, LogLikelihood.detect(new float[] {0.2f, 0.8f, 1f, 1f}, 2));
    assertEquals(LogLikelihood.Kind.LOGITS, LogLikelihood.detect(new float[] {-1f, -2f}, 2));
    assertEquals(LogLikelihood.Kind.PROBABILITIES, LogLikelihood.detect(new float[] {0.3f}, 1));
    assertEquals(LogLikelihood.Kind.LOGITS, LogLikelihood.detect(new float[] {-0.3f}, 1));
  }

  @Test
  void aZeroProbabilityCostsAFiniteAmount() {
    Tensor probabilities = Tensor.of(new float[] {1f, 0f}, 1, 2);
    double bits = once(metric(new BitsPerCharacterMetricFactory(), "probabilities"), probabilities,
        Tensor.of(new float[] {1}, 1), null);
    assertEquals(-Math.log(LogLikelihood.MIN_PROBABILITY) / LN2, bits, 1e-9);
  }

  @Test
  void aSingleSigmoidUnitIsTheProbabilityOfClassOne() {
    Tensor p = Tensor.of(new float[] {0.75f, 0.75f}, 2, 1);
    double nats = once(metric(new CrossEntropyMetricFactory(), null), p, Tensor.of(new float[] {1, 0}, 2), null);
    assertEquals((-Math.log(0.75) - Math.log(0.25)) / 2, nats, 1e-7);
    Tensor logit = Tensor.of(new float[] {0f}, 1, 1);
    assertEquals(Math.log(2), once(metric(new CrossEntropyMetricFactory(), "logits"), logit,
        Tensor.of(new float[] {1}, 1), null), 1e-9);
  }

  @Test
  void weighsEveryPositionTheSameAcrossBatches() {
    Metric m = metric(new BitsPerCharacterMetricFactory(), "probabilities");
    Metric.Accumulator a = m.newAccumulator();
    assertTrue(Double.isNaN(a.result()));
    a.update(Tensor.of(new float[] {0.5f, 0.5f}, 1, 2), Tensor.of(new float[] {0}, 1), null); // 1 bit
    a.update(Tensor.of(new float[] {0.25f, 0.75f, 0.25f, 0.75f, 0.25f, 0.75f}, 3, 2),
        Tensor.of(new float[] {0, 0, 0}, 3), null); // 2 bits, three times
    assertEquals((1 + 3 * 2) / 4.0, a.result(), 1e-6);
    assertEquals("bits-per-character", m.label());
    assertFalse(m.higherIsBetter());
  }

  @Test
  void namesItselfInErrors() {
    RecurException e = assertThrows(RecurException.class, () -> once(metric(new PerplexityMetricFactory(), null),
        Tensor.zeros(2, 3), Tensor.zeros(2, 2), null));
    assertEquals("metric 'perplexity': target [2, 2] fits neither [2] (class indices) nor [2, 3] (one-hot rows)"
        + " for output [2, 3]", e.getMessage());
    RecurException rank = assertThrows(RecurException.class, () -> once(metric(new BitsPerCharacterMetricFactory(), null),
        Tensor.zeros(3), Tensor.zeros(3), null));
    assertEquals("metric 'bits-per-character': expected an output [N, ..., C] of class scores, got [3]",
        rank.getMessage());
  }
}
