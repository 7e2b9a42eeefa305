package io.recur.layers.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.layers.dense.DenseLayersPlugin;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import io.recur.testkit.LayerContract;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class EnsembleLayerTest extends LayerContract {
  private static final EnsembleLayerFactory ENSEMBLE = new EnsembleLayerFactory();
  private static final LayerFactory DENSE = factory("dense");
  private static final LayerFactory EMBEDDING = factory("embedding");
  private static final LayerFactory FLATTEN = factory("flatten");
  private static final LayerFactory DROPOUT = factory("dropout");
  private static final LayerFactory NGRAM = factory("ngram");

  private static LayerFactory factory(String name) {
    return new DenseLayersPlugin().layers().stream().filter(f -> f.name().equals(name)).findFirst().orElseThrow();
  }

  private static Map<String, ?> members(int count, Object... layers) {
    return Map.of("members", count, "layers", List.of(layers));
  }

  private static Object dense(int units, String activation) {
    return TestParams.layer(DENSE, Map.of("units", units, "activation", activation));
  }

  @Override
  protected Stream<Case> cases() {
    return Stream.of(
        Case.of("dense logits on [N, F]", ENSEMBLE, members(3, dense(4, "identity")), 5),
        Case.of("dense log-softmax on [N, T, F]", ENSEMBLE, members(2, dense(3, "log-softmax")), 4, 5),
        Case.of("dense logits while training", ENSEMBLE, members(3, dense(4, "tanh")), 5).whileTraining(),
        Case.ids("embedding, flatten, dense on token ids", ENSEMBLE,
            members(2, TestParams.layer(EMBEDDING, Map.of("size", 3)), TestParams.layer(FLATTEN, Map.of()),
                dense(4, "identity")), 6, 2),
        Case.of("dropout while training", ENSEMBLE,
            members(2, TestParams.layer(DROPOUT, Map.of("rate", 0.5)), dense(3, "identity")), 4).whileTraining());
  }

  private static Layer ensemble(Map<String, ?> params, long seed, int... inputShape) {
    return ENSEMBLE.create(TestParams.resolve(ENSEMBLE, params), TestBuildContext.of("ens", inputShape, 0, seed));
  }

  private static Layer alone(long seed) {
    return DENSE.create(TestParams.resolve(DENSE, Map.of("units", 4)), TestBuildContext.of("d", new int[] {5}, 0, seed));
  }

  @Test
  void namesEveryMembersWeightsAfterTheMemberAndItsLayer() {
    Layer layer = ensemble(members(3, dense(4, "identity")), 1, 5);
    assertEquals(List.of("member1.dense_0.weight", "member1.dense_0.bias", "member2.dense_0.weight",
        "member2.dense_0.bias", "member3.dense_0.weight", "member3.dense_0.bias"),
        List.copyOf(layer.parameters().keySet()));
    assertArrayEquals(new int[] {4}, layer.outputShape());
  }

  @Test
  void membersDrawTheirWeightsOneAfterTheOtherSoTheyDiffer() {
    Layer layer = ensemble(members(2, dense(4, "identity")), 7, 5);
    Tensor first = layer.parameters().get("member1.dense_0.weight");
    Tensor second = layer.parameters().get("member2.dense_0.weight");
    assertFalse(java.util.Arrays.equals(first.data(), second.data()));
    assertArrayEquals(bits(alone(7).parameters().get("weight")), bits(first), "member 1 draws first");
  }

  @Test
  void predictsTheLogOfTheMembersMeanProbability() {
    Layer layer = ensemble(members(3, dense(4, "identity")), 3, 5);
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 0.1f, 0.3f, -0.2f, 1f, 0f, 4f, -3f}, 2, 5);
    float[] out = layer.forward(x, TestContexts.evaluation()).data();
    float[][] p = memberProbabilities(layer, x);
    for (int i = 0; i < out.length; i++) {
      double mean = (p[0][i] + p[1][i] + p[2][i]) / 3;
      assertEquals(Math.log(mean), out[i], 1e-5, "element " + i);
    }
    for (int n = 0; n < 2; n++) {
      double total = 0;
      for (int c = 0; c < 4; c++) {
        total += Math.exp(out[n * 4 + c]);
      }
      assertEquals(1.0, total, 1e-5, "probabilities of row " + n + " sum to one");
    }
  }

  @Test
  void trainsOnTheMembersMeanLogProbabilitySoTheirLossesAreAveraged() {
    Layer layer = ensemble(members(3, dense(4, "identity")), 3, 5);
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f, 0.1f, 0.3f}, 1, 5);
    float[] out = layer.forward(x, TestContexts.training(11)).data();
    float[][] p = memberProbabilities(layer, x);
    for (int i = 0; i < out.length; i++) {
      double meanLog = (Math.log(p[0][i]) + Math.log(p[1][i]) + Math.log(p[2][i])) / 3;
      assertEquals(meanLog, out[i], 1e-5, "element " + i);
    }
  }

  @Test
  void aClassEveryMemberFindsVeryUnlikelyKeepsAFiniteLogProbability() {
    Layer layer = ensemble(members(2, dense(2, "identity")), 1, 1);
    for (Tensor w : layer.parameters().values()) {
      java.util.Arrays.fill(w.data(), 0f);
    }
    layer.parameters().get("member1.dense_0.bias").data()[0] = 200f;
    layer.parameters().get("member2.dense_0.bias").data()[0] = 150f;
    float[] out = layer.forward(Tensor.of(new float[] {1f}, 1, 1), TestContexts.evaluation()).data();
    assertTrue(Float.isFinite(out[1]), "log p of the unlikely class: " + out[1]);
    assertEquals(Math.log(0.5 * (Math.exp(-200) + Math.exp(-150))), out[1], 1e-3);
  }

  /** Each member's softmax, computed from its own weights with a dense layer of the same values. */
  private static float[][] memberProbabilities(Layer layer, Tensor x) {
    int members = layer.parameters().size() / 2;
    float[][] p = new float[members][];
    for (int k = 0; k < members; k++) {
      Layer dense = alone(0);
      System.arraycopy(layer.parameters().get("member" + (k + 1) + ".dense_0.weight").data(), 0,
          dense.parameters().get("weight").data(), 0, dense.parameters().get("weight").size());
      System.arraycopy(layer.parameters().get("member" + (k + 1) + ".dense_0.bias").data(), 0,
          dense.parameters().get("bias").data(), 0, dense.parameters().get("bias").size());
      p[k] = dense.forward(x, TestContexts.evaluation()).softmax().data();
    }
    return p;
  }

  @Test
  void withoutRecurrentMembersItCarriesNoState() {
    assertFalse(ensemble(members(2, dense(4, "identity")), 1, 5) instanceof StatefulLayer);
  }

  @Test
  void refusesMembersThatEndInProbabilities() {
    RecurException e = assertThrows(RecurException.class, () -> ensemble(members(2, dense(4, "softmax")), 1, 5));
    assertEquals("layer 'ens' (ensemble): the members' last layer ends in softmax; give logits (no activation)"
        + " or log-probabilities (activation: log-softmax), which the ensemble turns into probabilities itself",
        e.getMessage());
  }

  @Test
  void refusesCountedLayers() {
    RecurException counted = assertThrows(RecurException.class, () -> ENSEMBLE.create(
        TestParams.resolve(ENSEMBLE, members(2, TestParams.layer(NGRAM, Map.of("order", 2)))),
        TestBuildContext.of("ens", new int[] {4}, 5, SEED)));
    assertTrue(counted.getMessage().startsWith("layer 'ens' (ensemble): layer 'ngram_0' (ngram) is counted"),
        counted.getMessage());
  }

  @Test
  void needsAtLeastTwoMembers() {
    RecurException e = assertThrows(RecurException.class,
        () -> TestParams.resolve(ENSEMBLE, members(1, dense(4, "identity"))));
    assertTrue(e.getMessage().contains("members"), e.getMessage());
  }
}
