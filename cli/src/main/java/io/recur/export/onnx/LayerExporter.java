package io.recur.export.onnx;

/**
 * Turns one Recur layer into ONNX nodes. An exporter must compute exactly what the layer's
 * inference forward computes (no dropout, no training-only paths), so that ONNX Runtime's
 * outputs equal Recur's.
 */
@FunctionalInterface
public interface LayerExporter {
  /**
   * @param input the layer's input, batch-major {@code [batch, …]}
   * @return the layer's output, batch-major
   * @throws io.recur.spi.RecurException naming the layer and option when it cannot be exported
   */
  Value export(LayerExport layer, Value input);
}
