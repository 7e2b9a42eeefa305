package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * Finite-difference gradient checks for anything built from {@link Tensor} ops: single ops,
 * fused ops, whole layers (pass the layer's parameters as inputs).
 *
 * <p>The output is reduced to {@code L = Σ output ⊙ R} with a fixed, seeded projection {@code R}
 * whose entries are at least 0.5 in magnitude, so every output element's gradient shows up in
 * {@code dL/dinput} and none can hide behind a mean. The analytic side is one {@code
 * backward(R)}; the numeric side is the central difference {@code (L(x+h) − L(x−h)) / (2h)} per
 * input element, with {@code L} accumulated in double precision and {@code 2h} taken as the
 * difference of the two float32 values actually stored, so rounding of {@code x ± h} to float
 * does not bias the quotient.
 */
public final class GradCheck {
  /**
   * Default step. Float32 forwards carry relative noise around 1e-7 per output element; with
   * h = 1e-2 that becomes ~1e-5 in the quotient, while the truncation error h²/6·f''' stays
   * below the default rtol for the smooth functions these ops compute.
   */
  public static final double DEFAULT_EPS = 1e-2;
  public static final double DEFAULT_ATOL = 1e-3;
  public static final double DEFAULT_RTOL = 1e-2;

  /** Seed of the projection R; fixed so that a failure reproduces bit for bit. */
  private static final long PROJECTION_SEED = 0x5EED_0F_6AD5L;
  private static final int MAX_REPORTED = 8;

  private GradCheck() {}

  /**
   * Checks d(loss)/d(input) of every input with {@code requiresGrad() == true} against central
   * finite differences. {@code fn} builds the output from the given inputs; it is called many
   * times and must be deterministic. Inputs are perturbed in place and restored exactly. Their
   * gradients are zeroed first and hold the analytic gradient of {@code Σ output ⊙ R} afterwards.
   *
   * @throws AssertionError naming the input index, element index, analytic and numeric values of
   *     every mismatch (the first few)
   */
  public static void check(Function<List<Tensor>, Tensor> fn, List<Tensor> inputs, double eps,
      double atol, double rtol) {
    requireNonNull(fn, "fn is null");
    requireNonNull(inputs, "inputs is null");
    if (!(eps > 0)) {
      throw new IllegalArgumentException("eps must be > 0, got " + eps);
    }
    List<Tensor> checked = new ArrayList<>();
    for (Tensor t : inputs) {
      if (t.requiresGrad()) {
        checked.add(t);
      }
    }
    if (checked.isEmpty()) {
      throw new IllegalArgumentException("no input requires a gradient: nothing to check");
    }
    for (Tensor t : inputs) {
      t.zeroGrad();
    }

    Tensor out = fn.apply(inputs);
    float[] r = projection(out.size());
    double base = project(out, r);
    if (!out.requiresGrad()) {
      throw new AssertionError("the output does not require a gradient: fn does not use any input that requires one");
    }
    out.backward(r);

    double again = project(fn.apply(inputs), r);
    if (Double.doubleToLongBits(base) != Double.doubleToLongBits(again)) {
      throw new AssertionError("fn is not deterministic: two calls on the same inputs gave " + base + " and " + again);
    }

    List<String> failures = new ArrayList<>();
    int failed = 0;
    for (int i = 0; i < inputs.size(); i++) {
      Tensor in = inputs.get(i);
      if (!in.requiresGrad()) {
        continue;
      }
      float[] x = in.data();
      float[] analytic = in.grad() == null ? new float[x.length] : in.grad().clone();
      for (int j = 0; j < x.length; j++) {
        float saved = x[j];
        float plus = (float) (saved + eps);
        float minus = (float) (saved - eps);
        x[j] = plus;
        double fPlus = project(fn.apply(inputs), r);
        x[j] = minus;
        double fMinus = project(fn.apply(inputs), r);
        x[j] = saved;
        double numeric = (fPlus - fMinus) / ((double) plus - (double) minus);
        double a = analytic[j];
        double diff = Math.abs(a - numeric);
        double allowed = atol + rtol * Math.abs(numeric);
        if (!(diff <= allowed)) {
          failed++;
          if (failures.size() < MAX_REPORTED) {
            failures.add(String.format(java.util.Locale.ROOT,
                "input %d %s element %d %s: analytic %.7g, numeric %.7g (|diff| %.3g > %.3g)",
                i, Arrays.toString(in.shape()), j, Arrays.toString(unravel(j, in.shape())), a, numeric,
                diff, allowed));
          }
        }
      }
    }
    if (failed > 0) {
      throw new AssertionError(failed + " gradient element(s) differ from finite differences (eps "
          + eps + ", atol " + atol + ", rtol " + rtol + "):\n  " + String.join("\n  ", failures)
          + (failed > failures.size() ? "\n  …" : ""));
    }
  }

  /** {@link #check(Function, List, double, double, double)} with {@link #DEFAULT_EPS}, {@link #DEFAULT_ATOL}, {@link #DEFAULT_RTOL}. */
  public static void check(Function<List<Tensor>, Tensor> fn, List<Tensor> inputs) {
    check(fn, inputs, DEFAULT_EPS, DEFAULT_ATOL, DEFAULT_RTOL);
  }

  /** A leaf of {@code shape} with values uniform in [-1, 1) from {@code seed}; requires a gradient. */
  public static Tensor random(long seed, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    SplittableRandom rng = new SplittableRandom(seed);
    for (int i = 0; i < d.length; i++) {
      d[i] = (float) (rng.nextDouble() * 2 - 1);
    }
    return t.requireGrad(true);
  }

  /** Entries ±[0.5, 1.5): bounded away from zero so every output element carries weight. */
  private static float[] projection(int n) {
    SplittableRandom rng = new SplittableRandom(PROJECTION_SEED);
    float[] r = new float[n];
    for (int i = 0; i < n; i++) {
      double magnitude = 0.5 + rng.nextDouble();
      r[i] = (float) (rng.nextBoolean() ? magnitude : -magnitude);
    }
    return r;
  }

  private static double project(Tensor out, float[] r) {
    float[] y = out.data();
    if (y.length != r.length) {
      throw new AssertionError("fn changed its output size from " + r.length + " to " + y.length);
    }
    double s = 0;
    for (int i = 0; i < y.length; i++) {
      s += (double) y[i] * r[i];
    }
    return s;
  }

  private static int[] unravel(int flat, int[] shape) {
    int[] idx = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      idx[d] = shape[d] == 0 ? 0 : flat % shape[d];
      flat = shape[d] == 0 ? flat : flat / shape[d];
    }
    return idx;
  }
}
