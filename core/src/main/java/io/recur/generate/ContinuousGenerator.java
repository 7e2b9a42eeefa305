package io.recur.generate;

import static java.util.Objects.requireNonNull;

import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.spi.DataSchema;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Closed-loop generation for a model of real values (seed 004's "evaluation through
 * generation"): prime it with the first values of a signal, then feed each prediction back as the
 * next input, one step at a time.
 *
 * <p>Two kinds of model qualify, told apart by their output shape:
 *
 * <ul>
 *   <li><b>per-step</b>: {@code [T, F] → [T, F]}, the value after each step (the sinusoid's
 *       linear RNN, a series with {@code target: sequence}). The next value is the output at the
 *       last step of the history. While the history is at most T long it is fed whole, padded at
 *       the end and masked, so a unidirectional recurrent model carries its state over every
 *       value exactly as the seed's {@code step} loop does; past T it reads the last T values (a
 *       sliding window, starting from the initial state each time).
 *   <li><b>many-to-one</b>: {@code [W, F] → [F]}, the value after a window (a series with {@code
 *       target: next}). The next value is the output for the last W values; the history must
 *       hold at least W.
 * </ul>
 *
 * <p>Values are in the model's units (normalised where the dataset normalises: see {@link
 * DataSchema#normalization()}); callers convert. Deterministic: evaluation mode, no sampling, so
 * the same model and prime give the same bits. Not thread-safe (the model is not).
 *
 * <p>EXPERIMENTAL (issue 4).
 */
public final class ContinuousGenerator {
  /** How the model maps a history to the next value. */
  public enum Kind {
    /** {@code [T, F] → [T, F]}: the next value after every step. */
    PER_STEP,
    /** {@code [W, F] → [F]}: the next value after a window. */
    MANY_TO_ONE
  }

  private final Model model;
  private final Kind kind;
  private final int steps;
  private final int features;

  /**
   * @throws RecurException when the model does not map real values to values of the same
   *     width (a classifier, a model of token ids): there is nothing to feed back
   */
  public ContinuousGenerator(Model model, DataSchema schema) {
    this.model = requireNonNull(model, "model is null");
    requireNonNull(schema, "schema is null");
    String why = reasonNotApplicable(model, schema);
    if (why != null) {
      throw new RecurException(why);
    }
    int[] in = schema.inputShape();
    this.steps = in[0];
    this.features = in[1];
    this.kind = model.outputShape().length == 2 ? Kind.PER_STEP : Kind.MANY_TO_ONE;
  }

  /** Whether {@code model} can be run in a closed loop: see {@link #reasonNotApplicable}. */
  public static boolean applies(Model model, DataSchema schema) {
    return reasonNotApplicable(model, schema) == null;
  }

  /**
   * Why the model cannot feed its outputs back as inputs, or null when it can: it must read real
   * values {@code [T, F]} (no token ids, no classes) and output {@code [T, F]} or {@code [F]}.
   */
  public static String reasonNotApplicable(Model model, DataSchema schema) {
    int[] in = schema.inputShape();
    int[] out = model.outputShape();
    if (schema.inputVocabulary() > 0 || !schema.classes().isEmpty()) {
      return "the model reads token ids or predicts classes; continuous generation feeds real-valued outputs back as"
          + " inputs";
    }
    if (in.length != 2) {
      return "continuous generation needs inputs [time, features] per sample, the model takes " + Shape.toString(in);
    }
    boolean perStep = out.length == 2 && out[0] == in[0] && out[1] == in[1];
    boolean manyToOne = out.length == 1 && out[0] == in[1];
    if (!perStep && !manyToOne) {
      return "the model maps " + Shape.toString(in) + " to " + Shape.toString(out) + "; continuous generation needs an"
          + " output of " + Shape.toString(in) + " (the next value after every step) or [" + in[1] + "] (after the"
          + " window), the width of one input step, to feed back";
    }
    return null;
  }

  public Kind kind() {
    return kind;
  }

  /** T (per-step) or W (many-to-one): the most values one forward reads. */
  public int steps() {
    return steps;
  }

  /** F, the values per step. */
  public int features() {
    return features;
  }

  /** The fewest values a prime must hold: 1 for a per-step model, W for a many-to-one one. */
  public int minimumPrime() {
    return kind == Kind.PER_STEP ? 1 : steps;
  }

  /**
   * The {@code length} values that follow {@code prime}, each predicted from the prime and the
   * values generated before it.
   *
   * @param prime {@code [P][F]} values in the model's units, P ≥ {@link #minimumPrime()}
   * @return {@code [length][F]}
   */
  public float[][] generate(float[][] prime, int length) {
    requireNonNull(prime, "prime is null");
    if (length < 0) {
      throw new IllegalArgumentException("length must be >= 0, got " + length);
    }
    if (prime.length < minimumPrime()) {
      throw new RecurException("the prime holds " + prime.length + " values; this model reads windows of " + steps
          + ", so give at least " + minimumPrime());
    }
    List<float[]> history = new ArrayList<>();
    for (float[] v : prime) {
      if (v.length != features) {
        throw new RecurException("a prime value has " + v.length + " features; the model reads " + features);
      }
      history.add(v.clone());
    }
    float[][] out = new float[length][];
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      for (int i = 0; i < length; i++) {
        out[i] = next(history);
        history.add(out[i]);
      }
    }
    return out;
  }

  /**
   * Teacher-forced next-step predictions of the values of {@code values} that have a history the
   * model reads (every one but the first for a per-step model, up to T + 1; every one after the
   * first window for a many-to-one model), each from the true values before it. Per-step models
   * run once over the first T values; many-to-one models slide their window.
   *
   * @return {@code [n][F]}, where row k predicts {@code values[k + 1]} (per-step) or {@code
   *     values[k + W]} (many-to-one)
   */
  public float[][] predictNext(float[][] values) {
    List<float[]> rows = new ArrayList<>();
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      if (kind == Kind.PER_STEP) {
        int n = Math.min(values.length - 1, steps);
        Tensor out = n > 0 ? forward(Arrays.asList(values).subList(0, n), n) : null;
        for (int t = 0; t < n; t++) {
          rows.add(Arrays.copyOfRange(out.data(), t * features, (t + 1) * features));
        }
      } else {
        for (int end = steps; end < values.length; end++) {
          Tensor out = forward(Arrays.asList(values).subList(end - steps, end), steps);
          rows.add(out.data().clone());
        }
      }
    }
    return rows.toArray(float[][]::new);
  }

  private float[] next(List<float[]> history) {
    int n = Math.min(history.size(), steps);
    Tensor out = forward(history.subList(history.size() - n, history.size()), n);
    return kind == Kind.PER_STEP
        ? Arrays.copyOfRange(out.data(), (n - 1) * features, n * features)
        : out.data().clone();
  }

  /** One forward over {@code window} (n ≤ T values), padded at the end to T and masked. */
  private Tensor forward(List<float[]> window, int n) {
    float[] x = new float[steps * features];
    for (int t = 0; t < n; t++) {
      System.arraycopy(window.get(t), 0, x, t * features, features);
    }
    Tensor mask = null;
    if (n < steps) {
      float[] m = new float[steps];
      Arrays.fill(m, 0, n, 1f);
      mask = Tensor.of(m, 1, steps);
    }
    return model.forward(Tensor.of(x, 1, steps, features), Contexts.evaluation(mask));
  }
}
