package io.recur.tensor;

import static io.recur.testkit.GradCheck.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.testkit.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class OpsGradientTest {

  /** One op under test: fresh inputs and the function that applies the op to them. */
  private record Case(Supplier<List<Tensor>> inputs, Function<List<Tensor>, Tensor> fn) {}

  private static Arguments op(String name, Supplier<List<Tensor>> inputs, Function<List<Tensor>, Tensor> fn) {
    return Arguments.of(name, new Case(inputs, fn));
  }

  /** Values with |v| ≥ 0.2, so a finite-difference step never crosses the kink of relu or abs. */
  private static Tensor awayFromZero(long seed, int... shape) {
    Tensor t = random(seed, shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = Math.copySign(0.2f + Math.abs(d[i]), d[i]);
    }
    return t;
  }

  /** Values in [0.5, 1.5]: inside the domain of log and far from a zero divisor. */
  private static Tensor positive(long seed, int... shape) {
    Tensor t = random(seed, shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = 1f + 0.5f * d[i];
    }
    return t;
  }

  private static Tensor scaled(Tensor t, float factor) {
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] *= factor;
    }
    return t;
  }

  static Stream<Arguments> ops() {
    return Stream.of(
        op("add", () -> List.of(random(1, 3, 4), random(2, 3, 4)), in -> in.get(0).add(in.get(1))),
        op("add-broadcast", () -> List.of(random(3, 2, 3, 4), random(4, 4)), in -> in.get(0).add(in.get(1))),
        op("sub", () -> List.of(random(5, 3, 4), random(6, 3, 4)), in -> in.get(0).sub(in.get(1))),
        op("mul", () -> List.of(random(7, 3, 4), random(8, 3, 4)), in -> in.get(0).mul(in.get(1))),
        op("div", () -> List.of(random(9, 3, 4), positive(10, 3, 4)), in -> in.get(0).div(in.get(1))),
        op("div-negative-divisor", () -> List.of(random(11, 3, 4), scaled(positive(12, 3, 4), -1f)),
            in -> in.get(0).div(in.get(1))),
        op("scale", () -> List.of(random(13, 3, 4)), in -> in.get(0).scale(-1.7f)),
        op("neg", () -> List.of(random(14, 3, 4)), in -> in.get(0).neg()),
        op("addScalar", () -> List.of(random(15, 3, 4)), in -> in.get(0).addScalar(0.3f)),
        op("square", () -> List.of(random(16, 3, 4)), in -> in.get(0).square()),
        op("matmul", () -> List.of(random(17, 3, 4), random(18, 4, 5)), in -> in.get(0).matmul(in.get(1))),
        op("linear", () -> List.of(random(19, 2, 3, 4), random(20, 5, 4), random(21, 5)),
            in -> in.get(0).linear(in.get(1), in.get(2))),
        op("linear-no-bias", () -> List.of(random(22, 2, 3, 4), random(23, 5, 4)),
            in -> in.get(0).linear(in.get(1), null)),
        op("linear-2d", () -> List.of(random(24, 6, 4), random(25, 3, 4), random(26, 3)),
            in -> in.get(0).linear(in.get(1), in.get(2))),
        op("tanh", () -> List.of(scaled(random(27, 3, 4), 2f)), in -> in.get(0).tanh()),
        op("sigmoid", () -> List.of(scaled(random(28, 3, 4), 3f)), in -> in.get(0).sigmoid()),
        op("relu", () -> List.of(awayFromZero(29, 3, 4)), in -> in.get(0).relu()),
        op("exp", () -> List.of(random(30, 3, 4)), in -> in.get(0).exp()),
        op("log", () -> List.of(positive(31, 3, 4)), in -> in.get(0).log()),
        op("abs", () -> List.of(awayFromZero(32, 3, 4)), in -> in.get(0).abs()),
        op("softmax", () -> List.of(scaled(random(33, 2, 3, 5), 2f)), in -> in.get(0).softmax()),
        op("logSoftmax", () -> List.of(scaled(random(34, 2, 3, 5), 2f)), in -> in.get(0).logSoftmax()),
        op("sum", () -> List.of(random(35, 2, 3, 4)), in -> in.get(0).sum()),
        op("mean", () -> List.of(random(36, 2, 3, 4)), in -> in.get(0).mean()),
        op("sumLast", () -> List.of(random(37, 2, 3, 4)), in -> in.get(0).sumLast()),
        op("reshape", () -> List.of(random(38, 2, 3, 4)), in -> in.get(0).reshape(4, -1).tanh()),
        op("flatten", () -> List.of(random(39, 2, 3, 4)), in -> in.get(0).flatten()),
        op("embed", () -> List.of(Tensor.of(new float[] {0, 3, 1, 3, 4, 0}, 2, 3), random(40, 5, 4)),
            in -> in.get(0).embed(in.get(1))),
        op("concatLast", () -> List.of(random(41, 2, 3, 2), random(42, 2, 3, 1), random(43, 2, 3, 4)),
            in -> Tensor.concatLast(in.get(0), in.get(1), in.get(2))),
        op("sliceLast", () -> List.of(random(44, 2, 3, 6)), in -> in.get(0).sliceLast(1, 4)),
        op("step", () -> List.of(random(45, 2, 4, 3)), in -> in.get(0).step(2)),
        op("stackSteps", () -> List.of(random(46, 2, 3), random(47, 2, 3), random(48, 2, 3)),
            in -> Tensor.stackSteps(in)),
        op("composite-used-twice", () -> List.of(random(49, 3, 4)),
            in -> in.get(0).mul(in.get(0).tanh()).add(in.get(0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ops")
  void backwardMatchesFiniteDifferences(String name, Case c) {
    GradCheck.check(c.fn(), c.inputs().get());
  }

  @Test
  void softmaxIsStableOnLargeInputs() {
    float[] expected = softmaxOf012();
    for (float shift : new float[] {1000f, -1000f, 80f, 1e6f}) {
      Tensor x = Tensor.of(new float[] {shift, shift + 1, shift + 2}, 1, 3);
      float[] y = x.softmax().data();
      assertArrayEquals(expected, y, 1e-6f, "shift " + shift);
    }
    float[] y = Tensor.of(new float[] {1e30f, 0f, -1e30f}, 3).softmax().data();
    assertArrayEquals(new float[] {1f, 0f, 0f}, y, 0f);
  }

  @Test
  void logSoftmaxIsStableOnLargeInputs() {
    float[] expected = softmaxOf012();
    for (float shift : new float[] {1000f, -1000f, 88f}) {
      Tensor x = Tensor.of(new float[] {shift, shift + 1, shift + 2}, 1, 3);
      float[] y = x.logSoftmax().data();
      for (int j = 0; j < 3; j++) {
        assertEquals(Math.log(expected[j]), y[j], 1e-4, "shift " + shift + " element " + j);
      }
    }
    float[] y = Tensor.of(new float[] {1000f, 0f}, 2).logSoftmax().data();
    assertEquals(0f, y[0], 0f);
    assertEquals(-1000f, y[1], 0f);
  }

  @Test
  void softmaxGradientIsFiniteOnLargeInputs() {
    Tensor x = Tensor.of(new float[] {1000f, 1001f, -1000f, 500f}, 2, 2).requireGrad(true);
    x.logSoftmax().mul(Tensor.of(new float[] {1f, -2f, 0.5f, 3f}, 2, 2)).sum().backward();
    for (float g : x.grad()) {
      assertTrue(Float.isFinite(g), "gradient " + g);
    }
    Tensor z = Tensor.of(new float[] {1000f, 1001f, -1000f, 500f}, 2, 2).requireGrad(true);
    z.softmax().mul(Tensor.of(new float[] {1f, -2f, 0.5f, 3f}, 2, 2)).sum().backward();
    for (float g : z.grad()) {
      assertTrue(Float.isFinite(g), "gradient " + g);
    }
  }

  private static float[] softmaxOf012() {
    double s = 1 + Math.E + Math.E * Math.E;
    return new float[] {(float) (1 / s), (float) (Math.E / s), (float) (Math.E * Math.E / s)};
  }

  @Test
  void tensorUsedTwiceAccumulatesBothContributions() {
    Tensor x = Tensor.of(new float[] {0.5f, -1f, 2f}, 3).requireGrad(true);
    // d/dx (x·x + 3x) = 2x + 3: the mul sees x on both sides, the add sees it a third time
    x.mul(x).add(x.scale(3f)).sum().backward();
    assertArrayEquals(new float[] {4f, 1f, 7f}, x.grad(), 1e-6f);

    Tensor w = Tensor.of(new float[] {0.3f, -0.7f}, 2).requireGrad(true);
    Tensor branchA = w.tanh();
    Tensor branchB = w.sigmoid();
    branchA.add(branchB).add(w).sum().backward();
    for (int i = 0; i < 2; i++) {
      double v = w.data()[i];
      double t = Math.tanh(v), s = 1 / (1 + Math.exp(-v));
      assertEquals(1 - t * t + s * (1 - s) + 1, w.grad()[i], 1e-6);
    }
  }

  @Test
  void gradientsAccumulateAcrossBackwardCallsUntilZeroed() {
    Tensor x = Tensor.of(new float[] {1f, 2f}, 2).requireGrad(true);
    x.scale(2f).sum().backward();
    x.scale(2f).sum().backward();
    assertArrayEquals(new float[] {4f, 4f}, x.grad(), 0f);
    x.zeroGrad();
    assertArrayEquals(new float[] {0f, 0f}, x.grad(), 0f);
  }

  @Test
  void backwardOnALongChainDoesNotOverflowTheStack() throws InterruptedException {
    int steps = 2_000;
    AtomicReference<Throwable> failure = new AtomicReference<>();
    float[][] gradient = new float[1][];
    // a deliberately small stack: a recursive walk of 4,000 nodes would not fit in it
    Thread t = new Thread(null, () -> {
      try {
        Tensor x = Tensor.of(new float[] {0.5f, -0.25f}, 2).requireGrad(true);
        Tensor h = x;
        for (int i = 0; i < steps; i++) {
          h = h.scale(0.999f).addScalar(0.001f);
        }
        h.sum().backward();
        gradient[0] = x.grad();
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "long-chain", 128 * 1024);
    t.start();
    t.join();
    if (failure.get() != null) {
      throw new AssertionError("backward over " + steps + " steps failed", failure.get());
    }
    float expected = 1f;
    for (int i = 0; i < steps; i++) {
      expected *= 0.999f;
    }
    assertNotNull(gradient[0]);
    assertArrayEquals(new float[] {expected, expected}, gradient[0], 0f);
  }

  @Test
  void recurrentChainOfStepsGetsGradientThroughEveryStep() {
    Tensor seq = random(50, 2, 6, 3);
    Tensor w = random(51, 3, 3);
    GradCheck.check(in -> {
      Tensor s = in.get(0), weight = in.get(1);
      Tensor h = Tensor.zeros(2, 3);
      List<Tensor> outs = new ArrayList<>();
      for (int t = 0; t < 6; t++) {
        h = s.step(t).add(h.linear(weight, null)).tanh();
        outs.add(h);
      }
      return Tensor.stackSteps(outs);
    }, List.of(seq, w));
  }
}
