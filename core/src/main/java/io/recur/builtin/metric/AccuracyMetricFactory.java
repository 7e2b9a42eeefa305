package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** Classification accuracy: argmax of the last dimension against the target class, masked steps excluded. */
public final class AccuracyMetricFactory implements MetricFactory {
  @Override public String name() {
    return "accuracy";
  }

  @Override public String doc() {
    return "fraction of unmasked positions whose argmax is the target class (a single sigmoid unit: output > 0.5)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Metric create(Params params, Loss loss) {
    return AccuracyMetric.argmax(name());
  }
}
