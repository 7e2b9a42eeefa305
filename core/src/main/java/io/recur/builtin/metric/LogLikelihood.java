package io.recur.builtin.metric;

import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import io.recur.tensor.LogSoftmax;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Locale;

/**
 * The log-likelihood of the true class at every unmasked position, for the cross-entropy family
 * of metrics. The model output may be logits (a last dense layer without activation, trained
 * with {@code cross-entropy}), probabilities (a softmax output) or log-probabilities (a
 * log-softmax output, trained with {@code nll}); {@link Kind#AUTO} tells them apart per batch.
 * A single-column output is a sigmoid unit: its value is P(class 1), or its logit.
 */
final class LogLikelihood {
  /** The smallest probability taken from a probability output: a zero would make the metric infinite. */
  static final double MIN_PROBABILITY = 1e-12;
  /** How far a row may be from summing to 1 (or log-summing to 0) and still count as a distribution. */
  private static final double TOLERANCE = 1e-3;

  /** What the output holds. */
  enum Kind {
    /**
     * Decided per batch: rows of values in [0, 1] summing to 1 are probabilities, rows of values
     * ≤ 0 whose exponentials sum to 1 are log-probabilities, anything else is logits.
     */
    AUTO,
    LOGITS,
    PROBABILITIES,
    LOG_PROBABILITIES;

    String key() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static Kind of(String key) {
      return valueOf(key.toUpperCase(Locale.ROOT).replace('-', '_'));
    }
  }

  static final ParamSpec<String> OUTPUT = ParamSpec.ofChoice("output", "auto", "logits", "probabilities",
      "log-probabilities").byDefault("auto")
      .doc("what the model outputs; auto tells softmax probabilities and log-softmax log-probabilities from"
          + " logits by their values");

  /** Running sums over the unmasked positions of the batches seen. */
  static final class Sum {
    double negativeLog;
    long positions;

    /** Mean negative log-likelihood in nats, NaN before any position. */
    double nats() {
      return positions == 0 ? Double.NaN : negativeLog / positions;
    }
  }

  private LogLikelihood() {}

  /**
   * Adds −ln p(true class) of every unmasked position of the batch to {@code sum}.
   *
   * @param who names the metric in messages
   */
  static void add(Sum sum, String who, Kind kind, Tensor output, Tensor target, Tensor mask) {
    if (output.rank() < 2) {
      throw new RecurException(who + ": expected an output [N, ..., C] of class scores, got "
          + Shape.toString(output.shape()));
    }
    int[] truth = Predictions.trueClasses(who, output, target, mask);
    int classes = Shape.last(output.shape());
    float[] o = output.data();
    Kind k = kind == Kind.AUTO ? detect(o, classes) : kind;
    for (int p = 0; p < truth.length; p++) {
      if (truth[p] < 0) {
        continue;
      }
      sum.negativeLog -= classes == 1 ? binary(o[p], truth[p], k) : logProbability(o, p * classes, classes, truth[p], k);
      sum.positions++;
    }
  }

  private static double logProbability(float[] o, int offset, int classes, int truth, Kind kind) {
    switch (kind) {
      case PROBABILITIES:
        return StrictMath.log(Math.max(MIN_PROBABILITY, o[offset + truth]));
      case LOG_PROBABILITIES:
        return o[offset + truth];
      default:
        return LogSoftmax.at(o, offset, classes, truth);
    }
  }

  private static double binary(float value, int truth, Kind kind) {
    double p1 = switch (kind) {
      case LOGITS -> 1 / (1 + StrictMath.exp(-value));
      case LOG_PROBABILITIES -> StrictMath.exp(value);
      default -> value;
    };
    return StrictMath.log(Math.max(MIN_PROBABILITY, truth == 1 ? p1 : 1 - p1));
  }

  /** {@link Kind#AUTO}'s decision for one batch. */
  static Kind detect(float[] o, int classes) {
    if (classes == 1) {
      for (float v : o) {
        if (!(v >= 0f && v <= 1f)) {
          return Kind.LOGITS;
        }
      }
      return Kind.PROBABILITIES;
    }
    boolean probabilities = true;
    boolean logProbabilities = true;
    for (int offset = 0; offset < o.length && (probabilities || logProbabilities); offset += classes) {
      double sum = 0;
      double expSum = 0;
      for (int j = 0; j < classes; j++) {
        float v = o[offset + j];
        probabilities &= v >= 0f && v <= 1f;
        logProbabilities &= v <= TOLERANCE;
        sum += v;
        // only compared with a tolerance, so the fast intrinsic is enough: StrictMath's was most of a
        // large vocabulary's evaluation (3,000 classes: a quarter of a character model's run)
        expSum += Math.exp(v);
      }
      probabilities &= Math.abs(sum - 1) <= TOLERANCE;
      logProbabilities &= Math.abs(expSum - 1) <= TOLERANCE;
    }
    return probabilities ? Kind.PROBABILITIES : logProbabilities ? Kind.LOG_PROBABILITIES : Kind.LOGITS;
  }
}
