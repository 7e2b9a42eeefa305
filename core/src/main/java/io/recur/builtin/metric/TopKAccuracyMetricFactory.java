package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** Top-k accuracy, reported as {@code top-<k>-accuracy}. */
public final class TopKAccuracyMetricFactory implements MetricFactory {
  static final ParamSpec<Integer> K = ParamSpec.ofInt("k").min(1).byDefault(5)
      .doc("a position counts as right when its target class is among the k highest outputs");

  @Override public String name() {
    return "top-k-accuracy";
  }

  @Override public String doc() {
    return "fraction of unmasked positions whose target class is among the k highest outputs";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(K);
  }

  @Override public Metric create(Params params, Loss loss) {
    int k = params.get(K);
    return AccuracyMetric.topK("top-" + k + "-accuracy", k);
  }
}
