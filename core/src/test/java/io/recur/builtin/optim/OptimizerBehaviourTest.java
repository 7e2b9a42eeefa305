package io.recur.builtin.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.builtin.Fixtures;
import io.recur.spi.Optimizer;
import io.recur.spi.OptimizerFactory;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OptimizerBehaviourTest {
  private static Map<String, Tensor> parameters() {
    Map<String, Tensor> m = new LinkedHashMap<>();
    m.put("dense.weight", Tensor.parameter(2, 3));
    m.put("dense.bias", Tensor.parameter(2));
    return m;
  }

  private static Optimizer create(OptimizerFactory f, Map<String, Object> params, Map<String, Tensor> parameters) {
    return f.create(Fixtures.params(f, params), parameters);
  }

  @Test
  void stateListsEverySlotByParameterBeforeTheFirstStep() {
    assertEquals(List.of("dense.weight.step", "dense.weight.exp_avg", "dense.weight.exp_avg_sq",
            "dense.bias.step", "dense.bias.exp_avg", "dense.bias.exp_avg_sq"),
        List.copyOf(create(new AdamOptimizerFactory(), Map.of(), parameters()).state().keySet()));
    assertEquals(List.of("dense.weight.step", "dense.weight.exp_avg", "dense.weight.exp_avg_sq",
            "dense.weight.max_exp_avg_sq", "dense.bias.step", "dense.bias.exp_avg", "dense.bias.exp_avg_sq",
            "dense.bias.max_exp_avg_sq"),
        List.copyOf(create(new AdamOptimizerFactory(), Map.of("amsgrad", true), parameters()).state().keySet()));
    assertEquals(List.of("dense.weight.step", "dense.bias.step"),
        List.copyOf(create(new SgdOptimizerFactory(), Map.of("learning_rate", 0.1), parameters()).state().keySet()));
    assertEquals(List.of("dense.weight.step", "dense.weight.momentum_buffer", "dense.bias.step",
            "dense.bias.momentum_buffer"),
        List.copyOf(create(new SgdOptimizerFactory(), Map.of("learning_rate", 0.1, "momentum", 0.9), parameters())
            .state().keySet()));
    assertEquals(List.of("dense.weight.step", "dense.weight.square_avg", "dense.weight.momentum_buffer",
            "dense.weight.grad_avg", "dense.bias.step", "dense.bias.square_avg", "dense.bias.momentum_buffer",
            "dense.bias.grad_avg"),
        List.copyOf(create(new RmsPropOptimizerFactory(), Map.of("momentum", 0.5, "centered", true), parameters())
            .state().keySet()));
    assertEquals(List.of("dense.weight.step", "dense.weight.sum", "dense.bias.step", "dense.bias.sum"),
        List.copyOf(create(new AdagradOptimizerFactory(), Map.of(), parameters()).state().keySet()));
  }

  @Test
  void restoringStateByWritingIntoItContinuesExactly() {
    Map<String, Tensor> first = parameters();
    Optimizer a = create(new AdamOptimizerFactory(), Map.of("learning_rate", 0.1), first);
    for (Tensor p : first.values()) {
      p.gradBuffer()[0] = 0.5f;
    }
    a.step();
    Map<String, Tensor> second = parameters();
    first.forEach((name, p) -> System.arraycopy(p.data(), 0, second.get(name).data(), 0, p.size()));
    Optimizer b = create(new AdamOptimizerFactory(), Map.of("learning_rate", 0.1), second);
    a.state().forEach((key, t) -> System.arraycopy(t.data(), 0, b.state().get(key).data(), 0, t.size()));
    for (Map<String, Tensor> ps : List.of(first, second)) {
      for (Tensor p : ps.values()) {
        p.gradBuffer()[0] = -0.25f;
      }
    }
    a.step();
    b.step();
    first.forEach((name, p) -> assertArrayEquals(p.data(), second.get(name).data(), 0f, name));
  }

  @Test
  void skipsParametersWithoutAGradientAndZeroGradKeepsBuffers() {
    Map<String, Tensor> ps = parameters();
    Optimizer sgd = create(new SgdOptimizerFactory(), Map.of("learning_rate", 0.5, "weight_decay", 0.1), ps);
    ps.get("dense.bias").data()[0] = 1f;
    ps.get("dense.weight").gradBuffer()[1] = 2f;
    sgd.step();
    assertEquals(1f, ps.get("dense.bias").data()[0], "no gradient, no weight decay either");
    assertEquals(-1f, ps.get("dense.weight").data()[1]);
    sgd.zeroGrad();
    assertArrayEquals(new float[6], ps.get("dense.weight").grad());
    assertEquals(1f, sgd.state().get("dense.weight.step").item());
    assertEquals(0f, sgd.state().get("dense.bias.step").item());
  }

  @Test
  void learningRateCanBeChangedBetweenSteps() {
    Map<String, Tensor> ps = parameters();
    Optimizer sgd = create(new SgdOptimizerFactory(), Map.of("learning_rate", 0.5), ps);
    assertEquals(0.5, sgd.learningRate());
    sgd.setLearningRate(0.25);
    ps.get("dense.bias").gradBuffer()[0] = 1f;
    sgd.step();
    assertEquals(-0.25f, ps.get("dense.bias").data()[0]);
    assertThrows(IllegalArgumentException.class, () -> sgd.setLearningRate(-1));
  }

  @Test
  void nesterovWithoutMomentumIsRejected() {
    RecurException e = assertThrows(RecurException.class,
        () -> create(new SgdOptimizerFactory(), Map.of("learning_rate", 0.1, "nesterov", true), parameters()));
    assertEquals("optimizer 'sgd': nesterov needs momentum > 0 and dampening 0, got momentum 0.0 and dampening 0.0",
        e.getMessage());
  }

  @Test
  void adamRejectsABetaOfOne() {
    RecurException e = assertThrows(RecurException.class,
        () -> create(new AdamOptimizerFactory(), Map.of("beta2", 1.0), parameters()));
    assertEquals("optimizer 'adam': beta1 and beta2 must be below 1, got 0.9 and 1.0", e.getMessage());
  }

  @Test
  void defaultsFollowPyTorch() {
    assertEquals(0.001, AdamOptimizerFactory.LEARNING_RATE.defaultValue().orElseThrow());
    assertEquals(0.999, AdamOptimizerFactory.BETA2.defaultValue().orElseThrow());
    assertEquals(1e-8, AdamOptimizerFactory.EPSILON.defaultValue().orElseThrow());
    assertEquals(0.01, RmsPropOptimizerFactory.LEARNING_RATE.defaultValue().orElseThrow());
    assertEquals(0.99, RmsPropOptimizerFactory.ALPHA.defaultValue().orElseThrow());
    assertEquals(0.01, AdagradOptimizerFactory.LEARNING_RATE.defaultValue().orElseThrow());
    assertEquals(1e-10, AdagradOptimizerFactory.EPSILON.defaultValue().orElseThrow());
    assertEquals(true, SgdOptimizerFactory.LEARNING_RATE.required());
  }

  @Test
  void aFrozenParameterIsRefused() {
    Map<String, Tensor> parameters = parameters();
    parameters.get("dense.bias").freeze();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> create(new AdamOptimizerFactory(), Map.of(), parameters));
    assertEquals("parameter dense.bias is frozen (a loaded model's, for inference only) and cannot be optimised",
        e.getMessage());
  }
}
