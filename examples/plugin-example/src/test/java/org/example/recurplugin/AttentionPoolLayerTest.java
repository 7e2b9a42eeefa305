package org.example.recurplugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.Layer;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import io.recur.testkit.LayerContract;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The layer contract of Recur's test kit, plus what makes attention pooling what it is. */
class AttentionPoolLayerTest extends LayerContract {
  private static final AttentionPoolLayerFactory POOL = new AttentionPoolLayerFactory();

  @Override
  protected Stream<Case> cases() {
    return Stream.of(
        Case.of("dot-product scores on [N, 5, 4]", POOL, Map.of(), 5, 4).withMask(),
        Case.of("tanh scoring layer on [N, 6, 3]", POOL, Map.of("hidden", 4), 6, 3).withMask(),
        Case.of("one step", POOL, Map.of(), 1, 3));
  }

  private static Layer pool(Map<String, ?> params, int steps, int features) {
    return POOL.create(TestParams.resolve(POOL, params), TestContexts.build("attn", new int[] {steps, features}, 0, 1));
  }

  @Test
  void equalScoresGiveTheMeanOfTheRealSteps() {
    Layer layer = pool(Map.of(), 3, 2);
    layer.parameters().get("weight").data()[0] = 0f;
    layer.parameters().get("weight").data()[1] = 0f;
    Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 100, 100}, 1, 3, 2);
    Tensor y = layer.forward(x, TestContexts.evaluation(TestContexts.mask(3, 2)));
    assertArrayEquals(new float[] {2, 3}, y.data(), 1e-6f);
  }

  @Test
  void theHighestScoringStepDominates() {
    Layer layer = pool(Map.of(), 2, 1);
    layer.parameters().get("weight").data()[0] = 50f;
    Tensor y = layer.forward(Tensor.of(new float[] {1, -1}, 1, 2, 1), TestContexts.evaluation());
    assertEquals(1f, y.data()[0], 1e-6f);
  }

  @Test
  void tokenIdsAreRefusedWithTheLayerNamed() {
    RecurException e = assertThrows(RecurException.class, () -> POOL.create(TestParams.resolve(POOL, Map.of()),
        TestContexts.build("attn", new int[] {12}, 4, 1)));
    assertEquals("layer 'attn' (attention-pool): expects a real-valued sequence [T, F], got token ids [12]; put an "
        + "embedding and a recurrent layer with output: sequence first", e.getMessage());
  }
}
