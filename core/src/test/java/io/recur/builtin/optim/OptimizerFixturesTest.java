package io.recur.builtin.optim;

import static io.recur.builtin.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recur.builtin.Fixtures;
import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Five steps of every optimizer configuration against torch.optim (fixtures/optimizers.json).
 * On the first step the bias has no gradient yet, so it must be skipped, step count included.
 */
class OptimizerFixturesTest {
  private static final double TOLERANCE = 1e-5;

  static final Map<String, OptimizerFactory> FACTORIES = Map.of(
      "sgd", new SgdOptimizerFactory(), "adam", new AdamOptimizerFactory(),
      "rmsprop", new RmsPropOptimizerFactory(), "adagrad", new AdagradOptimizerFactory());

  static Stream<Arguments> cases() {
    return Fixtures.cases("optimizers.json").stream().map(c -> Arguments.of(c.get("id") + " " + c.get("params"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(String id, Map<String, Object> c) {
    OptimizerFactory factory = FACTORIES.get((String) c.get("type"));
    Map<String, Tensor> parameters = new LinkedHashMap<>();
    ((Map<String, Object>) c.get("initial")).forEach(
        (name, json) -> parameters.put(name, Fixtures.tensor(json).requireGrad(true)));
    Optimizer optimizer = factory.create(Fixtures.params(factory, (Map<String, Object>) c.get("params")), parameters);
    List<Map<String, Object>> steps = (List<Map<String, Object>>) c.get("steps");
    int biasSteps = 0;
    for (int s = 0; s < steps.size(); s++) {
      Map<String, Object> grads = (Map<String, Object>) steps.get(s).get("grads");
      for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
        Tensor g = Fixtures.tensor(grads.get(p.getKey()));
        if (g == null) {
          assertNull(p.getValue().grad(), "the fixture leaves a gradient out only before the first one");
        } else {
          System.arraycopy(g.data(), 0, p.getValue().gradBuffer(), 0, g.size());
        }
      }
      biasSteps += grads.get("bias") == null ? 0 : 1;
      optimizer.step();
      Map<String, Object> after = (Map<String, Object>) steps.get(s).get("after");
      for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
        assertClose(Fixtures.tensor(after.get(p.getKey())), p.getValue().data(), TOLERANCE,
            id + " step " + (s + 1) + " " + p.getKey());
      }
    }
    assertEquals(steps.size(), optimizer.state().get("weight.step").item());
    assertEquals(biasSteps, optimizer.state().get("bias.step").item());
  }
}
