package io.recur.builtin.loss;

import io.recur.spi.Loss;
import io.recur.spi.OutputKind;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * Cross-entropy from logits, PyTorch's {@code CrossEntropyLoss}: log-softmax over the last
 * dimension and NLL fused in one op. Targets are class indices, or class probabilities with the
 * output's shape; the mean is over unmasked positions.
 */
public final class CrossEntropyLossFactory implements LossFactory {
  static final ParamSpec<String> REDUCTION = Reduction.SPEC;
  static final ParamSpec<Double> LABEL_SMOOTHING = ParamSpec.ofDouble("label_smoothing").range(0, 1).byDefault(0.0)
      .doc("mix ε of the uniform distribution into the targets: q' = (1 − ε)·q + ε/C");

  @Override public String name() {
    return "cross-entropy";
  }

  @Override public String doc() {
    return "softmax cross-entropy from logits, like torch.nn.CrossEntropyLoss";
  }

  @Override public List<ParamSpec<?>> params() {
    return List.of(REDUCTION, LABEL_SMOOTHING);
  }

  @Override public Loss create(Params params) {
    float smoothing = params.get(LABEL_SMOOTHING).floatValue();
    return new ReducedLoss(name(), Reduction.of(params.get(REDUCTION)), false, OutputKind.LOGITS,
        (who, output, target, weights, scale) -> {
          int classes = Shape.last(output.shape());
          if (MaskedPositions.holdsClassIndices(output, target)) {
            int[] index = MaskedPositions.classIndices(who, target, weights, classes);
            return new SoftmaxCrossEntropyOp(output, index, null, weights, smoothing, scale).forward();
          }
          if (Arrays.equals(output.shape(), target.shape())) {
            return new SoftmaxCrossEntropyOp(output, null, target.data(), weights, smoothing, scale).forward();
          }
          throw targetMismatch(who, output, target, " (class probabilities)");
        });
  }

  static RecurException targetMismatch(String who, Tensor output, Tensor target, String valuesMeaning) {
    int[] o = output.shape();
    return new RecurException(who + ": target " + Shape.toString(target.shape()) + " fits neither "
        + Shape.toString(Arrays.copyOf(o, o.length - 1)) + " (class indices)"
        + (valuesMeaning.isEmpty() ? "" : " nor " + Shape.toString(o) + valuesMeaning)
        + " for output " + Shape.toString(o));
  }
}
