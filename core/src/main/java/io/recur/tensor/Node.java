package io.recur.tensor;

/**
 * One recorded operation of the autodiff graph: it knows its inputs and, given the gradient of
 * its output, adds its contribution to the gradient of each input that requires one.
 *
 * <p>Subclass it to write an op with a hand-written backward (the fused recurrent cells do):
 * compute the output, then {@link Tensor#record(Node, Tensor)} it. Backward must <em>add</em>
 * into {@link Tensor#gradBuffer()}, never assign, so a tensor used twice gets both contributions.
 */
public abstract class Node {
  private final Tensor[] inputs;
  final int depth;
  Tensor output;

  protected Node(Tensor... inputs) {
    this.inputs = inputs;
    int d = 0;
    for (Tensor t : inputs) {
      if (t.creator() != null) {
        d = Math.max(d, t.creator().depth);
      }
    }
    // deeper than every producer, so sorting by depth gives a topological order
    this.depth = d + 1;
  }

  /** The inputs in the order given to the constructor. */
  public final Tensor[] inputs() {
    return inputs;
  }

  /** The tensor this op produced (set by {@link Tensor#record}). */
  public final Tensor output() {
    return output;
  }

  /** Short op name for messages ("matmul", "lstm"). */
  public abstract String name();

  /**
   * Propagates {@code gradOutput} (same shape as the output) into the inputs' gradient buffers,
   * skipping inputs with {@code requiresGrad() == false}.
   */
  protected abstract void backward(float[] gradOutput);

  /** Drops tensors saved for backward; called once backward has run. */
  protected void release() {}
}
