package io.recur.builtin.loss;

import io.recur.builtin.Fixtures;
import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.tensor.Tensor;
import io.recur.testkit.GradCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every loss's hand-written backward against finite differences, in every target and mask mode and both reductions. */
class LossGradientTest {
  private static final Tensor MASK = Tensor.of(new float[] {1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 0}, 3, 4);

  /** A target kind: its shapes, whether each loss accepts it, and its targets. */
  private record Mode(String name, int[] outputShape, Supplier<Tensor> target, Tensor mask, boolean classTargets) {}

  private static final List<Mode> MODES = List.of(
      new Mode("class", new int[] {4, 3}, () -> Tensor.of(new float[] {2, 0, 1, 2}, 4), null, true),
      new Mode("values", new int[] {4, 3}, () -> probabilities(7, 4, 3), null, false),
      new Mode("masked-class", new int[] {3, 4, 3},
          () -> Tensor.of(new float[] {0, 2, 1, 1, 2, 2, -1, -1, 1, 0, 2, 0}, 3, 4), MASK, true),
      new Mode("masked-values", new int[] {3, 4, 2}, () -> probabilities(8, 3, 4, 2), MASK, false),
      new Mode("single-column", new int[] {5, 1}, () -> Tensor.of(new float[] {1, 0, 0, 1, 1}, 5), null, true));

  /** Values in [0.05, 0.95]: valid targets for every loss, cross-entropy's probabilities included. */
  private static Tensor probabilities(long seed, int... shape) {
    Tensor t = GradCheck.random(seed, shape).requireGrad(false);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = 0.5f + 0.45f * d[i];
    }
    return t;
  }

  static Stream<Arguments> cases() {
    List<Arguments> out = new ArrayList<>();
    for (Map.Entry<String, LossFactory> e : LossFixturesTest.FACTORIES.entrySet()) {
      String loss = e.getKey();
      for (Mode mode : MODES) {
        if (!mode.classTargets() && loss.equals("nll")) {
          continue; // NLL takes class indices only
        }
        if (mode.name().equals("single-column") && (loss.equals("cross-entropy") || loss.equals("nll"))) {
          continue; // a softmax over one class is constant: nothing to check
        }
        for (String reduction : List.of("mean", "sum")) {
          out.add(Arguments.of(loss + " " + mode.name() + " " + reduction, e.getValue(),
              Map.of("reduction", reduction), mode));
        }
        if (loss.equals("cross-entropy")) {
          out.add(Arguments.of(loss + " " + mode.name() + " smoothed", e.getValue(),
              Map.of("reduction", "mean", "label_smoothing", 0.1), mode));
        }
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void backwardMatchesFiniteDifferences(String name, LossFactory factory, Map<String, Object> params, Mode mode) {
    Loss loss = factory.create(Fixtures.params(factory, params));
    Tensor target = mode.target().get();
    Tensor output = output(factory.name(), mode, target);
    GradCheck.check(in -> loss.compute(in.get(0), target, mode.mask()), List.of(output));
  }

  /**
   * Outputs inside each loss's domain and away from its kinks: probabilities in [0.1, 0.9] for
   * bce, and for mae at least 0.1 from the target value, so no finite-difference step crosses |o − t|'s corner.
   */
  private static Tensor output(String loss, Mode mode, Tensor target) {
    Tensor o = GradCheck.random(mode.name().hashCode(), mode.outputShape());
    float[] d = o.data();
    if (loss.equals("bce")) {
      for (int i = 0; i < d.length; i++) {
        d[i] = 0.5f + 0.4f * d[i];
      }
    } else if (loss.equals("mae")) {
      float[] t = targetValues(mode, target, d.length);
      for (int i = 0; i < d.length; i++) {
        if (Math.abs(d[i] - t[i]) < 0.1f) {
          d[i] = t[i] + (d[i] >= t[i] ? 0.1f : -0.1f);
        }
      }
    }
    return o;
  }

  private static float[] targetValues(Mode mode, Tensor target, int size) {
    if (!mode.classTargets() || target.size() == size) {
      return target.data();
    }
    int classes = size / target.size();
    float[] t = new float[size];
    for (int p = 0; p < target.size(); p++) {
      if (target.data()[p] >= 0) {
        t[p * classes + (int) target.data()[p]] = 1f;
      }
    }
    return t;
  }
}
