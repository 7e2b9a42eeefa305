package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class DropoutLayerTest extends LayerContractTest {
  private static final DropoutLayerFactory DROPOUT = new DropoutLayerFactory();

  @Override
  Stream<Case> contractCases() {
    return Stream.of(
        Case.of("training rate 0.3", DROPOUT, Map.of("rate", 0.3), 4, 5).whileTraining(),
        Case.of("training [N, F] default rate", DROPOUT, Map.of(), 8).whileTraining(),
        Case.of("evaluation", DROPOUT, Map.of("rate", 0.3), 4, 5));
  }

  private static Layer dropout(double rate, int... inputShape) {
    return DROPOUT.create(TestParams.resolve(DROPOUT, Map.of("rate", rate)), TestBuildContext.of("drop", inputShape, 0, 1));
  }

  private static Tensor ones(int n) {
    float[] v = new float[n];
    Arrays.fill(v, 1f);
    return Tensor.of(v, 1, n);
  }

  @Test
  void declaresRateWithDefaultHalf() {
    assertEquals(List.of(DropoutLayerFactory.RATE), DROPOUT.params());
    assertEquals(0.5, DropoutLayerFactory.RATE.defaultValue().orElseThrow());
    assertEquals(0.0, DropoutLayerFactory.RATE.minimum().orElseThrow());
    assertTrue(dropout(0.5, 3).parameters().isEmpty());
  }

  @Test
  void isTheIdentityAtEvaluation() {
    Tensor x = ones(1000);
    assertSame(x, dropout(0.5, 1000).forward(x, TestContexts.evaluation()));
  }

  @Test
  void dropsAboutRateOfTheValuesWhileTraining() {
    int n = 200_000;
    double rate = 0.3;
    Tensor y = dropout(rate, n).forward(ones(n), TestContexts.training(11));
    long zeros = 0;
    for (float v : y.data()) {
      zeros += v == 0f ? 1 : 0;
    }
    // binomial standard deviation √(p(1−p)/n) ≈ 0.001; 5σ leaves no room for flakiness with a fixed seed anyway
    assertEquals(rate, (double) zeros / n, 0.005);
  }

  @Test
  void scalesTheSurvivorsByTheInverseKeepProbability() {
    int n = 10_000;
    Tensor x = ones(n);
    Tensor y = dropout(0.2, n).forward(x, TestContexts.training(5));
    double sum = 0;
    for (float v : y.data()) {
      assertTrue(v == 0f || v == 1.25f, "value " + v);
      sum += v;
    }
    // inverted dropout keeps the expected value, so evaluation needs no rescaling
    assertEquals(1.0, sum / n, 0.02);
  }

  @Test
  void drawsTheMaskFromTheForwardStreamInRowMajorOrder() {
    float[] values = new float[2 * 3 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = i + 1;
    }
    Tensor y = dropout(0.5, 3, 4).forward(Tensor.of(values, 2, 3, 4), TestContexts.training(3));
    RandomGenerator replay = new Well19937c(3L);
    for (int i = 0; i < values.length; i++) {
      float expected = replay.nextFloat() < 0.5 ? 0f : values[i] * 2f;
      assertEquals(expected, y.data()[i], 0f, "element " + i);
    }
  }

  @Test
  void passesTheGradientThroughTheSameMask() {
    Tensor x = ones(50).requireGrad(true);
    Tensor y = dropout(0.4, 50).forward(x, TestContexts.training(9));
    float[] seed = new float[50];
    Arrays.fill(seed, 1f);
    y.backward(seed);
    assertArrayEquals(y.data(), x.grad(), 0f);
  }

  @Test
  void rateZeroIsTheIdentityEvenWhileTrainingAndDrawsNothing() {
    Tensor x = ones(10);
    ForwardContext context = TestContexts.training(4);
    assertSame(x, dropout(0.0, 10).forward(x, context));
    assertEquals(new Well19937c(4L).nextInt(), context.random().nextInt());
  }

  @Test
  void rejectsRateOne() {
    // the config validator refuses it first; the factory's own check guards a caller that skips it
    assertEquals("test parameters of dropout: dropout.rate: expected a number >= 0 and < 1, got 1.0",
        assertThrows(RecurException.class, () -> TestParams.resolve(DROPOUT, Map.of("rate", 1.0))).getMessage());
    assertEquals("layer 'drop' (dropout): rate must be below 1 (rate 1 would drop every value), got 1.0",
        assertThrows(RecurException.class, () -> DROPOUT.create(Params.of(Map.of("rate", 1.0)),
            TestBuildContext.of("drop", new int[] {5}, 0, 1))).getMessage());
  }

  @Test
  void rejectsTokenIds() {
    assertEquals("layer 'drop' (dropout): expects real-valued input, got token ids [12]; add an embedding layer first",
        createError(DROPOUT, Map.of(), "drop", 30, 12));
  }

  @Test
  void printsItsRate() {
    assertEquals("dropout(rate=0.3)", dropout(0.3, 4).toString());
  }
}
