package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.BuildContext;
import io.recur.spi.LayerFactory;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.testkit.LayerContract;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layer contract of core's test kit ({@link LayerContract}: shapes, gradients, determinism,
 * safetensors round trip, masks), run with this module's test contexts: initialisers are the
 * small lambdas of {@link TestBuildContext}, so these tests do not depend on core's
 * initialiser classes, and nested layers come from {@link DenseLayersPlugin}.
 */
abstract class LayerContractTest extends LayerContract {
  private static final long SEED = 42;

  abstract Stream<Case> contractCases();

  @Override
  protected final Stream<Case> cases() {
    return contractCases();
  }

  @Override
  protected BuildContext buildContext(String name, int[] inputShape, int inputVocabulary, long seed) {
    return TestBuildContext.of(name, inputShape, inputVocabulary, seed);
  }

  @Override
  protected Params params(Case c) {
    return TestParams.resolve(c.factory(), c.params());
  }

  /** {@code layer 'name' (type): …} as thrown by {@code create} for this input. */
  static String createError(LayerFactory factory, Map<String, ?> params, String name, int vocabulary, int... inputShape) {
    RecurException e = assertThrows(RecurException.class, () -> factory.create(
        TestParams.resolve(factory, params), TestBuildContext.of(name, inputShape, vocabulary, SEED)));
    return e.getMessage();
  }
}
