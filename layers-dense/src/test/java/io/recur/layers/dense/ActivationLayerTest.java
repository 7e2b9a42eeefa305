package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class ActivationLayerTest extends LayerContractTest {
  private static final ActivationLayerFactory ACTIVATION = new ActivationLayerFactory();

  static Stream<String> functions() {
    return Arrays.stream(Activation.keys());
  }

  @Override
  Stream<Case> contractCases() {
    return functions().map(f -> {
      Case c = Case.of(f, ACTIVATION, Map.of("function", f), 4, 5);
      // relu's kink at 0 must not fall between x − eps and x + eps
      return f.equals("relu") ? c.withEps(1e-3) : c;
    });
  }

  private static Layer activation(String function, int... inputShape) {
    return ACTIVATION.create(TestParams.resolve(ACTIVATION, Map.of("function", function)),
        TestBuildContext.of("act", inputShape, 0, 1));
  }

  @Test
  void requiresTheFunctionAndOffersDensesChoices() {
    assertEquals(List.of(ActivationLayerFactory.FUNCTION), ACTIVATION.params());
    assertTrue(ActivationLayerFactory.FUNCTION.required());
    assertEquals(DenseLayerFactory.ACTIVATION.choices(), ActivationLayerFactory.FUNCTION.choices());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("functions")
  void matchesTheDoublePrecisionReferenceOverTheLastDimension(String function) {
    float[] values = {0.5f, -1f, 2f, 3.5f, -0.75f, 1.5f, 0f, -2f};
    Tensor y = activation(function, 4).forward(Tensor.of(values, 2, 4), TestContexts.evaluation());
    assertArrayEquals(new int[] {2, 4}, y.shape());
    for (int n = 0; n < 2; n++) {
      double[] row = new double[4];
      for (int j = 0; j < 4; j++) {
        row[j] = values[n * 4 + j];
      }
      double[] expected = ReferenceActivations.apply(function, row);
      for (int j = 0; j < 4; j++) {
        assertEquals(expected[j], y.get(n, j), 1e-6, function + " at [" + n + ", " + j + "]");
      }
    }
  }

  @Test
  void acceptsAScalarPerSampleForElementWiseFunctions() {
    Layer layer = activation("tanh");
    assertArrayEquals(new int[0], layer.outputShape());
    Tensor y = layer.forward(Tensor.of(new float[] {0.5f}, 1), TestContexts.evaluation());
    assertEquals((float) Math.tanh(0.5), y.item(), 1e-7);
  }

  @Test
  void rejectsSoftmaxOfAScalarPerSample() {
    assertEquals("layer 'act' (activation): softmax works over the last dimension and needs [features] or"
        + " [time, features] input, got a scalar per sample (shape [])",
        createError(ACTIVATION, Map.of("function", "softmax"), "act", 0));
  }

  @Test
  void rejectsTokenIds() {
    assertEquals("layer 'act' (activation): expects real-valued input, got token ids [12]; add an embedding layer first",
        createError(ACTIVATION, Map.of("function", "relu"), "act", 30, 12));
  }

  @Test
  void printsItsFunction() {
    assertEquals("activation(log-softmax)", activation("log-softmax", 3).toString());
    assertTrue(activation("tanh", 3).parameters().isEmpty());
  }
}
