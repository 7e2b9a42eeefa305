package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.Arrays;
import java.util.List;

/**
 * {@code activation}: a standalone activation function, the same set as {@code dense}'s.
 *
 * <pre>
 *   identity: y = x                relu:    y = max(0, x)
 *   tanh:     y = tanh(x)          sigmoid: y = 1 / (1 + e^(−x))
 *   softmax:  y_j = e^(x_j) / Σ_k e^(x_k)     log-softmax: y_j = x_j − log Σ_k e^(x_k)
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code function} (required): identity, relu, tanh, sigmoid, softmax or log-softmax
 * </ul>
 *
 * <p>Shapes: {@code [N, …] → [N, …]}, real-valued input; softmax and log-softmax work over the
 * last dimension and so need at least one dimension per sample.
 *
 * <p>No weights.
 *
 * <pre>{@code
 * - type: dense
 *   units: 10
 * - type: activation
 *   function: log-softmax
 * }</pre>
 */
public final class ActivationLayerFactory implements LayerFactory {
  static final String NAME = "activation";

  static final ParamSpec<String> FUNCTION = ParamSpec.ofChoice("function", Activation.keys())
      .doc("the function; softmax and log-softmax work over the last dimension");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "an activation function on its own: identity, relu, tanh, sigmoid, softmax, log-softmax";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(FUNCTION);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    Inputs.requireRealValued(context, NAME);
    Activation function = Activation.of(params.get(FUNCTION));
    if (function.normalisesLastDimension() && context.inputShape().length == 0) {
      throw Inputs.error(context, NAME, function.key() + " works over the last dimension and needs"
          + " [features] or [time, features] input, got a scalar per sample (shape "
          + Arrays.toString(context.inputShape()) + ")");
    }
    return new ActivationLayer(context.inputShape(), function);
  }
}
