package io.recur.export.onnx;

import io.recur.export.onnx.OnnxGraphBuilder.Attribute;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code rnn}, {@code lstm}, {@code gru} and {@code recurrent} of those cells: one ONNX recurrent node per stacked layer, both
 * directions in the same node, each row's real steps through {@code sequence_lens}. ONNX's
 * recurrent operators hold padded steps as Recur does: the state is carried unchanged, Y is 0 there,
 * the reverse direction starts at each row's last real step and Y_h is the state at each row's
 * last real step, which is what {@code output: last} means.
 */
final class RecurrentExporter implements LayerExporter {
  @Override
  public Value export(LayerExport l, Value input) {
    if (input.tokenIds()) {
      throw l.error("expects real-valued input; the export found token ids");
    }
    OnnxGraphBuilder g = l.graph();
    RecurrentCell cell = RecurrentCell.of(l);
    int units = l.param("units");
    int layers = l.param("layers");
    boolean bidirectional = Boolean.TRUE.equals(l.param("bidirectional"));
    int d = bidirectional ? 2 : 1;
    String merge = l.param("merge");
    boolean last = "last".equals(l.param("output"));
    boolean learned = "learned".equals(l.param("initial_state"));
    String activation = cell == RecurrentCell.RNN ? RecurrentCell.activation(l) : "tanh";
    String p = l.prefix();

    // ONNX's recurrent operators read [T, N, I] (layout 0); Recur's batches are [N, T, I]
    String x = g.node("Transpose", p, List.of(input.name()), Attribute.ints("perm", 1, 0, 2));
    String batch = learned ? g.node("Gather", p, List.of(g.node("Shape", p, List.of(x)), g.longs(p + ".batch_axis", 1)),
        Attribute.of("axis", 0L)) : null;
    List<String> hN = new ArrayList<>();
    List<String> cN = new ArrayList<>();
    RecurrentNode.Outputs top = null;
    for (int k = 0; k < layers; k++) {
      List<RecurrentNode.Direction> dirs = new ArrayList<>();
      for (int dir = 0; dir < d; dir++) {
        String suffix = "_l" + k + (dir == 1 ? "_reverse" : "");
        dirs.add(new RecurrentNode.Direction(l.weight("weight_ih" + suffix), l.weight("weight_hh" + suffix),
            l.weight("bias_ih" + suffix), l.weight("bias_hh" + suffix)));
      }
      String h0 = learned ? initialState(l, "h0", k, d, units, batch) : "";
      String c0 = learned && cell.hasCellState() ? initialState(l, "c0", k, d, units, batch) : "";
      RecurrentNode.Outputs out = RecurrentNode.emit(g, p + ".l" + k, cell, units, dirs, false, x, l.lengths(), h0, c0,
          activation);
      hN.add(out.yH());
      if (out.yC() != null) {
        cN.add(out.yC());
      }
      // layer k+1 reads both directions side by side, [T, N, D·H], whatever the merge
      x = sideBySide(g, p, out.y());
      top = out;
    }
    l.finalStates(concat(g, p, hN), cN.isEmpty() ? null : concat(g, p, cN));
    String y = last ? lastOutput(g, p, top.yH(), d, merge) : sequenceOutput(g, p, top.y(), d, merge);
    return new Value(y, false);
  }

  /**
   * A learned {@code h0}/{@code c0} {@code [L·D, H]}: layer k's D rows, broadcast over the batch to
   * {@code [D, N, H]} as every row starts from the same state.
   */
  private static String initialState(LayerExport l, String name, int k, int d, int units, String batch) {
    OnnxGraphBuilder g = l.graph();
    Tensor t = l.weight(name);
    float[] rows = java.util.Arrays.copyOfRange(t.data(), k * d * units, (k + 1) * d * units);
    String rowsName = g.floats(l.prefix() + "." + name + "_l" + k, rows, d, 1, units);
    String shape = g.node("Concat", l.prefix(), List.of(g.longs(l.prefix() + ".directions", d), batch,
        g.longs(l.prefix() + ".units", units)), Attribute.of("axis", 0L));
    return g.node("Expand", l.prefix(), List.of(rowsName, shape));
  }

  /** Y {@code [T, D, N, H]} → {@code [T, N, D·H]}. */
  private static String sideBySide(OnnxGraphBuilder g, String p, String y) {
    String t = g.node("Transpose", p, List.of(y), Attribute.ints("perm", 0, 2, 1, 3));
    return g.node("Reshape", p, List.of(t, g.longs(p + ".shape", 0, 0, -1)));
  }

  /** {@code output: sequence}: Y {@code [T, D, N, H]} → {@code [N, T, D·H]} (concat) or {@code [N, T, H]}. */
  private static String sequenceOutput(OnnxGraphBuilder g, String p, String y, int d, String merge) {
    if (d == 1 || "concat".equals(merge)) {
      String t = g.node("Transpose", p, List.of(y), Attribute.ints("perm", 2, 0, 1, 3));
      return g.node("Reshape", p, List.of(t, g.longs(p + ".shape", 0, 0, -1)));
    }
    String merged = merge(g, p, y, 1, merge);
    return g.node("Transpose", p, List.of(merged), Attribute.ints("perm", 1, 0, 2));
  }

  /** {@code output: last}: Y_h {@code [D, N, H]} → {@code [N, D·H]} (concat) or {@code [N, H]}. */
  private static String lastOutput(OnnxGraphBuilder g, String p, String yH, int d, String merge) {
    if (d == 1 || "concat".equals(merge)) {
      String t = g.node("Transpose", p, List.of(yH), Attribute.ints("perm", 1, 0, 2));
      return g.node("Reshape", p, List.of(t, g.longs(p + ".shape", 0, -1)));
    }
    return merge(g, p, yH, 0, merge);
  }

  /** The two directions at {@code axis} combined as Recur's merge does: sum, mul or average ((f + b)·0.5). */
  private static String merge(OnnxGraphBuilder g, String p, String y, long axis, String merge) {
    String f = g.node("Gather", p, List.of(y, g.scalar(p + ".forward", 0)), Attribute.of("axis", axis));
    String b = g.node("Gather", p, List.of(y, g.scalar(p + ".backward", 1)), Attribute.of("axis", axis));
    return switch (merge) {
      case "sum" -> g.node("Add", p, List.of(f, b));
      case "mul" -> g.node("Mul", p, List.of(f, b));
      case "average" -> g.node("Mul", p, List.of(g.node("Add", p, List.of(f, b)), g.floats(p + ".half", new float[] {0.5f})));
      default -> throw new IllegalArgumentException("merge '" + merge + "'");
    };
  }

  /** Each layer's {@code [D, N, H]} states stacked to PyTorch's {@code [L·D, N, H]}. */
  private static String concat(OnnxGraphBuilder g, String p, List<String> states) {
    return states.size() == 1 ? states.get(0) : g.node("Concat", p, states, Attribute.of("axis", 0L));
  }
}
