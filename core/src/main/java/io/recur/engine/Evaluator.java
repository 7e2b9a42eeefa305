package io.recur.engine;

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

  /** Metric label → value over the whole split, in the order of {@code metrics}. */
  public static Map<String, Double> evaluate(Model model, Split split, List<Metric> metrics) {
    List<Metric.Accumulator> accs = new ArrayList<>();
    for (Metric m : metrics) {
      accs.add(m.newAccumulator());
    }
    for (int from = 0; from < split.size(); from += BATCH) {
      Batch b = Batch.range(split, from, Math.min(split.size(), from + BATCH));
      Tensor out;
      try (Tensor.NoGrad noGrad = Tensor.noGrad()) { // #7: no graph, nothing saved for a backward
        out = model.forward(b.inputs(), Contexts.evaluation(b.mask()));
      }
      for (Metric.Accumulator a : accs) {
        a.update(out, b.targets(), b.mask());
      }
    }
    Map<String, Double> result = new LinkedHashMap<>();
    for (int i = 0; i < metrics.size(); i++) {
      result.put(metrics.get(i).label(), accs.get(i).result());
    }
    return result;
  }
}
