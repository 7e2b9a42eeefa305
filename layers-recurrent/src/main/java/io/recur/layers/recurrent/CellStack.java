package io.recur.layers.recurrent;

import static java.util.Objects.requireNonNull;

import io.recur.spi.Initializer;
import io.recur.spi.RecurrentCell;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * L stacked layers of D directions of one cell: their weights, named the PyTorch way, their
 * workspaces, and the {@link SequenceOp} that runs one layer-direction. What {@link
 * RecurrentLayer} and both halves of {@link EncoderDecoderLayer} share; how the layers connect
 * (merging directions, dropout, bridging an encoder to a decoder) is the owner's.
 *
 * <p>Weights are indexed by {@code k·D + d}: layer k, direction d (1 = reverse), PyTorch's
 * {@code h_n} order. Shapes: {@code W_ih [G, I_k]}, {@code W_hh [G, H]}, both biases {@code [G]},
 * G = gates·H. Like the layers that own it, not thread-safe.
 */
final class CellStack {
  final RecurrentCell cell;
  /** The cell's type name: the ops' name on the tape, and messages. */
  final String cellName;
  final int units;
  final int layers;
  final int directions;
  final int gateSize;
  private final Tensor[] weightIh;
  private final Tensor[] weightHh;
  private final Tensor[] biasIh;
  private final Tensor[] biasHh;
  /** Every weight and bias in creation order, for {@link #resetParameters}. */
  private final List<Tensor> tensors = new ArrayList<>();
  private final Workspace[] workspaces;

  /**
   * Creates the weights and adds them to {@code parameters} in PyTorch's {@code
   * named_parameters()} order: per layer k, per direction, {@code weight_ih_l{k}[_reverse]},
   * {@code weight_hh…}, {@code bias_ih…}, {@code bias_hh…} (the cell's {@link
   * RecurrentCell#parameterNames()}), each after {@code prefix}.
   *
   * @param firstInput I_0, the features layer 0 reads
   * @param laterInput I_k for k &gt; 0
   */
  CellStack(RecurrentCell cell, String cellName, int units, int layers, int directions, int firstInput, int laterInput,
      String prefix, Map<String, Tensor> parameters) {
    this.cell = requireNonNull(cell, "cell is null");
    this.cellName = requireNonNull(cellName, "cellName is null");
    this.units = units;
    this.layers = layers;
    this.directions = directions;
    this.gateSize = gateSize(cell, units);
    List<String> names = cell.parameterNames();
    int n = layers * directions;
    weightIh = new Tensor[n];
    weightHh = new Tensor[n];
    biasIh = new Tensor[n];
    biasHh = new Tensor[n];
    workspaces = new Workspace[n];
    for (int k = 0; k < layers; k++) {
      int in = k == 0 ? firstInput : laterInput;
      for (int d = 0; d < directions; d++) {
        int i = k * directions + d;
        boolean reverse = d == 1;
        weightIh[i] = add(parameters, prefix + paramName(names.get(0), k, reverse), Tensor.parameter(gateSize, in));
        weightHh[i] = add(parameters, prefix + paramName(names.get(1), k, reverse), Tensor.parameter(gateSize, units));
        // two biases where one would do: kept only for PyTorch weight compatibility
        biasIh[i] = add(parameters, prefix + paramName(names.get(2), k, reverse), Tensor.parameter(gateSize));
        biasHh[i] = add(parameters, prefix + paramName(names.get(3), k, reverse), Tensor.parameter(gateSize));
        workspaces[i] = new Workspace();
      }
    }
  }

  /** G: the cell's gate blocks times H (PyTorch's {@code gate_size}). */
  static int gateSize(RecurrentCell cell, int units) {
    return cell.gates().size() * units;
  }

  /**
   * PyTorch's parameter name: {@code weight_ih_l0}, {@code bias_hh_l1_reverse}.
   *
   * @param role the cell's name for the weight, e.g. {@code weight_ih}
   */
  static String paramName(String role, int layer, boolean reverse) {
    return role + "_l" + layer + (reverse ? "_reverse" : "");
  }

  private Tensor add(Map<String, Tensor> parameters, String name, Tensor t) {
    parameters.put(name, t);
    tensors.add(t);
    return t;
  }

  /**
   * Fills every weight and bias, in creation order, with {@code initializer} called with fan_in =
   * H and fan_out = G, so the default {@code uniform-fan-in} draws U(−1/√H, 1/√H) exactly as
   * PyTorch's {@code reset_parameters}.
   */
  void resetParameters(Initializer initializer, RandomGenerator random) {
    for (Tensor t : tensors) {
      initializer.initialize(t, units, gateSize, random);
    }
  }

  /** Final-state buffers for a batch: {@code [L·D·N·H]} for h, and for c when the cell has one (else null). */
  float[] newFinalStates(int batch, boolean cellState) {
    return cellState && !cell.hasCellState() ? null : new float[layers * directions * batch * units];
  }

  /**
   * The op of layer-direction {@code i} over {@code x}.
   *
   * @param h0 the initial hidden state: the learned {@code [L·D, H]} (row {@code stateRow} is this
   *     one's), per-row {@code [N, H]} with {@code stateRow} = {@link SequenceOp#PER_ROW}, or null
   *     for zeros; likewise {@code c0}
   */
  SequenceOp op(int i, Tensor x, int[] lengths, boolean reverse, boolean lastOnly, Tensor h0, Tensor c0,
      int stateRow) {
    return new SequenceOp(cell, cellName, x, weightIh[i], weightHh[i], biasIh[i], biasHh[i], h0, c0, stateRow, lengths,
        reverse, lastOnly, workspaces[i]);
  }
}
