package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Layer;
import io.recur.spi.LayerFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import java.util.List;

/**
 * {@code flatten}: merges every per-sample dimension into one, PyTorch's {@code nn.Flatten()}
 * (start_dim 1, end_dim −1).
 *
 * <pre>
 *   y[n][((i1·d2) + i2)·d3 + …] = x[n][i1][i2][…]     (row-major, no copy of the values)
 * </pre>
 *
 * <p>No parameters. Shapes, with N the batch: {@code [N, d1, d2, …] → [N, d1·d2·…]}; a scalar
 * per sample becomes {@code [N, 1]}. Token ids stay token ids of the same vocabulary, so an
 * embedding may follow.
 *
 * <p>No weights.
 *
 * <pre>{@code
 * - type: lstm
 *   units: 8
 * - type: flatten
 * }</pre>
 */
public final class FlattenLayerFactory implements LayerFactory {
  static final String NAME = "flatten";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "[N, d1, d2, …] → [N, d1·d2·…], no parameters";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of();
  }

  @Override
  public Layer create(Params params, BuildContext context) {
    return new FlattenLayer(context.inputShape(), context.inputVocabulary());
  }
}
