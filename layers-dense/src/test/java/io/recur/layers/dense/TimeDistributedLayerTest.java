package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.BuildContext;
import io.recur.spi.ForwardContext;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class TimeDistributedLayerTest extends LayerContractTest {
  private static final TimeDistributedLayerFactory TIME_DISTRIBUTED = new TimeDistributedLayerFactory();
  private static final DenseLayerFactory DENSE = new DenseLayerFactory();

  private static Map<String, ?> inner(LayerFactory factory, Map<String, ?> params) {
    return Map.of("layer", TestParams.layer(factory, params));
  }

  @Override
  Stream<Case> contractCases() {
    return Stream.of(
        Case.of("dense on [N, T, F]", TIME_DISTRIBUTED, inner(DENSE, Map.of("units", 3, "activation", "tanh")), 4, 5),
        Case.of("dense on [N, T, A, B]", TIME_DISTRIBUTED, inner(DENSE, Map.of("units", 2)), 3, 2, 4),
        Case.of("flatten on [N, T, A, B]", TIME_DISTRIBUTED, inner(new FlattenLayerFactory(), Map.of()), 3, 2, 4),
        Case.of("dropout while training", TIME_DISTRIBUTED, inner(new DropoutLayerFactory(), Map.of()), 4, 5)
            .whileTraining());
  }

  private static Layer timeDistributed(Map<String, ?> params, long seed, int... inputShape) {
    return TIME_DISTRIBUTED.create(TestParams.resolve(TIME_DISTRIBUTED, params),
        TestBuildContext.of("td", inputShape, 0, seed));
  }

  @Test
  void requiresTheInnerLayer() {
    assertEquals(List.of(TimeDistributedLayerFactory.LAYER), TIME_DISTRIBUTED.params());
    assertTrue(TimeDistributedLayerFactory.LAYER.required());
    assertEquals(Kind.LAYER, TimeDistributedLayerFactory.LAYER.referencedKind().orElseThrow());
  }

  @Test
  void prefixesTheInnerWeightsWithLayer() {
    Layer layer = timeDistributed(inner(DENSE, Map.of("units", 3)), 1, 4, 5);
    assertEquals(List.of("layer.weight", "layer.bias"), List.copyOf(layer.parameters().keySet()));
    assertArrayEquals(new int[] {3, 5}, layer.parameters().get("layer.weight").shape());
    assertArrayEquals(new int[] {4, 3}, layer.outputShape());
  }

  @Test
  void buildsTheInnerLayerForOneStepFromTheSameStream() {
    Layer wrapped = timeDistributed(inner(DENSE, Map.of("units", 3)), 8, 4, 5);
    Layer alone = DENSE.create(TestParams.resolve(DENSE, Map.of("units", 3)),
        TestBuildContext.of("d", new int[] {5}, 0, 8));
    assertArrayEquals(bits(alone.parameters().get("weight")), bits(wrapped.parameters().get("layer.weight")));
    assertArrayEquals(bits(alone.parameters().get("bias")), bits(wrapped.parameters().get("layer.bias")));
  }

  @Test
  void appliesTheInnerLayerAtEveryStepWithOneSetOfWeights() {
    Layer wrapped = timeDistributed(inner(DENSE, Map.of("units", 3, "activation", "softmax")), 8, 4, 5);
    Layer alone = DENSE.create(TestParams.resolve(DENSE, Map.of("units", 3, "activation", "softmax")),
        TestBuildContext.of("d", new int[] {5}, 0, 8));
    Tensor x = input(Case.of("x", DENSE, Map.of(), 4, 5), 3);
    Tensor y = wrapped.forward(x, TestContexts.evaluation());
    assertArrayEquals(new int[] {BATCH, 4, 3}, y.shape());
    for (int t = 0; t < 4; t++) {
      assertArrayEquals(alone.forward(x.step(t), TestContexts.evaluation()).data(), y.step(t).data(), 0f);
    }
  }

  @Test
  void namesTheInnerLayerAfterTheWrapperInItsErrors() {
    RecurException e = assertThrows(RecurException.class,
        () -> timeDistributed(inner(new EmbeddingLayerFactory(), Map.of("size", 4)), 1, 4, 5));
    assertEquals("layer 'td.layer' (embedding): expects token ids from the dataset, got real-valued input of shape [5]",
        e.getMessage());
  }

  @Test
  void foldsTimeIntoTheBatchAndHidesTheMaskFromTheInnerLayer() {
    List<ForwardContext> seen = new ArrayList<>();
    List<int[]> shapes = new ArrayList<>();
    LayerFactory probe = new ProbeFactory(seen, shapes);
    TestBuildContext context = TestBuildContext.with("td", new int[] {4, 5}, 0, 1, List.of(probe));
    // a test-only inner type the validator does not know, so the parameters are given resolved
    Layer layer = TIME_DISTRIBUTED.create(
        Params.of(Map.of("layer", TypedValue.of(Kind.LAYER, "probe", Params.empty()))), context);
    ForwardContext outer = TestContexts.training(Tensor.zeros(BATCH, 4), 2);
    layer.forward(Tensor.zeros(BATCH, 4, 5), outer);
    assertArrayEquals(new int[] {BATCH * 4, 5}, shapes.get(0));
    assertNull(seen.get(0).mask());
    assertTrue(seen.get(0).training());
    assertSame(outer.random(), seen.get(0).random());
  }

  @Test
  void rejectsInputWithoutATimeDimension() {
    assertEquals("layer 'td' (time-distributed): expects [time, features] input, got [5]; use the inner layer"
        + " directly when there is no time dimension",
        createError(TIME_DISTRIBUTED, inner(DENSE, Map.of("units", 3)), "td", 0, 5));
  }

  @Test
  void rejectsTokenIdsAskingForAnEmbedding() {
    assertEquals("layer 'td' (time-distributed): expects [time, features] input, got token ids [12]; add an"
        + " embedding layer first", createError(TIME_DISTRIBUTED, inner(DENSE, Map.of("units", 3)), "td", 30, 12));
  }

  @Test
  void passesOnTheInnerLayersRealValuedOutput() {
    assertEquals(0, timeDistributed(inner(DENSE, Map.of("units", 3)), 1, 4, 5).outputVocabulary());
  }

  @Test
  void printsTheInnerLayer() {
    assertEquals("time-distributed(dense(5→3))",
        timeDistributed(inner(DENSE, Map.of("units", 3)), 1, 4, 5).toString());
  }

  /** A parameterless inner layer that records what it was called with. */
  private record ProbeFactory(List<ForwardContext> seen, List<int[]> shapes) implements LayerFactory {
    @Override
    public String name() {
      return "probe";
    }

    @Override
    public String doc() {
      return "records its calls";
    }

    @Override
    public List<ParamSpec<?>> params() {
      return List.of();
    }

    @Override
    public Layer create(Params params, BuildContext context) {
      int[] shape = context.inputShape();
      return new Layer() {
        @Override
        public Tensor forward(Tensor input, ForwardContext forward) {
          seen.add(forward);
          shapes.add(input.shape());
          return input;
        }

        @Override
        public Map<String, Tensor> parameters() {
          return Map.of();
        }

        @Override
        public int[] outputShape() {
          return shape;
        }
      };
    }
  }
}
