package io.recur.export.onnx;

import ai.onnx.proto.OnnxMl.TensorProto;
import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import io.recur.spi.Layer;
import io.recur.spi.OnnxExportable;
import io.recur.spi.RecurException;
import java.util.List;

/**
 * A plugin layer that exports itself through the SPI's {@link OnnxExportable}. The plugin sees
 * float32 values only, as its {@code forward} does: token ids are cast to float32 on the way in,
 * and a layer that outputs ids ({@link Layer#outputVocabulary()}) has its output cast back to
 * int64 for the embedding after it. Whatever the plugin's code throws becomes one user error naming
 * the layer and the plugin, since it is a fault of the plugin, not of the model or of Recur.
 */
final class PluginLayerExporter implements LayerExporter {
  private final Layer layer;
  private final OnnxExportable exportable;
  private final String plugin;
  private final int opset;

  /** @param plugin where the layer type came from, as {@code recur plugins} shows it */
  PluginLayerExporter(Layer layer, OnnxExportable exportable, String plugin, int opset) {
    this.layer = layer;
    this.exportable = exportable;
    this.plugin = plugin;
    this.opset = opset;
  }

  @Override
  public Value export(LayerExport l, Value input) {
    OnnxGraphBuilder g = l.graph();
    String x = input.tokenIds()
        ? g.node("Cast", l.prefix(), List.of(input.name()), Attribute.of("to", (long) TensorProto.DataType.FLOAT.getNumber()))
        : input.name();
    PluginGraph graph = new PluginGraph(l, opset, x);
    String y;
    try {
      y = exportable.exportOnnx(graph, x);
    } catch (RuntimeException | LinkageError | StackOverflowError e) {
      String why = e instanceof RecurException ? e.getMessage()
          : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
      throw new RecurException(where(l) + ": its ONNX export failed: " + why, e);
    }
    if (y == null || !graph.knows(y)) {
      throw new RecurException(where(l) + ": its ONNX export returned '" + y + "', which is not a value of the"
          + " layer (a name the graph returned, or its input)");
    }
    if (layer.outputVocabulary() > 0) {
      return new Value(g.node("Cast", l.prefix(), List.of(y),
          Attribute.of("to", (long) TensorProto.DataType.INT64.getNumber())), true);
    }
    return new Value(y, false);
  }

  private String where(LayerExport l) {
    return "layer '" + l.name() + "' (" + l.type() + ", from plugin " + plugin + ")";
  }
}
