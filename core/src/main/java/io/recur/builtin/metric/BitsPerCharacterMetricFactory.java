package io.recur.builtin.metric;

import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.MetricFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * Bits per character of a character model: the mean over every unmasked position of {@code −log2 p(true character)}, as char-rnn and Karpathy report it.
 *
 * <p>Expects class scores {@code [N, C]} or {@code [N, T, C]} with class-index targets ({@code [N]},
 * {@code [N, T]}) or one-hot targets, and an optional {@code [N, T]} mask; {@code output} says
 * whether the scores are logits, probabilities or log-probabilities (default: told apart by their
 * values). Lower is better.
 *
 * <pre>
 * metrics: [accuracy, bits-per-character]
 * </pre>
 */
public final class BitsPerCharacterMetricFactory implements MetricFactory {
  static final ParamSpec<String> OUTPUT = LogLikelihood.OUTPUT;

  @Override public String name() {
    return "bits-per-character";
  }

  @Override public String doc() {
    return "mean cross-entropy in bits (log base 2) per unmasked position, from logits, probabilities or log-probabilities";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(OUTPUT);
  }

  @Override public Metric create(Params params, Loss loss) {
    return new CrossEntropyMetric(name(), CrossEntropyMetric.Unit.BITS, LogLikelihood.Kind.of(params.get(OUTPUT)));
  }
}
