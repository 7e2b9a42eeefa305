package io.recur.export.onnx;

import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import io.recur.tensor.Tensor;
import java.util.List;

/** The exporters of the dense-layer family: embedding, dense, activation, dropout, flatten, time-distributed. */
final class DenseExporters {
  private DenseExporters() {}

  /**
   * {@code embedding}: {@code Gather} of the table rows; with {@code one_hot: true}, of the rows of
   * an identity matrix, which is exactly the one-hot vector (no arithmetic, so no rounding).
   */
  static Value embedding(LayerExport l, Value input) {
    requireIds(l, input);
    OnnxGraphBuilder g = l.graph();
    String table;
    if (Boolean.TRUE.equals(l.param("one_hot"))) {
      int v = l.outputShape()[l.outputShape().length - 1];
      float[] eye = new float[v * v];
      for (int i = 0; i < v; i++) {
        eye[i * v + i] = 1f;
      }
      table = g.floats(l.prefix() + ".one_hot", eye, v, v);
    } else {
      Tensor w = l.weight("weight");
      table = g.floats(l.prefix() + ".weight", w.data(), w.dim(0), w.dim(1));
    }
    return new Value(g.node("Gather", l.prefix(), List.of(table, input.name()),
        OnnxGraphBuilder.Attribute.of("axis", 0L)), false);
  }

  /** {@code dense}: {@code x·Wᵀ + b} as {@code MatMul} and {@code Add} (over the last axis, so time-distributed too), then the activation. */
  static Value dense(LayerExport l, Value input) {
    requireFeatures(l, input);
    OnnxGraphBuilder g = l.graph();
    Tensor w = l.weight("weight");
    int units = w.dim(0);
    int in = w.dim(1);
    // Recur's weight is [units, in] (PyTorch's nn.Linear); MatMul wants [in, units]
    float[] t = new float[in * units];
    for (int u = 0; u < units; u++) {
      for (int i = 0; i < in; i++) {
        t[i * units + u] = w.data()[u * in + i];
      }
    }
    String y = g.node("MatMul", l.prefix(), List.of(input.name(), g.floats(l.prefix() + ".weight_t", t, in, units)));
    if (Boolean.TRUE.equals(l.param("use_bias"))) {
      Tensor b = l.weight("bias");
      y = g.node("Add", l.prefix(), List.of(y, g.floats(l.prefix() + ".bias", b.data(), units)));
    }
    return new Value(Activations.apply(g, l.prefix(), l.param("activation"), y), false);
  }

  /** {@code activation}: the function alone. */
  static Value activation(LayerExport l, Value input) {
    requireFeatures(l, input);
    return new Value(Activations.apply(l.graph(), l.prefix(), l.param("function"), input.name()), false);
  }

  /** {@code dropout}: the identity at inference, so no node at all. */
  static Value dropout(LayerExport l, Value input) {
    return input;
  }

  /** {@code flatten}: {@code [batch, …] → [batch, product]}; token ids stay token ids. */
  static Value flatten(LayerExport l, Value input) {
    OnnxGraphBuilder g = l.graph();
    return new Value(g.node("Reshape", l.prefix(), List.of(input.name(), g.longs(l.prefix() + ".shape", 0, -1))),
        input.tokenIds());
  }

  /**
   * {@code time-distributed}: the inner layer applied at every step. Dense, activation and dropout
   * act on the last axis only, so the inner exporter runs on {@code [batch, time, features]} as it
   * is; any other inner layer is refused.
   */
  static Value timeDistributed(LayerExport l, Value input, LayerExporters exporters) {
    TypedValue inner = l.param("layer");
    if (!List.of("dense", "activation", "dropout").contains(inner.type())) {
      throw l.error("layer: an inner '" + inner.type() + "' cannot be exported (dense, activation and dropout can)");
    }
    Params params = inner.params();
    LayerExport innerExport = new LayerExport(l.graph(), l.name() + ".layer", inner.type(), params,
        l.weightPrefix() + ".layer", l.weights(), l.lengths(), l.outputShape(), l.states());
    return exporters.get(innerExport).export(innerExport, input);
  }

  private static void requireIds(LayerExport l, Value input) {
    if (!input.tokenIds()) {
      throw l.error("expects token ids; the export found real-valued input");
    }
  }

  private static void requireFeatures(LayerExport l, Value input) {
    if (input.tokenIds()) {
      throw l.error("expects real-valued input; the export found token ids");
    }
  }
}
