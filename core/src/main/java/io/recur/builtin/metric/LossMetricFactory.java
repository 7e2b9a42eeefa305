package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/** The experiment's own loss, evaluated over whole splits. */
public final class LossMetricFactory implements MetricFactory {
  @Override public String name() {
    return LossMetric.LABEL;
  }

  @Override public String doc() {
    return "the experiment's loss over the whole split (batch values weighted by their unmasked terms)";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override public Metric create(Params params, Loss loss) {
    return new LossMetric(loss);
  }
}
