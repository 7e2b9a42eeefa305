package io.recur.model;

import io.recur.spi.FittedLayer;
import io.recur.spi.Optimizer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A built model layer by layer, as Keras' {@code model.summary()}: each layer's name, type,
 * output shape and parameter count, then the totals and what they take in memory. Weights are
 * float32 (4 bytes); the optimizer's state is counted from the state it reports for checkpoints
 * ({@link Optimizer#state()}, allocated up front: Adam's two moments per weight, SGD's momentum
 * buffer, plus a step count per tensor), so a plugin optimizer is counted the same way.
 *
 * @param rows the layers, in order
 * @param parameters trainable floats in all, the number {@code weights.safetensors} holds
 * @param fitted true when the model has a part fitted by counting (ngram): its state is sized by the data
 * @param optimizer the optimizer type, or "" when none was asked
 * @param optimizerFloats the floats of the optimizer's state
 */
public record ModelSummary(List<Row> rows, long parameters, boolean fitted, String optimizer, long optimizerFloats) {
  /** One layer: its output shape per sample (without the batch) and its trainable floats. */
  public record Row(String name, String type, int[] outputShape, long parameters, boolean fitted) {
    /** The parameters column: {@code 1,234}, {@code counted}, or {@code 1,234 + counted} for a layer with both. */
    public String parametersCell() {
      String n = String.format(Locale.ROOT, "%,d", parameters);
      return !fitted ? n : parameters == 0 ? "counted" : n + " + counted";
    }
  }

  public ModelSummary {
    rows = List.copyOf(rows);
  }

  /** The summary of {@code model}, with the state {@code optimizer} keeps for it. */
  public static ModelSummary of(Model model, String optimizerType, Optimizer optimizer) {
    List<Row> rows = new ArrayList<>();
    for (Model.NamedLayer l : model.layers()) {
      long n = 0;
      for (Tensor t : l.layer().parameters().values()) {
        n += t.size();
      }
      rows.add(new Row(l.name(), l.type(), l.layer().outputShape(), n, l.layer() instanceof FittedLayer));
    }
    long state = 0;
    if (optimizer != null) {
      for (Tensor t : optimizer.state().values()) {
        state += t.size();
      }
    }
    return new ModelSummary(rows, model.parameterCount(), Fitting.fitted(model), optimizerType, state);
  }

  /** The table and its totals, one line each, for the console. */
  public List<String> lines() {
    List<String[]> cells = new ArrayList<>();
    cells.add(new String[] {"layer", "type", "output", "parameters"});
    for (Row r : rows) {
      cells.add(new String[] {r.name(), r.type(), batchShape(r.outputShape()),
          r.parametersCell()});
    }
    int[] width = new int[4];
    for (String[] row : cells) {
      for (int i = 0; i < 4; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    List<String> out = new ArrayList<>();
    for (String[] row : cells) {
      out.add(String.format(Locale.ROOT, "  %-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %"
          + width[3] + "s", (Object[]) row).stripTrailing());
    }
    out.add("  " + totals());
    return out;
  }

  /**
   * {@code parameters: 1,234 (4.8 KiB float32); optimizer state (adam): 2,474 floats (9.7 KiB)};
   * for a counted model, that its state is counted from the data.
   */
  public String totals() {
    if (fitted && parameters == 0) {
      return "parameters: 0 trainable; counted from the training data (n-gram counts), sized by the data";
    }
    String s = "parameters: " + String.format(Locale.ROOT, "%,d", parameters) + " (" + bytes(parameters * 4)
        + " float32)" + (fitted ? " and counts from the training data (n-gram counts), sized by the data" : "");
    if (!optimizer.isEmpty()) {
      s += "; optimizer state (" + optimizer + "): " + String.format(Locale.ROOT, "%,d", optimizerFloats) + " floats ("
          + bytes(optimizerFloats * 4) + ")";
    }
    return s;
  }

  /** {@code [N, 12, 2]}: a per-sample shape with its batch dimension. */
  public static String batchShape(int[] shape) {
    StringBuilder b = new StringBuilder("[N");
    for (int d : shape) {
      b.append(", ").append(d);
    }
    return b.append(']').toString();
  }

  static String bytes(long n) {
    if (n < 1024) {
      return n + " B";
    }
    String[] units = {"KiB", "MiB", "GiB"};
    double v = n;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
  }
}
