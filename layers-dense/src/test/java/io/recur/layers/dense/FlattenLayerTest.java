package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class FlattenLayerTest extends LayerContractTest {
  private static final FlattenLayerFactory FLATTEN = new FlattenLayerFactory();

  @Override
  Stream<Case> contractCases() {
    return Stream.of(
        Case.of("[N, T, F]", FLATTEN, Map.of(), 3, 4),
        Case.of("[N, A, B, C]", FLATTEN, Map.of(), 2, 3, 2),
        Case.of("[N, F] unchanged", FLATTEN, Map.of(), 5));
  }

  private static Layer flatten(int vocabulary, int... inputShape) {
    return FLATTEN.create(TestParams.resolve(FLATTEN, Map.of()), TestBuildContext.of("flat", inputShape, vocabulary, 1));
  }

  @Test
  void hasNoParameters() {
    assertTrue(FLATTEN.params().isEmpty());
    assertTrue(flatten(0, 3, 4).parameters().isEmpty());
  }

  @Test
  void keepsRowMajorOrder() {
    float[] values = new float[2 * 3 * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = i;
    }
    Tensor y = flatten(0, 3, 4).forward(Tensor.of(values, 2, 3, 4), TestContexts.evaluation());
    assertArrayEquals(new int[] {2, 12}, y.shape());
    assertArrayEquals(values, y.data(), 0f);
  }

  @Test
  void turnsAScalarPerSampleIntoOneFeature() {
    Layer layer = flatten(0);
    assertArrayEquals(new int[] {1}, layer.outputShape());
    assertArrayEquals(new int[] {4, 1}, layer.forward(Tensor.zeros(4), TestContexts.evaluation()).shape());
  }

  @Test
  void handlesAnEmptyBatch() {
    Tensor y = flatten(0, 3, 4).forward(Tensor.zeros(0, 3, 4), TestContexts.evaluation());
    assertArrayEquals(new int[] {0, 12}, y.shape());
  }

  @Test
  void passesTokenIdsOnWithTheirVocabulary() {
    Layer layer = flatten(7, 2, 3);
    assertEquals(7, layer.outputVocabulary());
    Tensor y = layer.forward(Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 1, 2, 3), TestContexts.evaluation());
    assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, y.data(), 0f);
    assertEquals(0, flatten(0, 2, 3).outputVocabulary());
  }

  @Test
  void printsTheShapesItMerges() {
    assertEquals("flatten([3, 4]→12)", flatten(0, 3, 4).toString());
  }
}
