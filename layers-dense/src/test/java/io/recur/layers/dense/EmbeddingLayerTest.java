package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.ParamSpec;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EmbeddingLayerTest extends LayerContractTest {
  private static final EmbeddingLayerFactory EMBEDDING = new EmbeddingLayerFactory();

  @Override
  Stream<Case> contractCases() {
    return Stream.of(
        Case.ids("learned [T]", EMBEDDING, Map.of("size", 4), 10, 6),
        Case.ids("learned [T1, T2]", EMBEDDING, Map.of("size", 3, "initializer",
            TestParams.typed(Kind.INITIALIZER, "normal", Map.of("std", 1.0))), 5, 2, 3),
        Case.ids("one-hot", EMBEDDING, Map.of("one_hot", true), 5, 6));
  }

  private static Layer embedding(Map<String, ?> params, int vocabulary, int... inputShape) {
    return EMBEDDING.create(TestParams.resolve(EMBEDDING, params), TestBuildContext.of("emb", inputShape, vocabulary, 1));
  }

  @Test
  void declaresItsParametersWithDefaults() {
    assertEquals(List.of("one_hot", "size", "initializer"), EMBEDDING.params().stream().map(ParamSpec::name).toList());
    assertEquals(false, EmbeddingLayerFactory.ONE_HOT.defaultValue().orElseThrow());
    assertTrue(EmbeddingLayerFactory.SIZE.nullable());
    assertEquals(1.0, EmbeddingLayerFactory.SIZE.minimum().orElseThrow());
    assertEquals("normal", EmbeddingLayerFactory.INITIALIZER.defaultValue().map(TypedValue::type).orElseThrow());
    for (ParamSpec<?> p : EMBEDDING.params()) {
      assertFalse(p.doc().isEmpty(), p.name() + " has no doc");
    }
  }

  @Test
  void oneHotWritesASingleOnePerIdAndHasNoParameters() {
    Layer layer = embedding(Map.of("one_hot", true), 4, 3);
    Tensor ids = Tensor.of(new float[] {2, 0, 3, 1, 1, 0}, 2, 3);
    Tensor y = layer.forward(ids, TestContexts.evaluation());
    assertArrayEquals(new int[] {2, 3, 4}, y.shape());
    assertArrayEquals(new float[] {
        0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 0, 1,
        0, 1, 0, 0, 0, 1, 0, 0, 1, 0, 0, 0}, y.data(), 0f);
    assertTrue(layer.parameters().isEmpty());
    assertFalse(y.requiresGrad(), "no gradient flows back to the ids");
    assertArrayEquals(new int[] {3, 4}, layer.outputShape());
    assertEquals(0, layer.outputVocabulary());
  }

  @Test
  void learnedEmbeddingLooksUpRowsOfWeight() {
    Layer layer = embedding(Map.of("size", 3), 5, 2);
    Tensor w = layer.parameters().get("weight");
    Tensor y = layer.forward(Tensor.of(new float[] {4, 0, 2, 4}, 2, 2), TestContexts.evaluation());
    assertArrayEquals(new int[] {2, 2, 3}, y.shape());
    int[] ids = {4, 0, 2, 4};
    for (int i = 0; i < ids.length; i++) {
      for (int e = 0; e < 3; e++) {
        assertEquals(w.get(ids[i], e), y.data()[i * 3 + e], 0f);
      }
    }
  }

  @Test
  void repeatedIdsAccumulateTheirGradientsInOneRow() {
    Layer layer = embedding(Map.of("size", 2), 4, 3);
    Tensor w = layer.parameters().get("weight");
    // ids 1, 1, 3 in the first sample and 1, 0, 1 in the second: row 1 is used four times
    Tensor y = layer.forward(Tensor.of(new float[] {1, 1, 3, 1, 0, 1}, 2, 3), TestContexts.evaluation());
    float[] seed = new float[y.size()];
    for (int i = 0; i < seed.length; i++) {
      seed[i] = i + 1;
    }
    y.backward(seed);
    // rows of the seed, by position: (1,2) (3,4) (5,6) (7,8) (9,10) (11,12)
    assertArrayEquals(new float[] {9, 10, 1 + 3 + 7 + 11, 2 + 4 + 8 + 12, 0, 0, 5, 6}, w.grad(), 0f);
  }

  @Test
  void namesItsWeightLikePyTorchAndInitialisesItWithPyTorchFans() {
    TestBuildContext context = TestBuildContext.of("emb", new int[] {6}, 10, 1);
    Layer layer = EMBEDDING.create(TestParams.resolve(EMBEDDING, Map.of("size", 4)), context);
    assertEquals(List.of("weight"), List.copyOf(layer.parameters().keySet()));
    assertArrayEquals(new int[] {10, 4}, layer.parameters().get("weight").shape());
    assertEquals(List.of("normal [10, 4] fan_in=4 fan_out=10"), context.initCalls());
    assertArrayEquals(new int[] {6, 4}, layer.outputShape());
    assertEquals(0, layer.outputVocabulary());
  }

  @Test
  void rejectsRealValuedInput() {
    assertEquals("layer 'emb' (embedding): expects token ids from the dataset, got real-valued input of shape [12, 3]",
        createError(EMBEDDING, Map.of("size", 4), "emb", 0, 12, 3));
  }

  @Test
  void requiresSizeUnlessOneHot() {
    assertEquals("layer 'emb' (embedding): size is required unless one_hot: true",
        createError(EMBEDDING, Map.of(), "emb", 20, 12));
  }

  @Test
  void rejectsSizeTogetherWithOneHot() {
    assertEquals("layer 'emb' (embedding): size cannot be combined with one_hot: true (a one-hot vector has the"
        + " vocabulary size, 20); remove size or set one_hot: false",
        createError(EMBEDDING, Map.of("one_hot", true, "size", 8), "emb", 20, 12));
  }

  @Test
  void printsVocabularyAndSizeLikeExtraRepr() {
    assertEquals("embedding(10→4)", embedding(Map.of("size", 4), 10, 6).toString());
    assertEquals("embedding(10, one_hot=true)", embedding(Map.of("one_hot", true), 10, 6).toString());
    assertEquals("embedding(10→4, initializer=zeros)", embedding(Map.of("size", 4,
        "initializer", TestParams.typed(Kind.INITIALIZER, "zeros", Map.of())), 10, 6).toString());
  }
}
