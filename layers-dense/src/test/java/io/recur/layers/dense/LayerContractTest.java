package io.recur.layers.dense;

import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.LayerFactory;
import io.recur.spi.RecurException;
import io.recur.testkit.LayerContract;
import io.recur.testkit.TestBuildContext;
import io.recur.testkit.TestParams;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The layer contract of core's test kit ({@link LayerContract}: shapes, gradients, determinism,
 * safetensors round trip, masks) for this module's layers, built as the engine builds them:
 * parameters resolved by the config validator, initialisers and nested layers from the registry.
 */
abstract class LayerContractTest extends LayerContract {
  abstract Stream<Case> contractCases();

  @Override
  protected final Stream<Case> cases() {
    return contractCases();
  }

  /** {@code layer 'name' (type): …} as thrown by {@code create} for this input. */
  static String createError(LayerFactory factory, Map<String, ?> params, String name, int vocabulary, int... inputShape) {
    RecurException e = assertThrows(RecurException.class, () -> factory.create(
        TestParams.resolve(factory, params), TestBuildContext.of(name, inputShape, vocabulary, SEED)));
    return e.getMessage();
  }
}
