package io.recur.builtin.loss;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;

/**
 * A built-in loss: per-term values over the unmasked positions of the output (see {@link
 * MaskedPositions}), summed, and for {@link Reduction#MEAN} divided by the number of terms.
 * Element-wise losses (mse, mae, bce) have one term per output element, class losses
 * (cross-entropy, nll) one per position. The {@code loss} metric reads {@link #reduction()} and
 * {@link #terms} to combine batch values into the value over a whole split.
 */
public final class ReducedLoss implements Loss {
  /** Builds the recorded scalar: Σ over weighted terms, times {@code scale}. */
  interface Kernel {
    Tensor apply(String who, Tensor output, Tensor target, float[] weights, float scale);
  }

  private final String name;
  private final Reduction reduction;
  private final boolean termPerElement;
  private final Kernel kernel;
  private final OutputKind outputKind;

  ReducedLoss(String name, Reduction reduction, boolean termPerElement, OutputKind outputKind, Kernel kernel) {
    this.name = requireNonNull(name, "name is null");
    this.outputKind = requireNonNull(outputKind, "outputKind is null");
    this.reduction = requireNonNull(reduction, "reduction is null");
    this.termPerElement = termPerElement;
    this.kernel = requireNonNull(kernel, "kernel is null");
  }

  @Override
  public OutputKind outputKind() {
    return outputKind;
  }

  @Override
  public Tensor compute(Tensor output, Tensor target, Tensor mask) {
    requireNonNull(output, "output is null");
    requireNonNull(target, "target is null");
    String who = "loss '" + name + "'";
    if (output.rank() < 2) {
      throw new RecurException(who + ": expected an output [N, ..., C], got " + Shape.toString(output.shape()));
    }
    float[] weights = MaskedPositions.weights(who, output, mask);
    double terms = terms(output, weights);
    // NOTE: a batch of nothing but padding has no term to average; PyTorch would return 0/0 = NaN,
    // which would stop training as divergence, so the loss is 0 with a zero gradient instead
    float scale = reduction == Reduction.SUM ? 1f : terms == 0 ? 0f : (float) (1.0 / terms);
    return kernel.apply(who, output, target, weights, scale);
  }

  public Reduction reduction() {
    return reduction;
  }

  /** How many terms {@link Reduction#MEAN} divides by for this batch: the unmasked elements or positions. */
  public double terms(Tensor output, Tensor mask) {
    return terms(output, MaskedPositions.weights("loss '" + name + "'", output, mask));
  }

  private double terms(Tensor output, float[] weights) {
    double positions = MaskedPositions.count(weights);
    return termPerElement ? positions * Shape.last(output.shape()) : positions;
  }

  @Override
  public String toString() {
    return name + (reduction == Reduction.MEAN ? "" : "(reduction=" + reduction.key() + ")");
  }
}
