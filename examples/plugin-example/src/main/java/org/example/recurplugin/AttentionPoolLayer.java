package org.example.recurplugin;

import io.recur.spi.ForwardContext;
import io.recur.spi.Initializer;
import io.recur.spi.Layer;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/** A built {@code attention-pool} layer; see {@link AttentionPoolLayerFactory} for the math. */
final class AttentionPoolLayer implements Layer {
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
