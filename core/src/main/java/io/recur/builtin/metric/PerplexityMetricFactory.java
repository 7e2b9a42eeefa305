package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 *  the effective number of equally likely next symbols:Perplexity: {@code exp(mean cross-entropy in nats)} over every unmasked position, the same as {@code 2^bits-per-character}.
 *
 * <p>Expects class scores {@code [N, C]} or {@code [N, T, C]} with class-index targets ({@code [N]},
 * {@code [N, T]}) or one-hot targets, and an optional {@code [N, T]} mask; {@code output} says
 * whether the scores are logits, probabilities or log-probabilities (default: told apart by their
 * values). Lower is better.
 *
 * <pre>
 * metrics: [accuracy, perplexity]
 * </pre>
 */
public final class PerplexityMetricFactory implements MetricFactory {
  static final ParamSpec<String> OUTPUT = LogLikelihood.OUTPUT;

  @Override public String name() {
    return "perplexity";
  }

  @Override public String doc() {
    return "e to the mean cross-entropy (nats) over unmasked positions";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(OUTPUT);
  }

  @Override public Metric create(Params params, Loss loss) {
    return new CrossEntropyMetric(name(), CrossEntropyMetric.Unit.PERPLEXITY, LogLikelihood.Kind.of(params.get(OUTPUT)));
  }
}
