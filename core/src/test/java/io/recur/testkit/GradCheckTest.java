package io.recur.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.tensor.Node;
import io.recur.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class GradCheckTest {

  /** y = 2x with a backward that is off by a factor on one element: the check must notice. */
  private static final class WrongDoubleOp extends Node {
    WrongDoubleOp(Tensor x) {
      super(x);
    }

    static Tensor apply(Tensor x) {
      float[] y = x.data().clone();
      for (int i = 0; i < y.length; i++) {
        y[i] *= 2f;
      }
      return Tensor.record(new WrongDoubleOp(x), Tensor.of(y, x.shape()));
    }

    @Override public String name() {
      return "wrong-double";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * (i == 3 ? 2.1f : 2f);
      }
    }
  }

  @Test
  void failsNamingInputElementAndBothValues() {
    Tensor a = GradCheck.random(1, 2, 3);
    Tensor x = GradCheck.random(2, 2, 3);
    AssertionError e = assertThrows(AssertionError.class,
        () -> GradCheck.check(in -> in.get(0).add(WrongDoubleOp.apply(in.get(1))), List.of(a, x)));
    assertTrue(e.getMessage().startsWith("1 gradient element(s) differ"), e.getMessage());
    assertTrue(e.getMessage().contains("input 1 [2, 3] element 3 [1, 0]: analytic"), e.getMessage());
    assertTrue(e.getMessage().contains("numeric"), e.getMessage());
  }

  @Test
  void passesACorrectOpAndRestoresInputsExactly() {
    Tensor x = GradCheck.random(3, 4, 5);
    float[] before = x.data().clone();
    GradCheck.check(in -> in.get(0).tanh(), List.of(x));
    assertArrayEquals(before, x.data(), 0f);
  }

  @Test
  void leavesTheAnalyticGradientOfTheProjectionInPlace() {
    Tensor x = GradCheck.random(4, 3);
    Tensor y = GradCheck.random(5, 3);
    GradCheck.check(in -> in.get(0).add(in.get(1)), List.of(x, y));
    // d(Σ (x + y) ⊙ R)/dx = R = d/dy: the same projection reaches both inputs
    assertArrayEquals(x.grad(), y.grad(), 0f);
    for (float r : x.grad()) {
      assertTrue(Math.abs(r) >= 0.5f && Math.abs(r) < 1.5f, "projection entry " + r);
    }
  }

  @Test
  void skipsInputsThatDoNotRequireAGradient() {
    Tensor x = GradCheck.random(6, 3);
    Tensor fixed = GradCheck.random(7, 3).requireGrad(false);
    GradCheck.check(in -> in.get(0).mul(in.get(1)), List.of(x, fixed));
    assertEquals(null, fixed.grad());
  }

  @Test
  void rejectsANonDeterministicFunction() {
    Tensor x = GradCheck.random(8, 3);
    float[] counter = {0f};
    AssertionError e = assertThrows(AssertionError.class, () -> GradCheck.check(in -> {
      counter[0] += 1f;
      return in.get(0).addScalar(counter[0]);
    }, List.of(x)));
    assertTrue(e.getMessage().startsWith("fn is not deterministic"), e.getMessage());
  }

  @Test
  void randomIsSeededAndInRange() {
    Tensor a = GradCheck.random(42, 100);
    Tensor b = GradCheck.random(42, 100);
    assertArrayEquals(a.data(), b.data(), 0f);
    assertTrue(a.requiresGrad());
    for (float v : a.data()) {
      assertTrue(v >= -1f && v <= 1f, "value " + v);
    }
  }
}
