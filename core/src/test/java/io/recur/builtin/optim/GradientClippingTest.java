package io.recur.builtin.optim;

import static io.recur.builtin.Fixtures.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.recur.builtin.Fixtures;
import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** clip_grad_norm_ against torch.nn.utils (fixtures/grad-clipping.json). */
class GradientClippingTest {
  static Stream<Arguments> cases() {
    return Fixtures.cases("grad-clipping.json").stream().map(c -> Arguments.of(c.get("id"), c));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  @SuppressWarnings("unchecked")
  void matchesPyTorch(String id, Map<String, Object> c) {
    List<Object> grads = (List<Object>) c.get("grads");
    List<Object> after = (List<Object>) c.get("after");
    Tensor a = withGrad(Fixtures.tensor(grads.get(0)));
    Tensor b = withGrad(Fixtures.tensor(grads.get(1)));
    Tensor noGrad = Tensor.parameter(2);
    double total = GradientClipping.clipByGlobalNorm(List.of(a, b, noGrad), ((Number) c.get("max_norm")).doubleValue());
    assertClose(((Number) c.get("total_norm")).doubleValue(), total, 1e-6, id + " total norm");
    assertClose(Fixtures.tensor(after.get(0)), a.grad(), 1e-6, id + " first gradient");
    assertClose(Fixtures.tensor(after.get(1)), b.grad(), 1e-6, id + " second gradient");
    assertNull(noGrad.grad());
  }

  private static Tensor withGrad(Tensor values) {
    Tensor p = Tensor.parameter(values.shape());
    System.arraycopy(values.data(), 0, p.gradBuffer(), 0, values.size());
    return p;
  }

  @Test
  void leavesGradientsBelowTheLimitUntouched() {
    Tensor p = withGrad(Tensor.of(new float[] {3f, 4f}, 2));
    // max_norm / (5 + 1e-6) must reach 1: at max_norm = 5 torch already scales by 0.9999998
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(p), 5.00001));
    assertEquals(3f, p.grad()[0]);
    assertEquals(4f, p.grad()[1]);
    assertEquals(5.0, GradientClipping.clipByGlobalNorm(List.of(p), 2.5));
    assertClose(1.5, p.grad()[0], 1e-6, "scaled");
    assertClose(2.0, p.grad()[1], 1e-6, "scaled");
  }
}
