package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * {@code binomial-p-value}: how likely a guesser right with probability {@code p} at every
 * position would get at least as many positions right as the model did. An exact one-sided
 * binomial test of the count of correct argmax predictions; see {@link BinomialPValueMetric}.
 *
 * <pre>
 * metrics: [accuracy, {type: binomial-p-value, p: 0.5}]
 * </pre>
 */
public final class BinomialPValueMetricFactory implements MetricFactory {
  static final ParamSpec<Double> P = ParamSpec.ofDouble("p").above(0).below(1).byDefault(0.5)
      .doc("chance of a right guess at one position under the null hypothesis (0.5: a coin flip between two classes)");

  @Override public String name() {
    return BinomialPValueMetric.LABEL;
  }

  @Override public String doc() {
    return "exact one-sided binomial p-value of the number of unmasked positions predicted right, against chance p";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(P);
  }

  @Override public Metric create(Params params, Loss loss) {
    return new BinomialPValueMetric(params.get(P));
  }
}
