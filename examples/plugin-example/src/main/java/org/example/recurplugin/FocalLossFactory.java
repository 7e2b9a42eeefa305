package org.example.recurplugin;

import io.recur.spi.Loss;
import io.recur.spi.LossFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * {@code focal}: the focal loss of Lin et al. (2017), which down-weights the examples a model
 * already gets right, built only from existing tensor ops.
 *
 * <pre>
 *   FL = − α_t · (1 − p_t)^γ · log p_t        averaged over the (unpadded) positions
 * </pre>
 *
 * where p_t is the probability the model gives the true class. γ = 0 and no class weights give
 * plain cross-entropy on probabilities. The model's output must be class probabilities (end it
 * with {@code dense} and {@code activation: softmax}), {@code [N, C]} with targets {@code [N]},
 * or {@code [N, T, C]} with targets {@code [N, T]}, where the padding mask applies.
 *
 * <pre>{@code
 * loss: {type: focal, gamma: 2.0, class_weights: [0.25, 0.75]}
 * }</pre>
 */
public final class FocalLossFactory implements LossFactory {
  static final String NAME = "focal";
  /** Keeps log() finite where p_t or 1 − p_t is 0 in float32. */
  private static final float EPSILON = 1e-7f;

  static final ParamSpec<Double> GAMMA = ParamSpec.ofDouble("gamma").min(0).byDefault(2.0)
      .doc("focusing parameter γ; 0 gives cross-entropy");
  static final ParamSpec<List<Double>> CLASS_WEIGHTS = ParamSpec.ofDoubleList("class_weights").min(0).optional()
      .doc("α per class, in class order; absent weighs every class 1");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "focal loss −α_t (1 − p_t)^γ log p_t on class probabilities (Lin et al. 2017)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(GAMMA, CLASS_WEIGHTS);
  }

  @Override
  public Loss create(Params params) {
    float gamma = params.get(GAMMA).floatValue();
    List<Double> weights = params.get(CLASS_WEIGHTS);
    return (output, target, mask) -> compute(output, target, mask, gamma, weights);
  }

  private static Tensor compute(Tensor output, Tensor target, Tensor mask, float gamma, List<Double> classWeights) {
    int classes = output.dim(-1);
    int rows = output.size() / classes;
    if (target.size() != rows) {
      throw new RecurException("loss 'focal': expected one class index per output row (" + rows + " for output "
          + Arrays.toString(output.shape()) + "), got target " + Arrays.toString(target.shape()));
    }
    if (classWeights != null && classWeights.size() != classes) {
      throw new RecurException("loss 'focal': class_weights has " + classWeights.size() + " entries, but the model "
          + "outputs " + classes + " classes");
    }
    // the padding mask describes the time axis: it applies only to outputs that still have one
    boolean masked = mask != null && output.rank() >= 3;
    float[] oneHot = new float[rows * classes];
    float[] weight = new float[rows];
    float total = 0f;
    for (int r = 0; r < rows; r++) {
      if (masked && mask.data()[r] == 0f) {
        continue;
      }
      float t = target.data()[r];
      int c = (int) t;
      if (c != t || c < 0 || c >= classes) {
        throw new RecurException("loss 'focal': target " + t + " at row " + r + " is not a class index in [0, " + classes + ")");
      }
      oneHot[r * classes + c] = 1f;
      weight[r] = classWeights == null ? 1f : classWeights.get(c).floatValue();
      total += weight[r];
    }
    Tensor p = output.reshape(rows, classes);
    Tensor pt = p.mul(Tensor.of(oneHot, rows, classes)).sumLast();
    Tensor logPt = pt.addScalar(EPSILON).log();
    Tensor perRow = logPt.neg();
    if (gamma != 0f) {
      // (1 − p_t)^γ as exp(γ · log(1 − p_t + ε)): there is no power op, and this is smooth in p_t
      Tensor focus = pt.neg().addScalar(1f).addScalar(EPSILON).log().scale(gamma).exp();
      perRow = perRow.mul(focus);
    }
    return perRow.mul(Tensor.of(weight, rows)).sum().scale(total > 0f ? 1f / total : 0f);
  }
}
