package org.example.recurplugin;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.spi.OnnxExportable;
import io.recur.spi.OnnxGraph;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A built {@code attention-pool} layer; see {@link AttentionPoolLayerFactory} for the math. It
 * exports itself to ONNX ({@code recur export --format onnx}) through {@link OnnxExportable}.
 */
final class AttentionPoolLayer implements Layer, OnnxExportable {
  /**
   * Added to the scores of padded steps. NOTE: softmax subtracts the row maximum first, so these
   * become exp(-1e9) = 0 exactly: padded steps get no weight and no gradient, and a row with no
   * real step at all still gives finite (uniform) weights rather than NaN.
   */
  private static final float PADDING_SCORE = -1e9f;

  private final int steps;
  private final int features;
  private final int hidden;
  private final Tensor weight;
  private final Tensor bias;
  private final Tensor scoreWeight;
  private final Map<String, Tensor> parameters;
  /** [F, 1] of ones: x·onesᵀ copies a [.., 1] column into [.., F], a broadcast made of linear. */
  private final Tensor expand;

  AttentionPoolLayer(int steps, int features, int hidden, Initializer init, RandomGenerator random) {
    this.steps = steps;
    this.features = features;
    this.hidden = hidden;
    Map<String, Tensor> p = new LinkedHashMap<>();
    if (hidden == 0) {
      weight = Tensor.parameter(1, features);
      init.initialize(weight, features, 1, random);
      bias = null;
      scoreWeight = null;
      p.put("weight", weight);
    } else {
      weight = Tensor.parameter(hidden, features);
      bias = Tensor.parameter(hidden);
      scoreWeight = Tensor.parameter(1, hidden);
      init.initialize(weight, features, hidden, random);
      init.initialize(bias, features, hidden, random);
      init.initialize(scoreWeight, hidden, 1, random);
      p.put("weight", weight);
      p.put("bias", bias);
      p.put("score_weight", scoreWeight);
    }
    parameters = Collections.unmodifiableMap(p);
    float[] ones = new float[features];
    Arrays.fill(ones, 1f);
    expand = Tensor.of(ones, features, 1);
  }

  @Override
  public Tensor forward(Tensor x, ForwardContext context) {
    int n = x.dim(0);
    Tensor scores = hidden == 0 ? x.linear(weight, null) : x.linear(weight, bias).tanh().linear(scoreWeight, null);
    scores = scores.reshape(n, steps);
    Tensor mask = context.mask();
    if (mask != null) {
      float[] m = mask.data();
      float[] shift = new float[m.length];
      for (int i = 0; i < m.length; i++) {
        shift[i] = m[i] == 0f ? PADDING_SCORE : 0f;
      }
      scores = scores.add(Tensor.of(shift, n, steps));
    }
    Tensor alpha = scores.softmax().reshape(n, steps, 1).linear(expand, null);
    Tensor weighted = x.mul(alpha);
    Tensor pooled = weighted.step(0);
    for (int t = 1; t < steps; t++) {
      pooled = pooled.add(weighted.step(t));
    }
    return pooled;
  }

  /**
   * The forward above as ONNX operators, on {@code x} of {@code [N, T, F]}:
   *
   * <pre>
   *   scores  MatMul by wᵀ [F, 1]                  (hidden = 0)
   *           MatMul by Wᵀ, Add b, Tanh, MatMul by vᵀ  (hidden > 0)   → [N, T, 1] → Reshape [N, T]
   *   mask    Less(positions [1, T], lengths [N, 1]) → Where(mask, 0, -1e9), Add: as forward's shift
   *   α       Softmax over the last axis (time)    → Reshape [N, T, 1]
   *   y       Mul by x, ReduceSum over time        → [N, F]
   * </pre>
   *
   * The mask is built from {@code lengths} even for an unpadded batch, where forward gets no mask:
   * every step is then real and the shift is 0, the same numbers.
   */
  @Override
  public String exportOnnx(OnnxGraph g, String x) {
    String scores;
    if (hidden == 0) {
      // [1, F] is already wᵀ's numbers in row-major order: only the shape changes
      scores = g.node("MatMul", List.of(x, g.initializer("weight_t", Tensor.of(weight.data(), features, 1))), Map.of());
    } else {
      String h = g.node("MatMul", List.of(x, g.initializer("weight_t", transpose(weight))), Map.of());
      h = g.node("Tanh", List.of(g.node("Add", List.of(h, g.initializer("bias", bias)), Map.of())), Map.of());
      scores = g.node("MatMul", List.of(h, g.initializer("score_weight_t", Tensor.of(scoreWeight.data(), hidden, 1))),
          Map.of());
    }
    scores = g.node("Reshape", List.of(scores, g.initializerInts("scores_shape", new long[] {0, steps})), Map.of());

    long[] positions = new long[steps];
    Arrays.setAll(positions, t -> t);
    String lengths = g.node("Cast", List.of(g.lengths()), Map.of("to", 7L)); // 7: int64, the positions' type
    lengths = g.node("Reshape", List.of(lengths, g.initializerInts("lengths_shape", new long[] {-1, 1})), Map.of());
    String real = g.node("Less", List.of(g.initializerInts("positions", positions, 1, steps), lengths), Map.of());
    String shift = g.node("Where", List.of(real, g.initializer("real_shift", Tensor.of(new float[] {0f}, 1)),
        g.initializer("padding_shift", Tensor.of(new float[] {PADDING_SCORE}, 1))), Map.of());
    scores = g.node("Add", List.of(scores, shift), Map.of());

    String alpha = g.node("Softmax", List.of(scores), Map.of("axis", -1L));
    alpha = g.node("Reshape", List.of(alpha, g.initializerInts("alpha_shape", new long[] {0, steps, 1})), Map.of());
    String weighted = g.node("Mul", List.of(x, alpha), Map.of());
    return g.node("ReduceSum", List.of(weighted, g.initializerInts("time_axis", new long[] {1})),
        Map.of("keepdims", 0L));
  }

  /** {@code [H, F] → [F, H]}: MatMul multiplies by its second operand as given. */
  private static Tensor transpose(Tensor w) {
    int rows = w.dim(0);
    int cols = w.dim(1);
    float[] t = new float[rows * cols];
    for (int r = 0; r < rows; r++) {
      for (int c = 0; c < cols; c++) {
        t[c * rows + r] = w.data()[r * cols + c];
      }
    }
    return Tensor.of(t, cols, rows);
  }

  @Override
  public Map<String, Tensor> parameters() {
    return parameters;
  }

  @Override
  public int[] outputShape() {
    return new int[] {features};
  }

  @Override
  public String toString() {
    return "attention-pool(" + steps + "×" + features + (hidden > 0 ? ", hidden=" + hidden : "") + ")";
  }
}
