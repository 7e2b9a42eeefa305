package io.recur.spi;

import java.util.List;

/**
 * The equations of one recurrent cell, and nothing else: what it computes at one step for one
 * batch row, forward and backward. Everything the cells share comes from the recurrent layers
 * that run them: the time loop, masks and variable lengths, both directions and their merge
 * modes, stacking, the chunked input projection {@code x·W_ihᵀ}, the per-step hidden projection
 * {@code h·W_hhᵀ} and its gradient {@code dG·W_hh}, threads, reused buffers, initial and final
 * states ({@code h0}/{@code c0}, {@code h_n}/{@code c_n}), dropout between layers and the
 * encoder–decoder. A cell written to this contract gets all of that, built-in or from a plugin
 * ({@link CellFactory}, registered through {@link RecurPlugin#cells()}).
 *
 * <p>Weights, per layer k and direction: {@code W_ih [G, I]}, {@code W_hh [G, H]}, {@code b_ih
 * [G]}, {@code b_hh [G]}, G = {@link #gates()}{@code .size()·H}, the gate blocks stacked in the
 * order {@link #gates()} names them (PyTorch's layout). At step t the layer hands the cell, in
 * {@link CellStep#gates()}, the pre-activations {@code a = W_ih x + b_ih + W_hh h + b_hh} of its
 * row, except for the last {@link #separateBlocks()} blocks, whose recurrent part stays apart:
 * for those {@code gates} holds {@code W_ih x + b_ih} only, and {@link CellStep#hidden()} holds
 * {@code W_hh h} of every block (no bias) and {@link CellStep#recurrentBias()} {@code b_hh}
 * (what a GRU needs for {@code r·(W_hn h + b_hn)}).
 *
 * <p>Implementations are immutable and thread-safe: the layer calls them for several rows at once
 * from several threads. Each output element must be computed by one fixed sequence of float
 * operations (no reductions across a row in thread-dependent order), so that results are the same
 * bits on any number of threads. Test one with {@code io.recur.testkit.CellGradCheck} (core's test
 * jar); {@code docs/cells.md} shows a whole cell.
 */
public interface RecurrentCell {
  /** The names of the parameter roles, in PyTorch's order; see {@link #parameterNames()}. */
  List<String> PYTORCH_PARAMETER_NAMES = List.of("weight_ih", "weight_hh", "bias_ih", "bias_hh");

  /**
   * The gate blocks in weight-row order, e.g. {@code [i, f, g, o]} for an LSTM; each block has H
   * rows of {@code W_ih} and {@code W_hh}, so G = size·H. At least one.
   */
  List<String> gates();

  /**
   * The names of the four weights, in the roles input weight {@code [G, I]}, recurrent weight
   * {@code [G, H]}, input bias {@code [G]} and recurrent bias {@code [G]}; the layer adds {@code
   * _l{k}} and {@code _reverse}. The default is PyTorch's names, so a {@code state_dict} maps across.
   */
  default List<String> parameterNames() {
    return PYTORCH_PARAMETER_NAMES;
  }

  /**
   * Whether the cell carries a second state c besides h (an LSTM's cell state): it then has
   * {@code c0} and {@code c_n} like {@code h0} and {@code h_n}, is carried over padded steps and
   * handed from encoder to decoder like h. Default false: the state is h alone.
   */
  default boolean hasCellState() {
    return false;
  }

  /**
   * How many blocks of H floats per row the cell keeps at each step for its backward, in {@link
   * CellStep#saved()} (an LSTM's {@code tanh c'}); the activated gates and the states are kept
   * anyway. Default 0.
   */
  default int savedBlocks() {
    return 0;
  }

  /**
   * How many trailing gate blocks keep their recurrent part apart (see the class comment): 0 (the
   * default) for cells whose gates see {@code W_ih x + W_hh h} summed, 1 for a GRU's n gate. When
   * it is above 0 the backward writes the input-side gradient of those blocks into {@link
   * CellStep#dInput()}.
   */
  default int separateBlocks() {
    return 0;
  }

  /**
   * The cell's options that differ from their defaults, as {@code key=value} separated by {@code
   * ", "} (an rnn's {@code activation=relu}), for layer summaries; empty (the default) when none.
   */
  default String options() {
    return "";
  }

  /**
   * One step of one row. Reads {@link CellStep#gates()} (pre-activations as the class comment
   * says), {@link CellStep#hPrev()} (and {@link CellStep#cPrev()}, {@link CellStep#hidden()}) and
   * writes {@link CellStep#h()} (and {@link CellStep#c()}); it should overwrite the
   * pre-activations with whatever its backward needs (usually the activated gates) and may write
   * {@link CellStep#saved()}.
   */
  void forward(CellStep step, int row);

  /**
   * The same step back, for the same row, after everything later has run back. Reads what forward
   * left, {@link CellStep#dh()} (the total gradient of the h forward wrote, and {@link
   * CellStep#dc()} of c). Writes, over {@link CellStep#gates()}, the gradient of the
   * pre-activations (for separate blocks: of the recurrent side {@code W_hh h + b_hh}, and into
   * {@link CellStep#dInput()} that of the input side); writes every element of {@link
   * CellStep#dhPrev()} with the direct gradient of {@code hPrev} (0 where h reaches the next
   * step only through the gates: the layer adds {@code dG·W_hh}), and of {@link
   * CellStep#dcPrev()} with that of {@code cPrev}.
   */
  void backward(CellStep step, int row);
}
