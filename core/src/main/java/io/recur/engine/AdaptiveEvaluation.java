package io.recur.engine;

import io.recur.config.AdaptationParams;
import io.recur.model.Batch;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Params;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Stream evaluation that keeps learning from the text it has scored (dynamic evaluation: Mikolov's
 * RNNLM toolkit; Krause et al., "Dynamic Evaluation of Neural Sequence Models", 2018). The split
 * is read as one stream with the state carried across, like {@link Evaluator#evaluateStream}, in
 * segments of a few characters; once a segment has been scored, the trained weights take one step
 * on its loss, each weight's gradient divided by its root mean square over the segments so far
 * (RMSprop without momentum, bias-corrected like Adam's), and are pulled a little back towards the
 * trained weights θ₀:
 * <pre>
 *   v ← β·v + (1 − β)·g²        θ ← θ − η·g / (√(v / (1 − βᵗ)) + ε)        θ ← θ + λ·(θ₀ − θ)
 * </pre>
 * The following segments are predicted by a model that has adapted to the text so far (names
 * that keep coming back, a style, a topic). Every character is still predicted from its left
 * context only: a segment reaches the weights only after it has been scored. Counted layers (an
 * n-gram) keep their counts, so a model of counts alone scores as plain stream evaluation does.
 * When this returns, the weights are the trained ones again.
 */
public final class AdaptiveEvaluation {
  /** β: the squared gradients' running average spans about a hundred segments. */
  private static final float BETA = 0.99f;
  private static final float EPSILON = 1e-8f;

  /**
   * @param learningRate η
   * @param decay λ, the share of the way back to the trained weights after every step
   * @param segment characters scored between two steps
   */
  public record Settings(double learningRate, double decay, int segment) {
    public Settings {
      if (!(learningRate > 0) || !(decay >= 0 && decay < 1) || segment < 1) {
        throw new IllegalArgumentException("adaptation needs learning_rate > 0, 0 <= decay < 1 and segment >= 1, got "
            + learningRate + ", " + decay + ", " + segment);
      }
    }

    /** The measured defaults of {@code training.adaptation}. */
    public static final Settings DEFAULTS = new Settings(AdaptationParams.DEFAULT_LEARNING_RATE,
        AdaptationParams.DEFAULT_DECAY, AdaptationParams.DEFAULT_SEGMENT);

    /** {@code training.adaptation}'s values (their defaults where unset). */
    public static Settings of(Params adaptation) {
      return new Settings(adaptation.get(AdaptationParams.LEARNING_RATE), adaptation.get(AdaptationParams.DECAY),
          adaptation.get(AdaptationParams.SEGMENT));
    }
  }

  /** The prefix of the adapted numbers' labels: {@code test.adapted.bits-per-character}. */
  public static final String LABEL_PREFIX = "adapted.";

  private final Model model;
  private final Loss loss;
  private final Settings settings;
  private final List<Tensor> weights;
  private final List<float[]> trained = new ArrayList<>();
  private final List<float[]> meanSquares = new ArrayList<>();
  private int steps;

  private AdaptiveEvaluation(Model model, Loss loss, Settings settings) {
    this.model = model;
    this.loss = loss;
    this.settings = settings;
    this.weights = new ArrayList<>(model.parameters().values());
    for (Tensor w : weights) {
      trained.add(w.data().clone());
      meanSquares.add(new float[w.size()]);
    }
  }

  /**
   * Metric label → value over {@code split} read as one adapting stream. As for {@link
   * Evaluator#evaluateStream}, the split's samples must continue one another and the model must
   * run a sequence piece by piece (the caller checks both); {@code loss} is what the weights step
   * on (the training loss).
   */
  public static Map<String, Double> evaluate(Model model, Split split, List<Metric> metrics, Loss loss,
      Settings settings) {
    AdaptiveEvaluation run = new AdaptiveEvaluation(model, loss, settings);
    try {
      return run.score(split, metrics);
    } finally {
      run.restoreTrainedWeights();
    }
  }

  private Map<String, Double> score(Split split, List<Metric> metrics) {
    List<Metric.Accumulator> accs = Evaluator.accumulators(metrics);
    StreamStates states = new StreamStates(model);
    for (int w = 0; w < split.size(); w++) {
      Batch window = Batch.range(split, w, w + 1);
      int length = window.inputs().dim(1);
      int piece = stepwise(window) ? settings.segment() : length;
      for (int from = 0; from < length; from += piece) {
        int to = Math.min(length, from + piece);
        Batch segment = from == 0 && to == length ? window : columns(window, from, to);
        states.startNext();
        weights.forEach(Tensor::zeroGrad);
        Tensor out = model.forward(segment.inputs(), Contexts.evaluation(segment.mask()));
        states.keep();
        for (Metric.Accumulator a : accs) {
          a.update(out, segment.targets(), segment.mask());
        }
        // nothing is left to predict after the last segment; a model of counts only has nothing to step
        if ((w + 1 < split.size() || to < length) && !weights.isEmpty()) {
          loss.compute(out, segment.targets(), segment.mask()).backward();
          step();
        }
      }
    }
    return Evaluator.results(metrics, accs);
  }

  private void step() {
    steps++;
    float rate = (float) settings.learningRate();
    float decay = (float) settings.decay();
    float correction = (float) (1 - Math.pow(BETA, steps));
    for (int i = 0; i < weights.size(); i++) {
      float[] p = weights.get(i).data();
      float[] g = weights.get(i).grad();
      float[] v = meanSquares.get(i);
      float[] p0 = trained.get(i);
      for (int j = 0; j < p.length; j++) {
        float gj = g == null ? 0f : g[j];
        v[j] = BETA * v[j] + (1 - BETA) * gj * gj;
        float moved = p[j] - rate * gj / ((float) Math.sqrt(v[j] / correction) + EPSILON);
        p[j] = moved + decay * (p0[j] - moved);
      }
    }
  }

  private void restoreTrainedWeights() {
    for (int i = 0; i < weights.size(); i++) {
      System.arraycopy(trained.get(i), 0, weights.get(i).data(), 0, trained.get(i).length);
      weights.get(i).zeroGrad();
    }
  }

  /** Whether the window has a target per step (a language model's), so that it can be cut into segments. */
  private static boolean stepwise(Batch window) {
    int length = window.inputs().dim(1);
    return window.targets().rank() >= 2 && window.targets().dim(1) == length
        && (window.mask() == null || window.mask().rank() >= 2 && window.mask().dim(1) == length);
  }

  /** Steps {@code [from, to)} of a one-sample batch (inputs, targets and mask laid out sample, step, …). */
  private static Batch columns(Batch b, int from, int to) {
    return new Batch(columns(b.inputs(), from, to), columns(b.targets(), from, to),
        b.mask() == null ? null : columns(b.mask(), from, to));
  }

  private static Tensor columns(Tensor t, int from, int to) {
    int[] shape = t.shape().clone();
    int inner = 1;
    for (int d = 2; d < shape.length; d++) {
      inner *= shape[d];
    }
    shape[1] = to - from;
    return Tensor.of(Arrays.copyOfRange(t.data(), from * inner, to * inner), shape);
  }
}
