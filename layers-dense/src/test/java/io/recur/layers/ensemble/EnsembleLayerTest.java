package io.recur.layers.ensemble;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.layers.dense.DenseLayersPlugin;
import io.recur.spi.FittedLayer;
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
            members(2, TestParams.layer(DROPOUT, Map.of("rate", 0.5)), dense(3, "identity")), 4).whileTraining(),
        Case.ids("one member mixed with a counted n-gram", ENSEMBLE, mixture(0.3), 5, 4));
  }

  /** One member (embedding, dense over 5 tokens) beside a Kneser–Ney bigram, the bigram weighted {@code w}. */
  private static Map<String, ?> mixture(double w) {
    return Map.of("members", 1,
        "layers", List.of(TestParams.layer(EMBEDDING, Map.of("size", 3)), dense(5, "identity")),
        "counted", List.of(TestParams.layer(NGRAM, Map.of("order", 2, "smoothing", "kneser-ney"))),
        "counted_weight", w);
  }

  private static final Tensor TOKENS = Tensor.of(new float[] {0, 1, 2, 1, 0, 1, 2, 3, 4, 1, 2, 1}, 3, 4);
  private static final Tensor NEXT = Tensor.of(new float[] {1, 2, 1, 0, 1, 2, 3, 4, 1, 2, 1, 0}, 3, 4);

  /** The mixture over token ids of 5 kinds, windows of 4. */
  private static Layer mixtureLayer(double w) {
    return ENSEMBLE.create(TestParams.resolve(ENSEMBLE, mixture(w)), TestBuildContext.of("ens", new int[] {4}, 5, 5));
  }

  private static Layer fittedMixture(double w) {
    Layer layer = mixtureLayer(w);
    ((FittedLayer) layer).resetFit();
    ((FittedLayer) layer).fit(TOKENS, NEXT, null);
    return layer;
  }

  @Test
  void mixesTheMembersProbabilityWithTheCountedLayersByTheCountedWeight() {
    Layer layer = fittedMixture(0.3);
    float[] member = layer.forward(TOKENS, TestContexts.training(3)).data(); // one member: its own log-probabilities
    Layer ngram = NGRAM.create(TestParams.resolve(NGRAM, Map.of("order", 2, "smoothing", "kneser-ney")),
        TestBuildContext.of("g", new int[] {4}, 5, 1));
    ((FittedLayer) ngram).fit(TOKENS, NEXT, null);
    float[] counted = ngram.forward(TOKENS, TestContexts.evaluation()).data();
    float[] out = layer.forward(TOKENS, TestContexts.evaluation()).data();
    for (int i = 0; i < out.length; i++) {
      assertEquals(Math.log(0.7 * Math.exp(member[i]) + 0.3 * Math.exp(counted[i])), out[i], 1e-5, "element " + i);
    }
  }

  @Test
  void trainsTheMembersAloneWhateverTheCountsSay() {
    Layer unfitted = mixtureLayer(0.5);
    float[] before = unfitted.forward(TOKENS, TestContexts.training(3)).data();
    float[] after = fittedMixture(0.5).forward(TOKENS, TestContexts.training(3)).data();
    assertArrayEquals(before, after);
    assertEquals(List.of("member1.embedding_0.weight", "member1.dense_1.weight", "member1.dense_1.bias"),
        List.copyOf(unfitted.parameters().keySet()), "the counts are not trained");
  }

  @Test
  void savesTheCountsUnderTheCountedLayersNameAndPredictsTheSameFromThem() {
    Layer fitted = fittedMixture(0.5);
    Map<String, Tensor> state = ((FittedLayer) fitted).fittedState();
    assertEquals(List.of("counted1.ngram_0.ngrams", "counted1.ngram_0.counts"), List.copyOf(state.keySet()));
    Layer loaded = mixtureLayer(0.5);
    ((FittedLayer) loaded).loadFittedState(state, "test");
    assertArrayEquals(bits(fitted.forward(TOKENS, TestContexts.evaluation())),
        bits(loaded.forward(TOKENS, TestContexts.evaluation())));
  }

  @Test
  void carriesTheCountedLayersHistoryOnlyAfterAForwardThatRanThem() {
    StatefulLayer layer = (StatefulLayer) fittedMixture(0.5);
    ((Layer) layer).forward(TOKENS, TestContexts.training(3));
    assertEquals(List.of(), List.copyOf(layer.finalStates().keySet()), "a training forward skips the n-gram");
    ((Layer) layer).forward(TOKENS, TestContexts.evaluation());
    assertEquals(List.of("counted1.ngram_0.history"), List.copyOf(layer.finalStates().keySet()));
    // fed in two halves, the history carried from the first to the second = fed at once
    float[] once = fittedMixture(0.5).forward(TOKENS, TestContexts.evaluation()).data();
    Layer halves = fittedMixture(0.5);
    halves.forward(columns(TOKENS, 0, 2), TestContexts.evaluation());
    ((StatefulLayer) halves).startFrom(((StatefulLayer) halves).finalStates());
    float[] second = halves.forward(columns(TOKENS, 2, 4), TestContexts.evaluation()).data();
    for (int n = 0; n < 3; n++) {
      for (int t = 2; t < 4; t++) {
        for (int v = 0; v < 5; v++) {
          assertEquals(once[(n * 4 + t) * 5 + v], second[(n * 2 + t - 2) * 5 + v], 1e-6, "row " + n + " step " + t);
        }
      }
    }
  }

  /** Steps {@code [from, to)} of token ids {@code [N, T]}. */
  private static Tensor columns(Tensor ids, int from, int to) {
    int n = ids.dim(0);
    int t = ids.dim(1);
    float[] out = new float[n * (to - from)];
    for (int r = 0; r < n; r++) {
      System.arraycopy(ids.data(), r * t + from, out, r * (to - from), to - from);
    }
    return Tensor.of(out, n, to - from);
  }

  @Test
  void refusesTrainedLayersAmongTheCountedOnes() {
    Map<String, ?> params = Map.of("members", 1,
        "layers", List.of(TestParams.layer(DROPOUT, Map.of("rate", 0.1)), dense(4, "identity")),
        "counted", List.of(dense(4, "identity")));
    RecurException e = assertThrows(RecurException.class, () -> ensemble(params, 1, 5));
    assertEquals("layer 'ens' (ensemble): counted layer 'dense_0' (dense) is trained, not counted; 'counted'"
        + " holds layers fitted by counting, such as ngram, and trained layers go in 'layers'", e.getMessage());
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
  void needsAtLeastTwoMembersOrCountedLayersToMixOneWith() {
    RecurException e = assertThrows(RecurException.class, () -> ensemble(members(1, dense(4, "identity")), 1, 5));
    assertEquals("layer 'ens' (ensemble): members: 1 averages nothing; give at least 2 members, or counted layers"
        + " to mix one member with", e.getMessage());
  }
}
