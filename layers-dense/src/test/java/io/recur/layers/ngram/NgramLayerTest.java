package io.recur.layers.ngram;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.BuildContext;
import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The n-gram model against probabilities worked out by hand. Tokens a, b, c are ids 0, 1, 2; the
 * training text is {@code a b a b c a} (inputs {@code a b a b c}, targets {@code b a b c a}), so
 * with order 2 the counts are:
 *
 * <pre>
 *   ""  → a 2, b 2, c 1 (5)     "a" → b 2 (2)     "b" → a 1, c 1 (2)     "c" → a 1 (1)
 *   "ab" → a 1, c 1 (2)         "ba" → b 1 (1)    "bc" → a 1 (1)
 * </pre>
 */
class NgramLayerTest {
  private static final int A = 0;
  private static final int B = 1;
  private static final int C = 2;
  private static final double K = 0.5;

  static NgramLayer layer(int order, double k, int steps) {
    return (NgramLayer) new NgramLayerFactory().create(
        Params.of(Map.of("order", order, "k", k, "smoothing", NgramLayerFactory.ADD_K)), context(steps, 3));
  }

  static BuildContext context(int steps, int vocabulary) {
    return new BuildContext() {
      @Override public String name() {
        return "ngram_0";
      }

      @Override public int[] inputShape() {
        return new int[] {steps};
      }

      @Override public int inputVocabulary() {
        return vocabulary;
      }

      @Override public RandomGenerator random() {
        return new Well19937c(1);
      }

      @Override public Initializer initializer(TypedValue value) {
        throw new UnsupportedOperationException("ngram has no weights");
      }

      @Override public Layer layer(TypedValue value, String name, int[] inputShape, int inputVocabulary) {
        throw new UnsupportedOperationException("ngram nests no layer");
      }
    };
  }

  static ForwardContext eval(Tensor mask) {
    return new ForwardContext() {
      @Override public boolean training() {
        return false;
      }

      @Override public Tensor mask() {
        return mask;
      }

      @Override public RandomGenerator random() {
        return null;
      }
    };
  }

  static Tensor ids(int... ids) {
    float[] f = new float[ids.length];
    for (int i = 0; i < ids.length; i++) {
      f[i] = ids[i];
    }
    return Tensor.of(f, 1, ids.length);
  }

  /** The fitted order-2 model of the class comment. */
  static NgramLayer fitted(int order) {
    NgramLayer l = layer(order, K, 5);
    l.resetFit();
    l.fit(ids(A, B, A, B, C), ids(B, A, B, C, A), null);
    return l;
  }

  /** Probabilities (not logs) at position {@code p} of a forward over {@code input}. */
  static double[] probabilities(Layer l, Tensor input, int p) {
    Tensor out = l.forward(input, eval(null));
    double[] q = new double[3];
    for (int j = 0; j < 3; j++) {
      q[j] = Math.exp(out.get(0, p, j));
    }
    return q;
  }

  static void assertProbabilities(double[] expected, double[] actual) {
    assertArrayEquals(expected, actual, 1e-6);
  }

  @Test
  void seenContextGivesAddKSmoothedCounts() {
    NgramLayer l = fitted(2);
    // "a b" → context "ab": a 1, c 1 of 2; (c + k) / (2 + 3k)
    assertProbabilities(new double[] {1.5 / 3.5, 0.5 / 3.5, 1.5 / 3.5}, probabilities(l, ids(A, B), 1));
    // first position: only "a" precedes: b 2 of 2
    assertProbabilities(new double[] {0.5 / 3.5, 2.5 / 3.5, 0.5 / 3.5}, probabilities(l, ids(A, B), 0));
  }

  @Test
  void unseenContextBacksOffToTheLongestSeenSuffix() {
    NgramLayer l = fitted(2);
    // "c c": context "cc" was never seen, "c" was (a 1 of 1)
    assertProbabilities(new double[] {1.5 / 2.5, 0.5 / 2.5, 0.5 / 2.5}, probabilities(l, ids(C, C), 1));
    // "c a": "ca" unseen, "a" seen (b 2 of 2)
    assertProbabilities(new double[] {0.5 / 3.5, 2.5 / 3.5, 0.5 / 3.5}, probabilities(l, ids(C, A), 1));
  }

  @Test
  void orderZeroIsTheSmoothedUnigram() {
    NgramLayer l = fitted(0);
    assertProbabilities(new double[] {2.5 / 6.5, 2.5 / 6.5, 1.5 / 6.5}, probabilities(l, ids(C, C, A), 2));
  }

  @Test
  void anUnfittedModelIsUniform() {
    NgramLayer l = layer(2, K, 5);
    assertProbabilities(new double[] {1 / 3.0, 1 / 3.0, 1 / 3.0}, probabilities(l, ids(A, B), 1));
  }

  @Test
  void distributionsSumToOne() {
    NgramLayer l = fitted(2);
    Tensor out = l.forward(ids(A, B, C, C, A), eval(null));
    for (int p = 0; p < 5; p++) {
      double sum = 0;
      for (int j = 0; j < 3; j++) {
        sum += Math.exp(out.get(0, p, j));
      }
      assertEquals(1.0, sum, 1e-6, "position " + p);
    }
  }

  @Test
  void maskedPositionsAreNeitherCountedNorScored() {
    NgramLayer l = layer(1, K, 5);
    // only the first two positions are real: a→b, b→a
    l.fit(ids(A, B, A, B, C), ids(B, A, B, C, A), Tensor.of(new float[] {1, 1, 0, 0, 0}, 1, 5));
    // "" → a 1, b 1 (2); "a" → b 1; "b" → a 1; "c" unseen → unigram
    assertProbabilities(new double[] {1.5 / 3.5, 1.5 / 3.5, 0.5 / 3.5}, probabilities(l, ids(C), 0));
    assertEquals(4, l.size(), "pairs: '' a, '' b, 'a' b, 'b' a");
    Tensor out = l.forward(ids(A, B), eval(Tensor.of(new float[] {1, 0}, 1, 2)));
    assertEquals(-Math.log(3), out.get(0, 1, 0), 1e-6, "a padded position is uniform");
  }

  @Test
  void fittingAgainForgetsTheFirstFitAfterReset() {
    NgramLayer l = fitted(2);
    l.resetFit();
    l.fit(ids(A, B, A, B, C), ids(B, A, B, C, A), null);
    assertProbabilities(new double[] {1.5 / 3.5, 0.5 / 3.5, 1.5 / 3.5}, probabilities(l, ids(A, B), 1));
  }

  @Test
  void savedStateListsEveryPairWithItsContextAndLoadsBack() {
    NgramLayer l = fitted(2);
    Map<String, Tensor> state = l.fittedState();
    Tensor grams = state.get(NgramLayer.NGRAMS);
    Tensor counts = state.get(NgramLayer.COUNTS);
    assertArrayEquals(new int[] {11, 3}, grams.shape());
    assertArrayEquals(new int[] {11}, counts.shape());
    // the empty context's rows come first (key 0): -1, -1, next
    assertArrayEquals(new float[] {-1, -1, A, -1, -1, B, -1, -1, C}, java.util.Arrays.copyOf(grams.data(), 9));
    assertArrayEquals(new float[] {2, 2, 1}, java.util.Arrays.copyOf(counts.data(), 3));
    boolean foundAbThenC = false;
    for (int r = 0; r < 11; r++) {
      foundAbThenC |= grams.get(r, 0) == A && grams.get(r, 1) == B && grams.get(r, 2) == C && counts.get(r) == 1;
    }
    assertTrue(foundAbThenC, "the pair (a b → c) is saved with count 1");

    NgramLayer copy = layer(2, K, 5);
    copy.loadFittedState(state, "test.safetensors");
    Tensor x = ids(C, A, B, B, A);
    assertArrayEquals(l.forward(x, eval(null)).data(), copy.forward(x, eval(null)).data());
    assertArrayEquals(grams.data(), copy.fittedState().get(NgramLayer.NGRAMS).data());
  }

  @Test
  void loadingTheStateOfAnotherOrderNamesTheMismatch() {
    Map<String, Tensor> state = fitted(2).fittedState();
    RecurException e = assertThrows(RecurException.class, () -> layer(3, K, 5).loadFittedState(state, "w.safetensors"));
    assertEquals("w.safetensors: layer 'ngram_0' (ngram): 'ngrams' has shape [11, 3]; an order-3 model saves [M, 4]"
        + " (context ids, then the next id)", e.getMessage());
  }

  @Test
  void carriedHistoryContinuesASequenceWhereTheLastForwardStopped() {
    NgramLayer l = fitted(2);
    Tensor whole = l.forward(ids(A, B, A, C), eval(null));
    l.forward(ids(A, B), eval(null));
    l.startFrom(l.finalStates());
    Tensor rest = l.forward(ids(A, C), eval(null));
    for (int j = 0; j < 3; j++) {
      assertEquals(whole.get(0, 2, j), rest.get(0, 0, j));
      assertEquals(whole.get(0, 3, j), rest.get(0, 1, j));
    }
    assertArrayEquals(new float[] {A, C}, l.finalStates().get(NgramLayer.HISTORY).data());
    // the start applies to one forward only
    assertArrayEquals(l.forward(ids(A, C), eval(null)).data(), fitted(2).forward(ids(A, C), eval(null)).data());
  }

  @Test
  void rejectsTokenIdsOutsideTheVocabulary() {
    RecurException e = assertThrows(RecurException.class, () -> fitted(2).forward(ids(A, 3), eval(null)));
    assertEquals("layer 'ngram_0' (ngram): input holds 3.0, not a token id in [0, 3)", e.getMessage());
  }

  @Test
  void rejectsRealValuedInput() {
    RecurException e = assertThrows(RecurException.class, () -> new NgramLayerFactory()
        .create(Params.of(Map.of("order", 2, "k", K)), context(5, 0)));
    assertTrue(e.getMessage().startsWith("layer 'ngram_0' (ngram): expects token ids [T]"), e.getMessage());
  }

  @Test
  void rejectsAnOrderWhoseContextsOverflowTheKeys() {
    RecurException e = assertThrows(RecurException.class, () -> new NgramLayerFactory()
        .create(Params.of(Map.of("order", 20, "k", K, "lower_order_to_fit", false)), context(5, 65)));
    assertEquals("layer 'ngram_0' (ngram): order 20 is too high for a vocabulary of 65 tokens: its contexts do not fit"
        + " 64-bit keys; lower the order (9 fits), or set lower_order_to_fit: true", e.getMessage());
  }

  @Test
  void lowersAnOrderThatDoesNotFitToTheHighestThatDoesWhenAsked() {
    Layer layer = new NgramLayerFactory().create(
        Params.of(Map.of("order", 7, "k", K, "smoothing", "kneser-ney", "lower_order_to_fit", true)), context(5, 3000));
    assertEquals("ngram(order=4, kneser-ney, vocabulary=3000)", layer.toString());
    assertEquals(4, NgramLayerFactory.highestFitting(7, 3000));
    assertEquals(7, NgramLayerFactory.highestFitting(7, 230));
    assertEquals(6, NgramLayerFactory.highestFitting(7, 240));
  }
}
