package io.recur.export.onnx;

import io.recur.spi.Layer;
import io.recur.spi.OnnxExportable;
import java.util.Map;

/**
 * The exporter of each built-in layer type, and of plugin layers that implement {@link
 * OnnxExportable}. Other plugin layers are refused: their forward is code this exporter cannot
 * read, and an approximate graph would be worse than none.
 */
final class LayerExporters {
  private final Map<String, LayerExporter> byType;

  LayerExporters() {
    RecurrentExporter recurrent = new RecurrentExporter();
    byType = Map.ofEntries(
        Map.entry("embedding", DenseExporters::embedding),
        Map.entry("dense", DenseExporters::dense),
        Map.entry("activation", DenseExporters::activation),
        Map.entry("dropout", DenseExporters::dropout),
        Map.entry("flatten", DenseExporters::flatten),
        Map.entry("time-distributed", (l, in) -> DenseExporters.timeDistributed(l, in, this)),
        Map.entry("rnn", recurrent),
        Map.entry("lstm", recurrent),
        Map.entry("gru", recurrent),
        Map.entry("recurrent", recurrent),
        Map.entry("encoder-decoder", new EncoderDecoderExporter()),
        Map.entry("ensemble", new EnsembleExporter(this)));
  }

  /**
   * The exporter for a model's layer: the built-in one for its type, else the layer's own through
   * {@link OnnxExportable}, else an error naming the layer.
   *
   * @param source where the layer type came from (a plugin jar), for messages
   */
  LayerExporter get(LayerExport layer, Layer instance, String source, int opset) {
    if (byType.containsKey(layer.type()) || layer.type().equals("ngram")) {
      return get(layer);
    }
    if (instance instanceof OnnxExportable e) {
      return new PluginLayerExporter(instance, e, source, opset);
    }
    throw layer.error("cannot be exported to ONNX: layer type '" + layer.type() + "' from " + source
        + " has no exporter; a plugin layer exports itself when it implements io.recur.spi.OnnxExportable"
        + " (docs/onnx.md, Plugin layers)");
  }

  /** The built-in exporter for the layer's type, or an error naming the layer. */
  LayerExporter get(LayerExport layer) {
    LayerExporter e = byType.get(layer.type());
    if (e != null) {
      return e;
    }
    if (layer.type().equals("ngram")) {
      throw layer.error("cannot be exported to ONNX: an n-gram model is a table of counts looked up by context,"
          + " not a graph of tensor operators");
    }
    throw layer.error("cannot be exported to ONNX: no exporter for layer type '" + layer.type()
        + "' (built-in exporters: " + String.join(", ", new java.util.TreeSet<>(byType.keySet()))
        + ")");
  }

  /** Whether a model starting with this layer type reads int64 token ids. */
  static boolean readsTokenIds(String type) {
    return type.equals("embedding") || type.equals("encoder-decoder");
  }
}
