package io.recur.tensor;

import java.util.Arrays;
import java.util.List;

/**
 * The primitive differentiable ops. Each is a small {@link Node} whose forward sits right above
 * its backward; the class comment gives the local derivative, fields hold exactly what backward
 * needs. Reached through {@link Tensor}'s methods.
 */
final class Ops {
  private Ops() {}

  private static void requireSameShape(String op, Tensor a, Tensor b) {
    if (!Arrays.equals(a.shape(), b.shape())) {
      throw new IllegalArgumentException(op + ": shapes " + Shape.toString(a.shape()) + " and "
          + Shape.toString(b.shape()) + " differ");
    }
  }

  /** True when {@code small}'s shape equals the trailing dimensions of {@code big}'s. */
  private static boolean isSuffix(int[] big, int[] small) {
    if (small.length > big.length) {
      return false;
    }
    for (int i = 1; i <= small.length; i++) {
      if (big[big.length - i] != small[small.length - i]) {
        return false;
      }
    }
    return true;
  }

  // ------------------------------------------------------------------ add

  static Tensor add(Tensor a, Tensor b) {
    if (Arrays.equals(a.shape(), b.shape())) {
      float[] x = a.data(), y = b.data(), out = RecycledArrays.zeros(x.length);
      for (int i = 0; i < out.length; i++) {
        out[i] = x[i] + y[i];
      }
      return Tensor.record(new AddOp(a, b), Tensor.of(out, a.shape()));
    }
    if (isSuffix(a.shape(), b.shape())) {
      float[] out = a.data().clone();
      Kernels.addRowVector(b.data(), out, out.length / b.size(), b.size());
      return Tensor.record(new AddBroadcastOp(a, b), Tensor.of(out, a.shape()));
    }
    throw new IllegalArgumentException("add: shape " + Shape.toString(b.shape())
        + " neither equals nor broadcasts over " + Shape.toString(a.shape()));
  }

  /** y = a + b; da = dy, db = dy. */
  private static final class AddOp extends Node {
    AddOp(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override public String name() {
      return "add";
    }

    @Override protected void backward(float[] dy) {
      for (Tensor in : inputs()) {
        if (in.requiresGrad()) {
          Kernels.addInto(dy, 0, in.gradBuffer(), 0, dy.length);
        }
      }
    }
  }

  /** y = a + b broadcast over leading dims; da = dy, db = dy summed over the leading dims. */
  private static final class AddBroadcastOp extends Node {
    AddBroadcastOp(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override public String name() {
      return "add-broadcast";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0], b = inputs()[1];
      if (a.requiresGrad()) {
        Kernels.addInto(dy, 0, a.gradBuffer(), 0, dy.length);
      }
      if (b.requiresGrad()) {
        Kernels.sumRowsInto(dy, b.gradBuffer(), dy.length / b.size(), b.size());
      }
    }
  }

  // ------------------------------------------------------------------ mul, div, scale

  static Tensor mul(Tensor a, Tensor b) {
    requireSameShape("mul", a, b);
    float[] x = a.data(), y = b.data(), out = RecycledArrays.zeros(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * y[i];
    }
    return Tensor.record(new MulOp(a, b), Tensor.of(out, a.shape()));
  }

  /** y = a * b; da = dy * b, db = dy * a. */
  private static final class MulOp extends Node {
    MulOp(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override public String name() {
      return "mul";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0], b = inputs()[1];
      float[] x = a.data(), y = b.data();
      if (a.requiresGrad()) {
        float[] g = a.gradBuffer();
        for (int i = 0; i < dy.length; i++) {
          g[i] += dy[i] * y[i];
        }
      }
      if (b.requiresGrad()) {
        float[] g = b.gradBuffer();
        for (int i = 0; i < dy.length; i++) {
          g[i] += dy[i] * x[i];
        }
      }
    }
  }

  static Tensor div(Tensor a, Tensor b) {
    requireSameShape("div", a, b);
    float[] x = a.data(), y = b.data(), out = RecycledArrays.zeros(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] / y[i];
    }
    return Tensor.record(new DivOp(a, b), Tensor.of(out, a.shape()));
  }

  /** y = a / b; da = dy / b, db = -dy * a / b². */
  private static final class DivOp extends Node {
    DivOp(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override public String name() {
      return "div";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0], b = inputs()[1];
      float[] x = a.data(), y = b.data();
      if (a.requiresGrad()) {
        float[] g = a.gradBuffer();
        for (int i = 0; i < dy.length; i++) {
          g[i] += dy[i] / y[i];
        }
      }
      if (b.requiresGrad()) {
        float[] g = b.gradBuffer();
        for (int i = 0; i < dy.length; i++) {
          g[i] -= dy[i] * x[i] / (y[i] * y[i]);
        }
      }
    }
  }

  static Tensor scale(Tensor a, float factor) {
    float[] x = a.data(), out = RecycledArrays.zeros(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] * factor;
    }
    return Tensor.record(new ScaleOp(a, factor), Tensor.of(out, a.shape()));
  }

  /** y = c·x; dx = c·dy. */
  private static final class ScaleOp extends Node {
    private final float factor;

    ScaleOp(Tensor a, float factor) {
      super(a);
      this.factor = factor;
    }

    @Override public String name() {
      return "scale";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * factor;
      }
    }
  }

  static Tensor addScalar(Tensor a, float value) {
    float[] x = a.data(), out = RecycledArrays.zeros(x.length);
    for (int i = 0; i < out.length; i++) {
      out[i] = x[i] + value;
    }
    return Tensor.record(new PassThroughOp("add-scalar", a), Tensor.of(out, a.shape()));
  }

  /** y = f(x) with f' = 1 (shifts, reshapes): dx = dy. */
  private static final class PassThroughOp extends Node {
    private final String name;

    PassThroughOp(String name, Tensor a) {
      super(a);
      this.name = name;
    }

    @Override public String name() {
      return name;
    }

    @Override protected void backward(float[] dy) {
      Kernels.addInto(dy, 0, inputs()[0].gradBuffer(), 0, dy.length);
    }
  }

  static Tensor reshape(Tensor a, int[] shape) {
    int[] s = shape.clone();
    int infer = -1;
    int known = 1;
    for (int i = 0; i < s.length; i++) {
      if (s[i] == -1 && infer < 0) {
        infer = i;
      } else {
        known *= s[i];
      }
    }
    if (infer >= 0 && known > 0) {
      s[infer] = a.size() / known;
    }
    if (Shape.size(s) != a.size()) {
      throw new IllegalArgumentException("reshape: cannot view " + Shape.toString(a.shape()) + " as " + Shape.toString(shape));
    }
    // the view shares the data array; only gradients are separate buffers
    return Tensor.record(new PassThroughOp("reshape", a), Tensor.of(a.data(), s));
  }

  // ------------------------------------------------------------------ matmul, linear

  static Tensor matmul(Tensor a, Tensor b) {
    if (a.rank() != 2 || b.rank() != 2 || a.dim(1) != b.dim(0)) {
      throw new IllegalArgumentException("matmul: expected [M, K] · [K, N], got "
          + Shape.toString(a.shape()) + " · " + Shape.toString(b.shape()));
    }
    int m = a.dim(0), k = a.dim(1), n = b.dim(1);
    float[] out = RecycledArrays.zeros(m * n);
    Kernels.matmul(a.data(), 0, b.data(), 0, out, 0, m, k, n, false);
    return Tensor.record(new MatMulOp(a, b), Tensor.of(out, m, n));
  }

  /** Y = A·B; dA = dY·Bᵀ, dB = Aᵀ·dY. */
  private static final class MatMulOp extends Node {
    MatMulOp(Tensor a, Tensor b) {
      super(a, b);
    }

    @Override public String name() {
      return "matmul";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0], b = inputs()[1];
      int m = a.dim(0), k = a.dim(1), n = b.dim(1);
      if (a.requiresGrad()) {
        Kernels.matmulTransB(dy, 0, b.data(), 0, a.gradBuffer(), 0, m, n, k, true);
      }
      if (b.requiresGrad()) {
        Kernels.matmulTransA(a.data(), 0, dy, 0, b.gradBuffer(), 0, k, m, n, true);
      }
    }
  }

  static Tensor linear(Tensor x, Tensor w, Tensor bias) {
    if (w.rank() != 2 || x.rank() < 1 || Shape.last(x.shape()) != w.dim(1)) {
      throw new IllegalArgumentException("linear: input features " + Shape.toString(x.shape())
          + " do not match weight [out, in] " + Shape.toString(w.shape()));
    }
    if (bias != null && (bias.rank() != 1 || bias.dim(0) != w.dim(0))) {
      throw new IllegalArgumentException("linear: bias " + Shape.toString(bias.shape()) + " does not match " + w.dim(0) + " outputs");
    }
    int in = w.dim(1), outF = w.dim(0), rows = x.size() / in;
    float[] out = RecycledArrays.zeros(rows * outF);
    Kernels.matmulTransB(x.data(), 0, w.data(), 0, out, 0, rows, in, outF, false);
    if (bias != null) {
      Kernels.addRowVector(bias.data(), out, rows, outF);
    }
    int[] s = x.shape();
    s[s.length - 1] = outF;
    Node node = bias == null ? new LinearOp(x, w) : new LinearOp(x, w, bias);
    return Tensor.record(node, Tensor.of(out, s));
  }

  /** Y = X·Wᵀ + b; dX = dY·W, dW = dYᵀ·X, db = Σ_rows dY. */
  private static final class LinearOp extends Node {
    LinearOp(Tensor... in) {
      super(in);
    }

    @Override public String name() {
      return "linear";
    }

    @Override protected void backward(float[] dy) {
      Tensor x = inputs()[0], w = inputs()[1];
      int in = w.dim(1), outF = w.dim(0), rows = x.size() / in;
      if (x.requiresGrad()) {
        Kernels.matmul(dy, 0, w.data(), 0, x.gradBuffer(), 0, rows, outF, in, true);
      }
      if (w.requiresGrad()) {
        Kernels.matmulTransA(dy, 0, x.data(), 0, w.gradBuffer(), 0, outF, rows, in, true);
      }
      if (inputs().length > 2 && inputs()[2].requiresGrad()) {
        Kernels.sumRowsInto(dy, inputs()[2].gradBuffer(), rows, outF);
      }
    }
  }

  // ------------------------------------------------------------------ element-wise functions

  static Tensor tanh(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    Kernels.tanh(x, 0, y, 0, x.length);
    return Tensor.record(new TanhOp(a, y), Tensor.of(y, a.shape()));
  }

  /** y = tanh(x); dx = dy·(1 − y²). Saves y, not x: backward needs only the output. */
  private static final class TanhOp extends Node {
    private float[] y;

    TanhOp(Tensor a, float[] y) {
      super(a);
      this.y = y;
    }

    @Override public String name() {
      return "tanh";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * (1f - y[i] * y[i]);
      }
    }

    @Override protected void release() {
      y = null;
    }
  }

  static Tensor sigmoid(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    Kernels.sigmoid(x, 0, y, 0, x.length);
    return Tensor.record(new SigmoidOp(a, y), Tensor.of(y, a.shape()));
  }

  /**
   * y = σ(x); dx = dy·y·(1 − y). NOTE: backward reuses the saved output; recomputing it from
   * exp(−x) gives inf/inf = NaN once x < −88 in float32.
   */
  private static final class SigmoidOp extends Node {
    private float[] y;

    SigmoidOp(Tensor a, float[] y) {
      super(a);
      this.y = y;
    }

    @Override public String name() {
      return "sigmoid";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * y[i] * (1f - y[i]);
      }
    }

    @Override protected void release() {
      y = null;
    }
  }

  static Tensor relu(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = x[i] > 0f ? x[i] : 0f;
    }
    return Tensor.record(new ReluOp(a), Tensor.of(y, a.shape()));
  }

  /** y = max(0, x); dx = dy where x > 0. NOTE: at x = 0 the gradient is 0, as in PyTorch. */
  private static final class ReluOp extends Node {
    ReluOp(Tensor a) {
      super(a);
    }

    @Override public String name() {
      return "relu";
    }

    @Override protected void backward(float[] dy) {
      float[] x = inputs()[0].data(), g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        if (x[i] > 0f) {
          g[i] += dy[i];
        }
      }
    }
  }

  static Tensor exp(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) StrictMath.exp(x[i]);
    }
    return Tensor.record(new ExpOp(a, y), Tensor.of(y, a.shape()));
  }

  /** y = eˣ; dx = dy·y. */
  private static final class ExpOp extends Node {
    private float[] y;

    ExpOp(Tensor a, float[] y) {
      super(a);
      this.y = y;
    }

    @Override public String name() {
      return "exp";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * y[i];
      }
    }

    @Override protected void release() {
      y = null;
    }
  }

  static Tensor log(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = (float) StrictMath.log(x[i]);
    }
    return Tensor.record(new LogOp(a), Tensor.of(y, a.shape()));
  }

  /** y = ln x; dx = dy / x. */
  private static final class LogOp extends Node {
    LogOp(Tensor a) {
      super(a);
    }

    @Override public String name() {
      return "log";
    }

    @Override protected void backward(float[] dy) {
      float[] x = inputs()[0].data(), g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] / x[i];
      }
    }
  }

  static Tensor abs(Tensor a) {
    float[] x = a.data(), y = RecycledArrays.zeros(x.length);
    for (int i = 0; i < y.length; i++) {
      y[i] = Math.abs(x[i]);
    }
    return Tensor.record(new AbsOp(a), Tensor.of(y, a.shape()));
  }

  /** y = |x|; dx = dy·sign(x), with sign(0) = 0 as in PyTorch. */
  private static final class AbsOp extends Node {
    AbsOp(Tensor a) {
      super(a);
    }

    @Override public String name() {
      return "abs";
    }

    @Override protected void backward(float[] dy) {
      float[] x = inputs()[0].data(), g = inputs()[0].gradBuffer();
      for (int i = 0; i < dy.length; i++) {
        g[i] += dy[i] * Math.signum(x[i]);
      }
    }
  }

  // ------------------------------------------------------------------ softmax family

  static Tensor softmax(Tensor a) {
    int n = Shape.last(a.shape());
    float[] y = RecycledArrays.zeros(a.size());
    Kernels.softmaxRows(a.data(), y, a.size() / n, n);
    return Tensor.record(new SoftmaxOp(a, y), Tensor.of(y, a.shape()));
  }

  /** y = softmax(x) per row; dx = y ⊙ (dy − Σ_j dy_j·y_j). */
  private static final class SoftmaxOp extends Node {
    private float[] y;

    SoftmaxOp(Tensor a, float[] y) {
      super(a);
      this.y = y;
    }

    @Override public String name() {
      return "softmax";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0];
      int n = Shape.last(a.shape()), rows = a.size() / n;
      float[] g = a.gradBuffer();
      for (int r = 0; r < rows; r++) {
        int o = r * n;
        float dot = 0f;
        for (int j = 0; j < n; j++) {
          dot += dy[o + j] * y[o + j];
        }
        for (int j = 0; j < n; j++) {
          g[o + j] += y[o + j] * (dy[o + j] - dot);
        }
      }
    }

    @Override protected void release() {
      y = null;
    }
  }

  static Tensor logSoftmax(Tensor a) {
    int n = Shape.last(a.shape());
    float[] y = RecycledArrays.zeros(a.size());
    Kernels.logSoftmaxRows(a.data(), y, a.size() / n, n);
    return Tensor.record(new LogSoftmaxOp(a, y), Tensor.of(y, a.shape()));
  }

  /** y = x − logΣexp(x) per row; dx = dy − softmax(x)·Σ_j dy_j. */
  private static final class LogSoftmaxOp extends Node {
    private float[] y;

    LogSoftmaxOp(Tensor a, float[] y) {
      super(a);
      this.y = y;
    }

    @Override public String name() {
      return "log-softmax";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0];
      int n = Shape.last(a.shape()), rows = a.size() / n;
      float[] g = a.gradBuffer();
      for (int r = 0; r < rows; r++) {
        int o = r * n;
        float sum = 0f;
        for (int j = 0; j < n; j++) {
          sum += dy[o + j];
        }
        for (int j = 0; j < n; j++) {
          g[o + j] += dy[o + j] - (float) StrictMath.exp(y[o + j]) * sum;
        }
      }
    }

    @Override protected void release() {
      y = null;
    }
  }

  // ------------------------------------------------------------------ reductions

  static Tensor sum(Tensor a) {
    double s = 0;
    for (float v : a.data()) {
      s += v;
    }
    return Tensor.record(new SumOp(a), Tensor.scalar((float) s));
  }

  /** y = Σx; dx = dy everywhere. */
  private static final class SumOp extends Node {
    SumOp(Tensor a) {
      super(a);
    }

    @Override public String name() {
      return "sum";
    }

    @Override protected void backward(float[] dy) {
      float[] g = inputs()[0].gradBuffer();
      for (int i = 0; i < g.length; i++) {
        g[i] += dy[0];
      }
    }
  }

  static Tensor sumLast(Tensor a) {
    int n = Shape.last(a.shape()), rows = a.size() / n;
    float[] out = RecycledArrays.zeros(rows);
    float[] x = a.data();
    for (int r = 0; r < rows; r++) {
      float s = 0f;
      for (int j = 0; j < n; j++) {
        s += x[r * n + j];
      }
      out[r] = s;
    }
    return Tensor.record(new SumLastOp(a), Tensor.of(out, Arrays.copyOf(a.shape(), a.rank() - 1)));
  }

  /** y[r] = Σ_j x[r, j]; dx[r, j] = dy[r]. */
  private static final class SumLastOp extends Node {
    SumLastOp(Tensor a) {
      super(a);
    }

    @Override public String name() {
      return "sum-last";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0];
      int n = Shape.last(a.shape());
      float[] g = a.gradBuffer();
      for (int r = 0; r < dy.length; r++) {
        for (int j = 0; j < n; j++) {
          g[r * n + j] += dy[r];
        }
      }
    }
  }

  // ------------------------------------------------------------------ indexing and layout

  static Tensor embedding(Tensor indices, Tensor table) {
    if (table.rank() != 2) {
      throw new IllegalArgumentException("embedding: table must be [V, E], got " + Shape.toString(table.shape()));
    }
    int v = table.dim(0), e = table.dim(1);
    float[] idx = indices.data(), out = RecycledArrays.zeros(idx.length * e);
    for (int i = 0; i < idx.length; i++) {
      int row = (int) idx[i];
      if (row < 0 || row >= v || row != idx[i]) {
        throw new IllegalArgumentException("embedding: token id " + idx[i] + " outside the vocabulary [0, " + v + ")");
      }
      System.arraycopy(table.data(), row * e, out, i * e, e);
    }
    int[] s = Arrays.copyOf(indices.shape(), indices.rank() + 1);
    s[indices.rank()] = e;
    return Tensor.record(new EmbeddingOp(indices, table), Tensor.of(out, s));
  }

  /** y[i] = W[idx[i]]; dW[idx[i]] += dy[i]; indices get no gradient. */
  private static final class EmbeddingOp extends Node {
    EmbeddingOp(Tensor indices, Tensor table) {
      super(indices, table);
    }

    @Override public String name() {
      return "embedding";
    }

    @Override protected void backward(float[] dy) {
      Tensor indices = inputs()[0], table = inputs()[1];
      if (!table.requiresGrad()) {
        return;
      }
      int e = table.dim(1);
      float[] idx = indices.data(), g = table.gradBuffer();
      for (int i = 0; i < idx.length; i++) {
        Kernels.addInto(dy, i * e, g, (int) idx[i] * e, e);
      }
    }
  }

  static Tensor concatLast(Tensor[] parts) {
    if (parts.length == 0) {
      throw new IllegalArgumentException("concat: nothing to concatenate");
    }
    int[] s = parts[0].shape();
    int rows = parts[0].size() / Shape.last(s);
    int total = 0;
    for (Tensor p : parts) {
      int[] ps = p.shape();
      if (ps.length != s.length || p.size() / Shape.last(ps) != rows
          || !Arrays.equals(Arrays.copyOf(ps, ps.length - 1), Arrays.copyOf(s, s.length - 1))) {
        throw new IllegalArgumentException("concat: shape " + Shape.toString(ps) + " does not fit " + Shape.toString(s));
      }
      total += Shape.last(ps);
    }
    float[] out = RecycledArrays.zeros(rows * total);
    int col = 0;
    for (Tensor p : parts) {
      int w = Shape.last(p.shape());
      for (int r = 0; r < rows; r++) {
        System.arraycopy(p.data(), r * w, out, r * total + col, w);
      }
      col += w;
    }
    s[s.length - 1] = total;
    return Tensor.record(new ConcatLastOp(parts), Tensor.of(out, s));
  }

  /** y = [a | b | …] on the last dim; each input gets its own column block of dy. */
  private static final class ConcatLastOp extends Node {
    ConcatLastOp(Tensor[] parts) {
      super(parts);
    }

    @Override public String name() {
      return "concat";
    }

    @Override protected void backward(float[] dy) {
      int total = 0;
      for (Tensor p : inputs()) {
        total += Shape.last(p.shape());
      }
      int rows = dy.length / total;
      int col = 0;
      for (Tensor p : inputs()) {
        int w = Shape.last(p.shape());
        if (p.requiresGrad()) {
          float[] g = p.gradBuffer();
          for (int r = 0; r < rows; r++) {
            Kernels.addInto(dy, r * total + col, g, r * w, w);
          }
        }
        col += w;
      }
    }
  }

  static Tensor sliceLast(Tensor a, int from, int to) {
    int n = Shape.last(a.shape());
    if (from < 0 || to > n || from >= to) {
      throw new IllegalArgumentException("slice: [" + from + ", " + to + ") outside last dimension " + n);
    }
    int rows = a.size() / n, w = to - from;
    float[] out = RecycledArrays.zeros(rows * w);
    for (int r = 0; r < rows; r++) {
      System.arraycopy(a.data(), r * n + from, out, r * w, w);
    }
    int[] s = a.shape();
    s[s.length - 1] = w;
    return Tensor.record(new SliceLastOp(a, from, to), Tensor.of(out, s));
  }

  /** y = x[..., from:to]; dx[..., from:to] += dy. */
  private static final class SliceLastOp extends Node {
    private final int from;
    private final int to;

    SliceLastOp(Tensor a, int from, int to) {
      super(a);
      this.from = from;
      this.to = to;
    }

    @Override public String name() {
      return "slice";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0];
      int n = Shape.last(a.shape()), w = to - from, rows = dy.length / w;
      float[] g = a.gradBuffer();
      for (int r = 0; r < rows; r++) {
        Kernels.addInto(dy, r * w, g, r * n + from, w);
      }
    }
  }

  static Tensor step(Tensor a, int t) {
    if (a.rank() != 3 || t < 0 || t >= a.dim(1)) {
      throw new IllegalArgumentException("step: need [N, T, F] and 0 <= t < T, got " + Shape.toString(a.shape()) + " and t=" + t);
    }
    int n = a.dim(0), steps = a.dim(1), f = a.dim(2);
    float[] out = RecycledArrays.zeros(n * f);
    for (int b = 0; b < n; b++) {
      System.arraycopy(a.data(), (b * steps + t) * f, out, b * f, f);
    }
    return Tensor.record(new StepOp(a, t), Tensor.of(out, n, f));
  }

  /** y = x[:, t, :]; dx[:, t, :] += dy. */
  private static final class StepOp extends Node {
    private final int t;

    StepOp(Tensor a, int t) {
      super(a);
      this.t = t;
    }

    @Override public String name() {
      return "step";
    }

    @Override protected void backward(float[] dy) {
      Tensor a = inputs()[0];
      int n = a.dim(0), steps = a.dim(1), f = a.dim(2);
      float[] g = a.gradBuffer();
      for (int b = 0; b < n; b++) {
        Kernels.addInto(dy, b * f, g, (b * steps + t) * f, f);
      }
    }
  }

  static Tensor stackSteps(List<Tensor> steps) {
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("stack: no steps");
    }
    int[] s0 = steps.get(0).shape();
    if (s0.length != 2) {
      throw new IllegalArgumentException("stack: steps must be [N, F], got " + Shape.toString(s0));
    }
    int n = s0[0], f = s0[1], t = steps.size();
    float[] out = RecycledArrays.zeros(n * t * f);
    for (int i = 0; i < t; i++) {
      Tensor st = steps.get(i);
      if (!Arrays.equals(st.shape(), s0)) {
        throw new IllegalArgumentException("stack: step " + i + " has shape " + Shape.toString(st.shape()) + ", expected " + Shape.toString(s0));
      }
      for (int b = 0; b < n; b++) {
        System.arraycopy(st.data(), b * f, out, (b * t + i) * f, f);
      }
    }
    return Tensor.record(new StackStepsOp(steps.toArray(new Tensor[0])), Tensor.of(out, n, t, f));
  }

  /** y[:, i, :] = x_i; dx_i = dy[:, i, :]. */
  private static final class StackStepsOp extends Node {
    StackStepsOp(Tensor[] steps) {
      super(steps);
    }

    @Override public String name() {
      return "stack";
    }

    @Override protected void backward(float[] dy) {
      Tensor[] in = inputs();
      int t = in.length, n = in[0].dim(0), f = in[0].dim(1);
      for (int i = 0; i < t; i++) {
        if (in[i].requiresGrad()) {
          float[] g = in[i].gradBuffer();
          for (int b = 0; b < n; b++) {
            Kernels.addInto(dy, (b * t + i) * f, g, b * f, f);
          }
        }
      }
    }
  }
}
