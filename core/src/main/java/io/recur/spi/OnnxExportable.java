package io.recur.spi;

/**
 * Optional: a {@link Layer} that can write itself into an ONNX graph, so that {@code recur export
 * --format onnx} exports models that use it. Without it a plugin layer stops the export with a
 * message naming the layer. The layer describes its inference forward (no dropout, no training
 * paths) with standard ONNX operators through {@link OnnxGraph}, reading its own trained weights
 * from its fields: when the export runs, the saved weights are already loaded into the tensors of
 * {@link Layer#parameters()}.
 *
 * <p>The result must compute what {@link Layer#forward} computes with {@link
 * ForwardContext#training()} false, including what the layer does with {@link
 * ForwardContext#mask()}: {@link OnnxGraph#lengths()} holds the same information. Test it against
 * ONNX Runtime on padded batches; see {@code docs/onnx.md}.
 *
 * <p>An exception thrown here stops the export (exit code 2) with a message naming the layer and
 * the plugin; throw a {@link RecurException} saying why when an option of the layer has no ONNX
 * form.
 *
 * <p>Added in SPI 2 as a new type: plugins that do not implement it load and run as before.
 */
public interface OnnxExportable {
  /**
   * Adds this layer's nodes to {@code graph}.
   *
   * @param input the name of the layer's input value, batch-first as {@link Layer#forward} sees
   *     it: float32 {@code [N, ...inputShape]}, e.g. {@code [N, T, F]} or {@code [N, F]}; token ids
   *     (a layer reading the model's vocabulary input) arrive as float32 too, as in Recur
   * @return the name of the value holding the layer's output, float32 {@code [N, ...outputShape]}
   *     ({@code [N, ...]} ids as float32 for a layer with an {@link Layer#outputVocabulary()}): a
   *     name {@code graph} returned, or {@code input} itself
   */
  String exportOnnx(OnnxGraph graph, String input);
}
