package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * {@code dropout}: inverted dropout, PyTorch's {@code nn.Dropout}. While training, each value is
 * zeroed with probability p and the survivors are scaled by 1/(1 − p), so evaluation, where the
 * layer is the identity, needs no rescaling.
 *
 * <pre>
 *   training:   y = x ⊙ m / (1 − p),   m ~ Bernoulli(1 − p) per value
 *   evaluation: y = x
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code rate}: the drop probability p, in [0, 1). Default: 0.5
 * </ul>
 *
 * <p>Shapes: {@code [N, …] → [N, …]}, real-valued input of any shape. The mask is drawn from the
 * forward context's dropout stream, one {@code nextFloat()} per value in row-major order, a value
 * being dropped when the draw is below p; p = 0 draws nothing.
 *
 * <p>No weights.
 *
 * <pre>{@code
 * - type: dense
 *   units: 64
 * - type: dropout
 *   rate: 0.2
 * }</pre>
 */
public final class DropoutLayerFactory implements LayerFactory {
  static final String NAME = "dropout";

  static final ParamSpec<Double> RATE = ParamSpec.ofDouble("rate").min(0).below(1).byDefault(0.5)
      .doc("probability of zeroing each value while training, in [0, 1)");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "inverted dropout while training (survivors scaled by 1/(1-rate)), identity otherwise";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(RATE);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    Inputs.requireRealValued(context, NAME);
    double rate = params.get(RATE);
    // the declared range already rejects 1 in YAML; params built in code still need the check (1/(1-1))
    if (rate >= 1) {
      throw Inputs.error(context, NAME, "rate must be below 1 (rate 1 would drop every value), got " + rate);
    }
    return new DropoutLayer(context.inputShape(), rate);
  }
}
