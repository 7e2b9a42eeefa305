package org.example.recurplugin;

import io.recur.spi.BuildContext;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.util.Arrays;
import java.util.List;

/**
 * {@code attention-pool}: pools a sequence into one vector with learned attention weights, built
 * only from existing tensor ops, so its backward comes for free.
 *
 * <pre>
 *   hidden = 0:  s_t = w · x_t
 *   hidden > 0:  s_t = v · tanh(W x_t + b)
 *   α = softmax over t of s (padded steps get weight 0)
 *   y = Σ_t α_t x_t
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code hidden}: size of the tanh scoring layer; 0 scores each step with one learned
 *       vector. Default: 0
 *   <li>{@code initializer}: fills every weight, called with fan_in = the weight's input size.
 *       Default: uniform-fan-in
 * </ul>
 *
 * <p>Shapes: {@code [N, T, F] → [N, F]}. Token ids are refused: put an embedding (and usually a
 * recurrent layer with {@code output: sequence}) first.
 *
 * <table>
 *   <caption>Weights</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code weight}</td><td>{@code [1, F]} (hidden = 0) or {@code [H, F]}</td></tr>
 *   <tr><td>{@code bias}</td><td>{@code [H]}, only when hidden > 0</td></tr>
 *   <tr><td>{@code score_weight}</td><td>{@code [1, H]}, only when hidden > 0</td></tr>
 * </table>
 *
 * <pre>{@code
 * - type: lstm
 *   units: 32
 * - type: attention-pool
 *   hidden: 16
 * }</pre>
 */
public final class AttentionPoolLayerFactory implements LayerFactory {
  static final String NAME = "attention-pool";

  static final ParamSpec<Integer> HIDDEN = ParamSpec.ofInt("hidden").min(0).byDefault(0)
      .doc("size of the tanh scoring layer; 0 scores each step with one learned vector");
  static final ParamSpec<TypedValue> INITIALIZER = ParamSpec.ofTyped("initializer", Kind.INITIALIZER)
      .byDefault(TypedValue.of(Kind.INITIALIZER, "uniform-fan-in", Params.empty()))
      .doc("fills every weight, with fan_in = the weight's input size");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "attention pooling over time: softmax-weighted sum of the steps of [N, T, F], mask-aware";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(HIDDEN, INITIALIZER);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    int[] in = context.inputShape();
    if (context.inputVocabulary() > 0 || in.length != 2) {
      throw new RecurException("layer '" + context.name() + "' (" + NAME + "): expects a real-valued sequence [T, F], got "
          + (context.inputVocabulary() > 0 ? "token ids " : "") + Arrays.toString(in)
          + "; put an embedding and a recurrent layer with output: sequence first");
    }
    return new AttentionPoolLayer(in[0], in[1], params.get(HIDDEN),
        context.initializer(params.get(INITIALIZER)), context.random());
  }
}
