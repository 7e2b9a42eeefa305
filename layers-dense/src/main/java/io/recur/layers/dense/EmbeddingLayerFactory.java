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
 * {@code embedding}: turns token ids into vectors, either a learned lookup table (PyTorch's
 * {@code nn.Embedding}) or a fixed one-hot encoding.
 *
 * <pre>
 *   learned:  y[t] = W[x[t]]                 (a row of W per id)
 *   one-hot:  y[t][j] = 1 if j = x[t] else 0
 * </pre>
 *
 * <p>Parameters:
 *
 * <ul>
 *   <li>{@code one_hot}: encode ids as one-hot vectors of length V, with no parameters. Default:
 *       false
 *   <li>{@code size}: embedding size E; required unless {@code one_hot}, not allowed with it
 *   <li>{@code initializer}: initialiser of W, called with PyTorch's fans for a {@code [V, E]}
 *       tensor (fan_in = E, fan_out = V). Default: normal, whose own default std is 0.05
 *       (Keras-like); write {@code {type: normal, std: 1.0}} for PyTorch's N(0, 1)
 * </ul>
 *
 * <p>Shapes, with N the batch, T the time steps, V the input vocabulary and E the size: token ids
 * {@code [N, T] → [N, T, E]} (learned) or {@code [N, T, V]} (one-hot); ids of any other shape
 * gain one last dimension the same way. The input must be token ids from the dataset.
 *
 * <table>
 *   <caption>Weights</caption>
 *   <tr><th>name</th><th>shape</th></tr>
 *   <tr><td>{@code weight}</td><td>{@code [V, E]} (none when {@code one_hot: true})</td></tr>
 * </table>
 *
 * <pre>{@code
 * - type: embedding
 *   size: 16
 *   initializer: {type: normal, std: 1.0}
 * }</pre>
 */
public final class EmbeddingLayerFactory implements LayerFactory {
  static final String NAME = "embedding";
  static final String DEFAULT_INIT = "normal";

  static final ParamSpec<Boolean> ONE_HOT = ParamSpec.ofBoolean("one_hot").byDefault(false)
      .doc("encode ids as fixed one-hot vectors of the vocabulary size, no parameters");
  static final ParamSpec<Integer> SIZE = ParamSpec.ofInt("size").min(1).optional()
      .doc("embedding size E; required unless one_hot");
  static final ParamSpec<TypedValue> INITIALIZER = ParamSpec.ofTyped("initializer", Kind.INITIALIZER)
      .byDefault(Inputs.initializer(DEFAULT_INIT))
      .doc("initialiser of weight [V, E]; normal defaults to std 0.05, PyTorch uses std 1.0");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "token ids to vectors: a learned lookup table [V, E] or a one-hot encoding";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(ONE_HOT, SIZE, INITIALIZER);
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    int vocabulary = context.inputVocabulary();
    if (vocabulary <= 0) {
      throw Inputs.error(context, NAME, "expects token ids from the dataset, got real-valued input of shape "
          + Arrays.toString(context.inputShape()));
    }
    Integer size = params.get(SIZE);
    if (params.get(ONE_HOT)) {
      if (size != null) {
        throw Inputs.error(context, NAME, "size cannot be combined with one_hot: true (a one-hot vector has the"
            + " vocabulary size, " + vocabulary + "); remove size or set one_hot: false");
      }
      return new OneHotLayer(context.inputShape(), vocabulary);
    }
    if (size == null) {
      throw Inputs.error(context, NAME, "size is required unless one_hot: true");
    }
    TypedValue init = params.get(INITIALIZER);
    EmbeddingLayer layer = new EmbeddingLayer(context.inputShape(), vocabulary, size,
        context.initializer(init), init.type());
    layer.resetParameters(context.random());
    return layer;
  }
}
