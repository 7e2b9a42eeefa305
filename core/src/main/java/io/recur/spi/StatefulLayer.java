package io.recur.spi;

import io.recur.tensor.Tensor;
import java.util.Map;

/**
 * A layer that carries a state from one forward to the next when asked to: a recurrent layer's
 * hidden (and cell) states, an n-gram's last tokens. Three engine features use it: truncated
 * back-propagation through time ({@code training.carry_state}, where row i of one batch continues
 * row i of the previous one), stepwise sampling ({@code recur generate}, one token per forward),
 * and nothing else: without {@link #startFrom} every forward starts from the layer's own initial
 * state, exactly as before.
 *
 * <p>EXPERIMENTAL (issue 4). Like every layer, not thread-safe.
 */
public interface StatefulLayer extends Layer {
  /**
   * The states the most recent forward ended in, by name (a recurrent layer's {@code h_n} and
   * {@code c_n}, each {@code [L·D, N, H]}), detached copies that hold no gradient; empty before
   * the first forward. Handing them to {@link #startFrom} continues each batch row where it
   * stopped.
   */
  Map<String, Tensor> finalStates();

  /**
   * Makes the next forward, and only the next one, start from {@code states} (as {@link
   * #finalStates()} gives them, for a batch of the same size) instead of the layer's own initial
   * state. The states are constants: no gradient flows back into them. {@code null} or an empty
   * map cancels a pending start.
   *
   * @throws RecurException naming the layer when the layer cannot carry a state (a bidirectional
   *     recurrent layer: its reverse direction reads the future) or the states do not fit
   */
  void startFrom(Map<String, Tensor> states);
}
