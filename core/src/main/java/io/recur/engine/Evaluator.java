package io.recur.engine;

import io.recur.model.Batch;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.model.StepwiseModels;
import io.recur.spi.Metric;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Runs a model over a split in evaluation mode and accumulates metrics. */
public final class Evaluator {
  private static final int BATCH = 256;

  private Evaluator() {}

  /** How a split is scored: every sample from the initial state, or a corpus as one stream. */
  public enum Mode {
    /** Every sample (window) on its own, from the model's initial state, in batches. */
    WINDOWS,
    /**
     * The samples in order as one stream, each starting from the states the previous one ended
     * in, so every position is predicted with its whole left context: the standard language-model
     * number for a corpus cut into back-to-back windows.
     */
    STREAM;

    /** The name in configs and reports: {@code windows} or {@code stream}. */
    public String key() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** {@link #evaluate(Model, Split, List)} or {@link #evaluateStream} by {@code mode}. */
  public static Map<String, Double> evaluate(Model model, Split split, List<Metric> metrics, Mode mode) {
    return mode == Mode.STREAM ? evaluateStream(model, split, metrics) : evaluate(model, split, metrics);
  }

  /**
   * Metric label → value over the split read as one stream: sample w + 1 starts from the states
   * of every {@link StatefulLayer} after sample w (the first from the initial state). The split's
   * samples must continue one another (a corpus cut into back-to-back windows) and the model must
   * run a sequence piece by piece ({@link StepwiseModels}); the caller checks both.
   */
  public static Map<String, Double> evaluateStream(Model model, Split split, List<Metric> metrics) {
    return score(model, split, metrics, 1, true);
  }

  /** Metric label → value over the whole split, in the order of {@code metrics}. */
  public static Map<String, Double> evaluate(Model model, Split split, List<Metric> metrics) {
    return score(model, split, metrics, BATCH, false);
  }

  /**
   * Runs the split in batches of {@code batch} samples, in order, and accumulates the metrics;
   * with {@code carryState} each batch starts from the states the previous one ended in.
   */
  private static Map<String, Double> score(Model model, Split split, List<Metric> metrics, int batch,
      boolean carryState) {
    List<Metric.Accumulator> accs = accumulators(metrics);
    StreamStates states = carryState ? new StreamStates(model) : null;
    for (int from = 0; from < split.size(); from += batch) {
      Batch b = Batch.range(split, from, Math.min(split.size(), from + batch));
      if (states != null) {
        states.startNext();
      }
      Tensor out;
      try (Tensor.NoGrad noGrad = Tensor.noGrad()) { // no graph, nothing saved for a backward
        out = model.forward(b.inputs(), Contexts.evaluation(b.mask()));
      }
      if (states != null) {
        states.keep();
      }
      for (Metric.Accumulator a : accs) {
        a.update(out, b.targets(), b.mask());
      }
    }
    return results(metrics, accs);
  }

  /** A fresh accumulator per metric, in order. */
  static List<Metric.Accumulator> accumulators(List<Metric> metrics) {
    List<Metric.Accumulator> accs = new ArrayList<>();
    for (Metric m : metrics) {
      accs.add(m.newAccumulator());
    }
    return accs;
  }

  /** Metric label → the accumulator's result, in the order of {@code metrics}. */
  static Map<String, Double> results(List<Metric> metrics, List<Metric.Accumulator> accs) {
    Map<String, Double> result = new LinkedHashMap<>();
    for (int i = 0; i < metrics.size(); i++) {
      result.put(metrics.get(i).label(), accs.get(i).result());
    }
    return result;
  }
}
