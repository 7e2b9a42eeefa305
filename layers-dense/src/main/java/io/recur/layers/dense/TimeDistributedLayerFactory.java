package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import java.util.Arrays;
import java.util.List;

/**
 * {@code time-distributed}: applies one inner layer, with one set of weights, to every time step
 * of a sequence independently (Keras' {@code TimeDistributed}).
 *
 * <pre>
 *   y[n][t] = layer(x[n][t])       for every n, t
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code layer} (required): the inner layer, built for the per-step input {@code [F…]}
 * </ul>
 *
 * <p>Shapes, with N the batch, T the time steps, {@code [F…]} the per-step input and {@code
 * [O…]} the inner layer's output: {@code [N, T, F…] → [N, T, O…]}. The batch is folded to
 * {@code [N·T, F…]} for the inner layer and unfolded afterwards, so the inner layer sees no
 * padding mask.
 *
 * <table>
 *   <caption>Weights</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code layer.<name>}</td><td>the inner layer's, e.g. {@code layer.weight}</td></tr>
 * </table>
 *
 * <pre>{@code
 * - type: time-distributed
 *   layer:
 *     type: dense
 *     units: 4
 * }</pre>
 */
public final class TimeDistributedLayerFactory implements LayerFactory {
  static final String NAME = "time-distributed";
  /** The inner layer's name suffix and weight prefix: {@code <name>.layer.weight}. */
  static final String INNER = "layer";

  static final ParamSpec<TypedValue> LAYER = ParamSpec.ofTyped("layer", Kind.LAYER)
      .doc("the inner layer applied at every step, with one set of weights");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "applies an inner layer to every time step: [N, T, F…] → [N, T, O…]";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(LAYER);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    int[] shape = context.inputShape();
    if (context.inputVocabulary() > 0) {
      throw Inputs.error(context, NAME, "expects [time, features] input, got " + Inputs.describe(context)
          + "; add an embedding layer first");
    }
    if (shape.length < 2) {
      throw Inputs.error(context, NAME, "expects [time, features] input, got " + Arrays.toString(shape)
          + "; use the inner layer directly when there is no time dimension");
    }
    int[] perStep = Arrays.copyOfRange(shape, 1, shape.length);
    Layer inner = context.layer(params.get(LAYER), context.name() + "." + INNER, perStep, 0);
    return new TimeDistributedLayer(shape[0], perStep, inner);
  }
}
