package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * Cross-entropy in nats over every unmasked position, whatever loss the model was trained with (with label smoothing, say, the {@code loss} column is not the plain cross-entropy).
 *
 * <p>Expects class scores {@code [N, C]} or {@code [N, T, C]} with class-index targets ({@code [N]},
 * {@code [N, T]}) or one-hot targets, and an optional {@code [N, T]} mask; {@code output} says
 * whether the scores are logits, probabilities or log-probabilities (default: told apart by their
 * values). Lower is better.
 *
 * <pre>
 * metrics: [accuracy, cross-entropy]
 * </pre>
 */
public final class CrossEntropyMetricFactory implements MetricFactory {
  static final ParamSpec<String> OUTPUT = LogLikelihood.OUTPUT;

  @Override public String name() {
    return "cross-entropy";
  }

  @Override public String doc() {
    return "mean cross-entropy in nats of the true class over unmasked positions, whatever the training loss";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(OUTPUT);
  }

  @Override public Metric create(Params params, Loss loss) {
    return new CrossEntropyMetric(name(), CrossEntropyMetric.Unit.NATS, LogLikelihood.Kind.of(params.get(OUTPUT)));
  }
}
