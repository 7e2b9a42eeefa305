package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.util.List;

/**
 * {@code dense}: a fully connected layer, PyTorch's {@code nn.Linear} followed by an optional
 * activation, applied to the last dimension (so at every step of a sequence).
 *
 * <pre>
 *   y = activation(x · Wᵀ + b)
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code units} (required): output features per step, H_out
 *   <li>{@code activation}: identity, relu, tanh, sigmoid, softmax or log-softmax (the last two
 *       over the feature dimension). Default: identity
 *   <li>{@code use_bias}: add the bias b. Default: true
 *   <li>{@code kernel_init}: initialiser of W, called with fan_in = H_in, fan_out = H_out.
 *       Default: uniform-fan-in, U(−1/√H_in, 1/√H_in) as in PyTorch
 *   <li>{@code bias_init}: initialiser of b, called with the same fans. Default: uniform-fan-in
 * </ul>
 *
 * <p>Shapes, with N the batch, T the time steps, H_in the input and H_out the output features:
 * {@code [N, H_in] → [N, H_out]} and {@code [N, T, H_in] → [N, T, H_out]} (any leading
 * dimensions are kept).
 *
 * <table>
 *   <caption>Weights</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code weight}</td><td>{@code [H_out, H_in]}</td></tr>
 *   <tr><td>{@code bias}</td><td>{@code [H_out]} (absent when {@code use_bias: false})</td></tr>
 * </table>
 *
 * <p>Initialisation draws W first, then b, from the build context's stream.
 *
 * <pre>{@code
 * - type: dense
 *   units: 2
 *   activation: softmax
 *   kernel_init: glorot-uniform
 * }</pre>
 */
public final class DenseLayerFactory implements LayerFactory {
  static final String NAME = "dense";
  static final String DEFAULT_INIT = "uniform-fan-in";

  static final ParamSpec<Integer> UNITS = ParamSpec.ofInt("units").min(1).optional()
      .doc("output features per step, H_out; on the model's last layer it may be left out, and is then the data's"
          + " class count (a language model's vocabulary) or target feature count");
  static final ParamSpec<String> ACTIVATION = ParamSpec.ofChoice("activation", Activation.keys())
      .byDefault(Activation.IDENTITY.key())
      .doc("applied to x·Wᵀ + b; softmax and log-softmax work over the features");
  static final ParamSpec<Boolean> USE_BIAS = ParamSpec.ofBoolean("use_bias").byDefault(true)
      .doc("add the bias b");
  static final ParamSpec<TypedValue> KERNEL_INIT = ParamSpec.ofTyped("kernel_init", Kind.INITIALIZER)
      .byDefault(Inputs.initializer(DEFAULT_INIT))
      .doc("initialiser of weight [H_out, H_in], fan_in = H_in");
  static final ParamSpec<TypedValue> BIAS_INIT = ParamSpec.ofTyped("bias_init", Kind.INITIALIZER)
      .byDefault(Inputs.initializer(DEFAULT_INIT))
      .doc("initialiser of bias [H_out], fan_in = H_in");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "fully connected layer x·Wᵀ + b with an optional activation, applied at every step";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(UNITS, ACTIVATION, USE_BIAS, KERNEL_INIT, BIAS_INIT);
  }

  /** {@code units}, or on the last layer, where it is left out, the size the data calls for. */
  private static int units(Params params, BuildContext context) {
    Integer units = params.get(UNITS);
    if (units != null) {
      return units;
    }
    if (context.outputSize() > 0) {
      return context.outputSize();
    }
    throw new RecurException("layer '" + context.name() + "' (" + NAME + "): units: not set; only the model's last"
        + " layer may leave it out (it then takes the data's class count or target size); give this layer units");
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    Inputs.requireFeatures(context, NAME);
    TypedValue kernelInit = params.get(KERNEL_INIT);
    TypedValue biasInit = params.get(BIAS_INIT);
    DenseLayer layer = new DenseLayer(context.inputShape(), units(params, context),
        Activation.of(params.get(ACTIVATION)), params.get(USE_BIAS),
        context.initializer(kernelInit), context.initializer(biasInit),
        kernelInit.type(), biasInit.type());
    layer.resetParameters(context.random());
    return layer;
  }
}
