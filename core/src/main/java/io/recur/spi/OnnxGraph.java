package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.List;
import java.util.Map;

/**
 * The ONNX graph an {@link OnnxExportable} layer adds its nodes to: constants and operators of
 * the default ONNX domain, named by value. Every method returns the name it gave the new value;
 * names are made unique and start with the layer's name, so two layers (or two instances of one
 * type) never clash, and a node's name in a viewer tells which layer it came from.
 *
 * <p>Only names this graph returned (and the layer's {@code input}, and {@link #lengths()}) may be
 * used as node inputs; {@code ""} leaves out an optional input, as ONNX does.
 */
public interface OnnxGraph {
  /** The opset the graph targets ({@code recur export --opset}, 14 to 21): operator forms must exist in it. */
  int opset();

  /**
   * A float32 constant with {@code values}' shape and numbers, e.g. a weight or its transpose.
   *
   * @param name a short local name ({@code weight_t}); the graph prefixes it with the layer's name
   */
  String initializer(String name, Tensor values);

  /**
   * An int64 constant, for shapes ({@code Reshape}), axes ({@code ReduceSum}, {@code Unsqueeze})
   * and positions.
   *
   * @param shape its dimensions, whose product is {@code values.length}; none for a 1-D tensor of
   *     {@code values.length}
   */
  String initializerInts(String name, long[] values, int... shape);

  /**
   * Adds a one-output node and returns its output.
   *
   * @param opType an operator of the default ONNX domain ({@code MatMul}, {@code Softmax}, …)
   * @param attributes by name, each a {@code Long} or {@code Integer} (INT), {@code Double} or
   *     {@code Float} (FLOAT), {@code String} (STRING), {@code long[]} or {@code int[]} (INTS),
   *     {@code float[]} (FLOATS) or {@code String[]} (STRINGS); empty for none
   */
  String node(String opType, List<String> inputs, Map<String, Object> attributes);

  /** Adds a node with {@code outputs} outputs ({@code Split}, {@code TopK}, …) and returns them in order. */
  List<String> node(String opType, List<String> inputs, int outputs, Map<String, Object> attributes);

  /**
   * The graph's {@code lengths} input: int32 {@code [N]}, each row's real steps, padding at the end
   * of each row. A masked layer computes {@link ForwardContext#mask()} from it (step t of row n is
   * real when {@code t < lengths[n]}). It holds T for every row of an unpadded batch, where Recur
   * passes no mask at all; a layer must give the same result both ways.
   */
  String lengths();
}
