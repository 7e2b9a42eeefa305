package io.recur.export.onnx;

import java.util.Map;

/**
 * The exporter of each built-in layer type. Plugin layers are refused: their forward is code
 * this exporter cannot read, and an approximate graph would be worse than none.
 */
final class LayerExporters {
  private final Map<String, LayerExporter> byType;

  LayerExporters() {
    RecurrentExporter recurrent = new RecurrentExporter();
    byType = Map.of(
        "embedding", DenseExporters::embedding,
        "dense", DenseExporters::dense,
        "activation", DenseExporters::activation,
        "dropout", DenseExporters::dropout,
        "flatten", DenseExporters::flatten,
        "time-distributed", (l, in) -> DenseExporters.timeDistributed(l, in, this),
        "rnn", recurrent,
        "lstm", recurrent,
        "gru", recurrent,
        "encoder-decoder", new EncoderDecoderExporter());
  }

  /** The exporter for the layer's type, or an error naming the layer. */
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
        + "; plugin layers are not exported)");
  }

  /** Whether a model starting with this layer type reads int64 token ids. */
  static boolean readsTokenIds(String type) {
    return type.equals("embedding") || type.equals("encoder-decoder");
  }
}
