package io.recur.builtin.loss;

import static io.recur.builtin.Fixtures.assertClose;

import io.recur.builtin.Fixtures;
import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.tensor.Tensor;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss against PyTorch's value and output gradient (fixtures/losses.json). */
class LossFixturesTest {
  private static final double TOLERANCE = 1e-5;

  static final Map<String, LossFactory> FACTORIES = Map.of(
      "mse", new MseLossFactory(), "mae", new MaeLossFactory(), "bce", new BceLossFactory(),
      "cross-entropy", new CrossEntropyLossFactory(), "nll", new NllLossFactory());

  static Stream<Arguments> cases() {
    return Fixtures.cases("losses.json").stream().map(c -> Arguments.of(c.get("id"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(String id, Map<String, Object> c) {
    LossFactory factory = FACTORIES.get((String) c.get("type"));
    Loss loss = factory.create(Fixtures.params(factory, (Map<String, Object>) c.get("params")));
    Tensor output = Fixtures.tensor(c.get("output")).requireGrad(true);
    Tensor value = loss.compute(output, Fixtures.tensor(c.get("target")), Fixtures.tensor(c.get("mask")));
    assertClose(((Number) c.get("loss")).doubleValue(), value.item(), TOLERANCE, id + " loss");
    value.backward();
    assertClose(Fixtures.tensor(c.get("grad")), output.grad(), TOLERANCE, id + " gradient");
  }
}
