package io.recur.tensor;

import static java.util.Objects.requireNonNull;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;

/**
 * A dense float32 tensor on a flat row-major array, with reverse-mode autodiff.
 *
 * <p>Sequences are {@code [batch, time, features]} (batch first). Operations that take a tensor
 * which {@linkplain #requiresGrad() requires a gradient} record a {@link Node}; {@link
 * #backward()} walks the recorded graph from a scalar in reverse execution order and adds into
 * every leaf's {@link #grad()}. Composite operations ({@link #sub}, {@link #mean}) are built from
 * primitives and have no backward of their own.
 *
 * <p>Not thread-safe: one graph is built and walked by one thread.
 */
public final class Tensor {
  private final float[] data;
  private final int[] shape;
  private float[] grad;
  private boolean requiresGrad;
  private boolean frozen;
  private Node creator;

  private Tensor(float[] data, int[] shape) {
    this.data = data;
    this.shape = shape;
  }

  // ---------------------------------------------------------------- creation

  /** Wraps {@code data} (not copied) as a tensor of {@code shape}. */
  public static Tensor of(float[] data, int... shape) {
    requireNonNull(data, "data is null");
    int[] s = shape.clone();
    if (Shape.size(s) != data.length) {
      throw new IllegalArgumentException("shape " + Arrays.toString(s) + " needs " + Shape.size(s)
          + " values, got " + data.length);
    }
    return new Tensor(data, s);
  }

  public static Tensor zeros(int... shape) {
    return new Tensor(new float[Shape.size(shape)], shape.clone());
  }

  public static Tensor scalar(float value) {
    return new Tensor(new float[] {value}, new int[0]);
  }

  /** A zero-filled leaf that requires a gradient: a trainable parameter. */
  public static Tensor parameter(int... shape) {
    requireRoom(shape);
    Tensor t = zeros(shape);
    t.requiresGrad = true;
    return t;
  }

  /**
   * How many copies of a parameter training keeps: the weights, their gradient and up to two
   * optimiser moments (Adam).
   */
  static final int PARAMETER_COPIES = 4;

  /**
   * Refuses a parameter whose training copies cannot fit in the heap the JVM has left, before a
   * byte is allocated: an absurd size in a config ({@code units: 2000000000}) is a clear error
   * (the model builder names the layer) rather than an OutOfMemoryError.
   *
   * @throws IllegalArgumentException saying how many bytes the shape needs and how many are free
   */
  static void requireRoom(int... shape) {
    long size = Shape.size(shape);
    long bytes = size * Float.BYTES * PARAMETER_COPIES;
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (bytes > free) {
      throw new IllegalArgumentException("a parameter of shape " + Arrays.toString(shape) + " (" + size
          + " floats) needs about " + bytes / (1L << 20) + " MiB to train (weights, gradients, optimiser state), more"
          + " than the " + free / (1L << 20) + " MiB the JVM has left (maximum heap " + rt.maxMemory() / (1L << 20)
          + " MiB, set with -Xmx)");
    }
  }

  // ---------------------------------------------------------------- accessors

  /** The backing array; writing to it changes the tensor. */
  public float[] data() {
    return data;
  }

  public int[] shape() {
    return shape.clone();
  }

  public int rank() {
    return shape.length;
  }

  public int dim(int axis) {
    return shape[axis < 0 ? shape.length + axis : axis];
  }

  public int size() {
    return data.length;
  }

  /** The value of a one-element tensor. */
  public float item() {
    if (data.length != 1) {
      throw new IllegalStateException("item() needs a one-element tensor, shape is " + Arrays.toString(shape));
    }
    return data[0];
  }

  public float get(int... index) {
    return data[offset(index)];
  }

  public void set(float value, int... index) {
    data[offset(index)] = value;
  }

  private int offset(int... index) {
    if (index.length != shape.length) {
      throw new IllegalArgumentException("index " + Arrays.toString(index) + " does not fit shape " + Arrays.toString(shape));
    }
    int off = 0;
    for (int i = 0; i < index.length; i++) {
      if (index[i] < 0 || index[i] >= shape[i]) {
        throw new IndexOutOfBoundsException("index " + Arrays.toString(index) + " outside shape " + Arrays.toString(shape));
      }
      off = off * shape[i] + index[i];
    }
    return off;
  }

  public boolean requiresGrad() {
    return requiresGrad;
  }

  /**
   * Declares this tensor's values fixed for the rest of its life (a loaded model's weights, used
   * only for inference), so work derived from them may be kept and reused: a recurrent layer then
   * packs its weights once rather than at every forward, which for one-token steps (generation,
   * streaming) was most of the time. One way: nothing may write to a frozen tensor's data, and the
   * optimisers refuse to take one.
   */
  public Tensor freeze() {
    frozen = true;
    return this;
  }

  /** Whether {@link #freeze()} was called. */
  public boolean frozen() {
    return frozen;
  }

  /** Marks a leaf as requiring a gradient (parameters, or inputs in gradient checks). */
  public Tensor requireGrad(boolean value) {
    if (creator != null) {
      throw new IllegalStateException("only leaf tensors can change requiresGrad");
    }
    this.requiresGrad = value;
    return this;
  }

  /** The accumulated gradient, or {@code null} if backward has not reached this tensor. */
  public float[] grad() {
    return grad;
  }

  /** The gradient buffer, allocated (zero) on first use; ops add into it during backward. */
  public float[] gradBuffer() {
    if (grad == null) {
      grad = RecycledArrays.zeros(data.length);
    }
    return grad;
  }

  public void zeroGrad() {
    if (grad != null) {
      Arrays.fill(grad, 0f);
    }
  }

  /** The op that produced this tensor, or {@code null} for a leaf. */
  public Node creator() {
    return creator;
  }

  /** A leaf sharing this tensor's data, cut from the graph. */
  public Tensor detach() {
    return new Tensor(data, shape);
  }

  /** A leaf with a copy of the data. */
  public Tensor copy() {
    return new Tensor(data.clone(), shape.clone());
  }

  // ---------------------------------------------------------------- graph

  /** Per thread: how many {@link #noGrad()} scopes are open. */
  private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  /**
   * A scope in which ops record nothing on the calling thread: outputs are plain leaves, nothing
   * is kept for a backward pass, and ops that save activations (the recurrent cells) keep only
   * what the forward itself needs. For evaluation and prediction:
   *
   * <pre>{@code
   * try (Tensor.NoGrad g = Tensor.noGrad()) {
   *   Tensor out = model.forward(x, context);
   * }
   * }</pre>
   *
   * Scopes nest; each must be closed on the thread that opened it.
   */
  public static NoGrad noGrad() {
    NO_GRAD_DEPTH.get()[0]++;
    return new NoGrad();
  }

  /** False inside a {@link #noGrad()} scope on the calling thread. */
  public static boolean gradEnabled() {
    return NO_GRAD_DEPTH.get()[0] == 0;
  }

  /** The scope returned by {@link #noGrad()}; closing it twice is harmless. */
  public static final class NoGrad implements AutoCloseable {
    private boolean closed;

    private NoGrad() {}

    @Override
    public void close() {
      if (!closed) {
        closed = true;
        NO_GRAD_DEPTH.get()[0]--;
      }
    }
  }

  /**
   * True when an op over {@code inputs} will be recorded: gradients are enabled and some input
   * requires one. Ops that save large activations for backward ask this before saving them.
   */
  public static boolean recording(Tensor... inputs) {
    if (!gradEnabled()) {
      return false;
    }
    for (Tensor in : inputs) {
      if (in != null && in.requiresGrad) {
        return true;
      }
    }
    return false;
  }

  /**
   * Records {@code node} as the creator of {@code output} when any input requires a gradient
   * (and no {@link #noGrad()} scope is open), and returns {@code output}. Ops call this once
   * their forward has filled {@code output}.
   */
  public static Tensor record(Node node, Tensor output) {
    node.output = output;
    if (!gradEnabled()) {
      return output;
    }
    for (Tensor in : node.inputs()) {
      if (in.requiresGrad) {
        output.requiresGrad = true;
        output.creator = node;
        return output;
      }
    }
    return output;
  }

  /** Back-propagates from this scalar: d(this)/d(this) = 1. */
  public void backward() {
    if (data.length != 1) {
      throw new IllegalStateException("backward() needs a scalar, shape is " + Arrays.toString(shape)
          + "; reduce it first (sum/mean) or call backward(gradient)");
    }
    backward(new float[] {1f});
  }

  /** Back-propagates {@code seed} (same size as this tensor) through the recorded graph. */
  public void backward(float[] seed) {
    if (seed.length != data.length) {
      throw new IllegalArgumentException("seed gradient has " + seed.length + " values, tensor has " + data.length);
    }
    if (!requiresGrad) {
      throw new IllegalStateException("tensor does not require a gradient: nothing it depends on is trainable");
    }
    float[] g = gradBuffer();
    for (int i = 0; i < g.length; i++) {
      g[i] += seed[i];
    }
    for (Node node : reverseExecutionOrder(creator)) {
      Tensor out = node.output;
      if (out.grad != null) {
        node.backward(out.grad);
        checkGradShapes(node);
      }
      node.release();
      // intermediate gradients are not kept once consumed: they can be large (time × batch × units),
      // and the next batch's backward needs arrays of the same lengths
      RecycledArrays.giveBack(out.grad);
      out.grad = null;
      out.creator = null;
    }
  }

  private static void checkGradShapes(Node node) {
    for (Tensor in : node.inputs()) {
      if (in.grad != null && in.grad.length != in.data.length) {
        throw new IllegalStateException("op '" + node.name() + "' produced a gradient of " + in.grad.length
            + " values for an input of shape " + Arrays.toString(in.shape));
      }
    }
  }

  /**
   * Nodes reachable from {@code root}, deepest first. Depth is strictly greater than every
   * producer's depth, so this is a topological order; the stable sort keeps discovery order among
   * equal depths, which makes gradient summation order (and so the bits) deterministic. Iterative,
   * so a 1,000-step sequence cannot overflow the Java stack.
   */
  private static List<Node> reverseExecutionOrder(Node root) {
    if (root == null) {
      return List.of();
    }
    List<Node> nodes = new ArrayList<>();
    Set<Node> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(root);
    seen.add(root);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      nodes.add(n);
      for (Tensor in : n.inputs()) {
        Node c = in.creator;
        if (c != null && seen.add(c)) {
          stack.push(c);
        }
      }
    }
    nodes.sort((a, b) -> Integer.compare(b.depth, a.depth));
    return nodes;
  }

  // ---------------------------------------------------------------- ops (see io.recur.tensor.Ops)

  public Tensor add(Tensor other) {
    return Ops.add(this, other);
  }

  public Tensor sub(Tensor other) {
    return add(other.neg());
  }

  public Tensor mul(Tensor other) {
    return Ops.mul(this, other);
  }

  public Tensor div(Tensor other) {
    return Ops.div(this, other);
  }

  public Tensor scale(float factor) {
    return Ops.scale(this, factor);
  }

  public Tensor neg() {
    return scale(-1f);
  }

  public Tensor addScalar(float value) {
    return Ops.addScalar(this, value);
  }

  /** Matrix product of {@code [M, K]} and {@code [K, N]}. */
  public Tensor matmul(Tensor other) {
    return Ops.matmul(this, other);
  }

  /**
   * {@code x · weightᵀ + bias} over the last dimension, PyTorch's {@code nn.Linear}: weight
   * {@code [out, in]}, bias {@code [out]} or {@code null}; any leading dimensions are kept.
   */
  public Tensor linear(Tensor weight, Tensor bias) {
    return Ops.linear(this, weight, bias);
  }

  public Tensor tanh() {
    return Ops.tanh(this);
  }

  public Tensor sigmoid() {
    return Ops.sigmoid(this);
  }

  public Tensor relu() {
    return Ops.relu(this);
  }

  public Tensor exp() {
    return Ops.exp(this);
  }

  public Tensor log() {
    return Ops.log(this);
  }

  public Tensor abs() {
    return Ops.abs(this);
  }

  public Tensor square() {
    return mul(this);
  }

  /** Softmax over the last dimension. */
  public Tensor softmax() {
    return Ops.softmax(this);
  }

  /** Log-softmax over the last dimension. */
  public Tensor logSoftmax() {
    return Ops.logSoftmax(this);
  }

  /** Sum of every element, a scalar. */
  public Tensor sum() {
    return Ops.sum(this);
  }

  /** Mean of every element, a scalar. */
  public Tensor mean() {
    return sum().scale(1f / data.length);
  }

  /** Sum over the last dimension: {@code [..., n] → [...]}. */
  public Tensor sumLast() {
    return Ops.sumLast(this);
  }

  /** The same data seen with another shape of equal size. */
  public Tensor reshape(int... newShape) {
    return Ops.reshape(this, newShape);
  }

  /** {@code [N, d1, d2, …] → [N, d1·d2·…]}. */
  public Tensor flatten() {
    return reshape(shape[0], data.length / Math.max(1, shape[0]));
  }

  /** Rows of {@code table [V, E]} picked by this tensor's integer values: {@code [...] → [..., E]}. */
  public Tensor embed(Tensor table) {
    return Ops.embedding(this, table);
  }

  /** Concatenation along the last dimension; all other dimensions must agree. */
  public static Tensor concatLast(Tensor... parts) {
    return Ops.concatLast(parts);
  }

  /** Elements {@code [from, to)} of the last dimension. */
  public Tensor sliceLast(int from, int to) {
    return Ops.sliceLast(this, from, to);
  }

  /** Step {@code t} of a {@code [N, T, F]} sequence: {@code [N, F]}. */
  public Tensor step(int t) {
    return Ops.step(this, t);
  }

  /** Stacks {@code T} tensors {@code [N, F]} into {@code [N, T, F]}. */
  public static Tensor stackSteps(List<Tensor> steps) {
    return Ops.stackSteps(steps);
  }

  // ---------------------------------------------------------------- non-differentiable helpers

  /** One-hot encoding of integer values: {@code [...] → [..., classes]}; no gradient. */
  public Tensor oneHot(int classes) {
    int[] s = Arrays.copyOf(shape, shape.length + 1);
    s[shape.length] = classes;
    float[] out = new float[Shape.size(s)];
    for (int i = 0; i < data.length; i++) {
      int c = (int) data[i];
      if (c < 0 || c >= classes || c != data[i]) {
        throw new IllegalArgumentException("one-hot index " + data[i] + " outside [0, " + classes + ")");
      }
      out[i * classes + c] = 1f;
    }
    return new Tensor(out, s);
  }

  /** Index of the largest value along the last dimension (first one on ties): {@code [..., n] → [...]}. */
  public Tensor argmaxLast() {
    int n = Shape.last(shape);
    int rows = data.length / n;
    float[] out = new float[rows];
    for (int r = 0; r < rows; r++) {
      int best = 0;
      float bv = data[r * n];
      for (int j = 1; j < n; j++) {
        if (data[r * n + j] > bv) {
          bv = data[r * n + j];
          best = j;
        }
      }
      out[r] = best;
    }
    return new Tensor(out, Arrays.copyOf(shape, shape.length - 1));
  }

  /** Rows {@code [from, to)} of the first dimension, copied; no gradient. */
  public Tensor rows(int from, int to) {
    int row = data.length / Math.max(1, shape[0]);
    int[] s = shape.clone();
    s[0] = to - from;
    return new Tensor(Arrays.copyOfRange(data, from * row, to * row), s);
  }

  /** The rows listed in {@code index}, copied, in that order; no gradient. */
  public Tensor gatherRows(int[] index) {
    int row = data.length / Math.max(1, shape[0]);
    int[] s = shape.clone();
    s[0] = index.length;
    float[] out = new float[index.length * row];
    for (int i = 0; i < index.length; i++) {
      System.arraycopy(data, index[i] * row, out, i * row, row);
    }
    return new Tensor(out, s);
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("Tensor").append(Arrays.toString(shape)).append(' ');
    int n = Math.min(data.length, 8);
    b.append('[');
    for (int i = 0; i < n; i++) {
      b.append(i > 0 ? ", " : "").append(data[i]);
    }
    return b.append(data.length > n ? ", …]" : "]").toString();
  }
}
