package io.recur.builtin.metric;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Metric;
import io.recur.tensor.Tensor;

/**
 * The mean cross-entropy of the true class over every unmasked position of a split, {@code H =
 * −(1/P) Σ ln p(true class)} (see {@link LogLikelihood} for what the output may hold), reported in
 * one of three units: nats ({@code cross-entropy}), bits ({@code bits-per-character}, H / ln 2)
 * or as a perplexity (e^H, the effective number of equally likely next symbols). Every position
 * weighs the same, however the batches cut the split.
 */
final class CrossEntropyMetric implements Metric {
  /** How the mean negative log-likelihood in nats is reported. */
  enum Unit {
    NATS {
      @Override double of(double nats) {
        return nats;
      }
    },
    BITS {
      @Override double of(double nats) {
        return nats / StrictMath.log(2);
      }
    },
    PERPLEXITY {
      @Override double of(double nats) {
        return StrictMath.exp(nats);
      }
    };

    abstract double of(double nats);
  }

  private final String label;
  private final Unit unit;
  private final LogLikelihood.Kind kind;

  CrossEntropyMetric(String label, Unit unit, LogLikelihood.Kind kind) {
    this.label = requireNonNull(label, "label is null");
    this.unit = requireNonNull(unit, "unit is null");
    this.kind = requireNonNull(kind, "kind is null");
  }

  @Override public String label() {
    return label;
  }

  @Override public boolean higherIsBetter() {
    return false;
  }

  @Override public Accumulator newAccumulator() {
    return new Accumulator() {
      private final LogLikelihood.Sum sum = new LogLikelihood.Sum();

      @Override public void update(Tensor output, Tensor target, Tensor mask) {
        LogLikelihood.add(sum, "metric '" + label + "'", kind, output.detach(), target, mask);
      }

      @Override public double result() {
        return unit.of(sum.nats());
      }
    };
  }

  @Override public String toString() {
    return label + (kind == LogLikelihood.Kind.AUTO ? "" : "(output=" + kind.key() + ")");
  }
}
