package io.recur.export.onnx;

import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code encoder-decoder}: L encoder nodes over the embedded source, then L decoder nodes, each
 * decoder layer starting from the final states of its encoder layer. The decoder reads no
 * outputs back (a zero feature or the encoder's context at every step), so it too is one
 * recurrent node per layer. Source lengths come from the ids themselves, as in Recur: the
 * position of each row's first {@code source_end_id}, or T without one; the graph's
 * {@code lengths} input is not used by this layer.
 */
final class EncoderDecoderExporter implements LayerExporter {
  @Override
  public Value export(LayerExport l, Value input) {
    if (!input.tokenIds()) {
      throw l.error("expects token ids; the export found real-valued input");
    }
    OnnxGraphBuilder g = l.graph();
    String p = l.prefix();
    RecurrentCell cell = RecurrentCell.ofParam(l);
    int units = l.param("units");
    int layers = l.param("layers");
    String activation = RecurrentCell.activation(l);
    Integer embeddingSize = l.param("embedding_size");
    Integer endId = l.param("source_end_id");
    boolean reverse = Boolean.TRUE.equals(l.param("reverse_source"));
    boolean context = "context".equals(l.param("decoder_input"));
    int outSteps = l.outputShape()[0];
    String ids = input.name();

    String table;
    if (embeddingSize != null) {
      Tensor w = l.weight("embedding.weight");
      table = g.floats(p + ".embedding", w.data(), w.dim(0), w.dim(1));
    } else {
      int v = l.weight("encoder.weight_ih_l0").dim(1);
      float[] eye = new float[v * v];
      for (int i = 0; i < v; i++) {
        eye[i * v + i] = 1f;
      }
      table = g.floats(p + ".one_hot", eye, v, v);
    }
    // [N, T] ids → [T, N] → [T, N, E]: gathering the transposed ids gives the time-major input directly
    String idsT = g.node("Transpose", p, List.of(ids), Attribute.ints("perm", 1, 0));
    String x = g.node("Gather", p, List.of(table, idsT), Attribute.of("axis", 0L));
    String lengths = endId == null ? "" : sourceLengths(g, p, ids, endId);

    List<String> h = new ArrayList<>();
    List<String> c = new ArrayList<>();
    for (int k = 0; k < layers; k++) {
      RecurrentNode.Outputs out = RecurrentNode.emit(g, p + ".encoder.l" + k, cell, units,
          List.of(direction(l, "encoder", k)), reverse, x, lengths, "", "", activation);
      h.add(out.yH());
      c.add(out.yC());
      x = g.node("Squeeze", p, List.of(out.y(), g.longs(p + ".direction_axis", 1)));
    }

    String batch = g.node("Gather", p, List.of(g.node("Shape", p, List.of(ids)), g.longs(p + ".batch_axis", 0)),
        Attribute.of("axis", 0L));
    String y;
    if (context) {
      // the encoder's top final state [1, N, H] repeated at every decoder step: [T_out, N, H]
      y = g.node("Expand", p, List.of(h.get(layers - 1), g.longs(p + ".steps", outSteps, 1, 1)));
    } else {
      String shape = g.node("Concat", p, List.of(g.longs(p + ".steps", outSteps), batch, g.longs(p + ".one", 1)),
          Attribute.of("axis", 0L));
      y = g.node("Expand", p, List.of(g.floats(p + ".zero", new float[] {0f}, 1, 1, 1), shape));
    }
    for (int k = 0; k < layers; k++) {
      RecurrentNode.Outputs out = RecurrentNode.emit(g, p + ".decoder.l" + k, cell, units,
          List.of(direction(l, "decoder", k)), false, y, "", h.get(k), cell.hasCellState() ? c.get(k) : "",
          activation);
      y = g.node("Squeeze", p, List.of(out.y(), g.longs(p + ".direction_axis", 1)));
    }
    return new Value(g.node("Transpose", p, List.of(y), Attribute.ints("perm", 1, 0, 2)), false);
  }

  /**
   * int32 {@code [N]}: the position of each row's first {@code end} id, or T when it has none,
   * counted as the steps before the running count of end ids first turns positive.
   */
  private static String sourceLengths(OnnxGraphBuilder g, String p, String ids, int end) {
    String isEnd = g.node("Cast", p, List.of(g.node("Equal", p, List.of(ids, g.longs(p + ".end_id", end)))),
        Attribute.of("to", (long) ai.onnx.proto.OnnxMl.TensorProto.DataType.INT64.getNumber()));
    String seen = g.node("CumSum", p, List.of(isEnd, g.scalar(p + ".time_axis", 1)));
    String before = g.node("Cast", p, List.of(g.node("Equal", p, List.of(seen, g.scalar(p + ".zero_i", 0)))),
        Attribute.of("to", (long) ai.onnx.proto.OnnxMl.TensorProto.DataType.INT32.getNumber()));
    return g.node("ReduceSum", p, List.of(before, g.longs(p + ".time_axes", 1)), Attribute.of("keepdims", 0L));
  }

  private static RecurrentNode.Direction direction(LayerExport l, String stack, int k) {
    String s = "_l" + k;
    return new RecurrentNode.Direction(l.weight(stack + ".weight_ih" + s), l.weight(stack + ".weight_hh" + s),
        l.weight(stack + ".bias_ih" + s), l.weight(stack + ".bias_hh" + s));
  }
}
