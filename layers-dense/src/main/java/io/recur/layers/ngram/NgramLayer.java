package io.recur.layers.ngram;

import static java.util.Objects.requireNonNull;

import io.recur.spi.FittedLayer;
import io.recur.spi.ForwardContext;
import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A built {@code ngram} layer: the character Markov model of seed 004 with add-k smoothing and
 * back-off (the equations, parameters and shapes are documented on {@link NgramLayerFactory}).
 * Fitted by counting ({@link FittedLayer}); carries its last {@code order} tokens from one
 * forward to the next when asked ({@link StatefulLayer}), which is how {@code recur generate}
 * samples it one token at a time. Not thread-safe, like every layer.
 */
public final class NgramLayer implements FittedLayer, StatefulLayer {
  /** The saved counts: {@code ngrams [M, order + 1]} and {@code counts [M]} (see {@link NgramTable#toTensors()}). */
  static final String NGRAMS = "ngrams";
  static final String COUNTS = "counts";
  /** The carried state: each row's last {@code order} tokens {@code [N, order]}, oldest first, −1 where none. */
  public static final String HISTORY = "history";

  private final String name;
  private final int steps;
  private final int vocabulary;
  private final int order;
  private final double k;
  private final boolean kneserNey;
  private final NgramTable table;
  /** Built from the counts on first use after they change; null until then. */
  private KneserNey smoothed;
  private Map<String, Tensor> finalStates = Map.of();
  private Tensor start;

  NgramLayer(String name, int steps, int vocabulary, int order, double k, boolean kneserNey) {
    this.name = requireNonNull(name, "name is null");
    this.steps = steps;
    this.vocabulary = vocabulary;
    this.order = order;
    this.k = k;
    this.kneserNey = kneserNey;
    this.table = new NgramTable(order, vocabulary);
  }

  /**
   * {@code [N, T]} token ids → {@code [N, T, V]} log-probabilities of the next token at every
   * position, from the longest context seen in training among the last {@code order} tokens (the
   * carried history first, then the row's own tokens). Padded positions (mask 0) get the uniform
   * distribution. No gradient: the counts are not trainable.
   */
  @Override
  public Tensor forward(Tensor input, ForwardContext context) {
    requireNonNull(input, "input is null");
    requireNonNull(context, "context is null");
    if (input.rank() != 2) {
      throw error("expected token ids [N, T], got shape " + Shape.toString(input.shape()));
    }
    int n = input.dim(0);
    int t = input.dim(1);
    int[] lengths = lengths(context.mask(), n, t);
    Tensor history = start;
    start = null;
    if (history != null && history.dim(0) != n) {
      throw error("the history to start from holds " + history.dim(0) + " rows, the batch " + n);
    }
    float[] out = new float[n * t * vocabulary];
    float uniform = (float) -StrictMath.log(vocabulary);
    float[] last = new float[n * order];
    double[] logp = new double[vocabulary];
    for (int row = 0; row < n; row++) {
      int[] seq = sequence(input, history, row, lengths[row]);
      int h = seq.length - lengths[row];
      for (int p = 0; p < t; p++) {
        int o = (row * t + p) * vocabulary;
        if (p >= lengths[row]) {
          Arrays.fill(out, o, o + vocabulary, uniform);
          continue;
        }
        distribution(seq, h + p, logp);
        for (int j = 0; j < vocabulary; j++) {
          out[o + j] = (float) logp[j];
        }
      }
      for (int j = 0; j < order; j++) {
        int at = seq.length - order + j;
        last[row * order + j] = at >= 0 ? seq[at] : -1f;
      }
    }
    finalStates = Map.of(HISTORY, Tensor.of(last, n, order));
    return Tensor.of(out, n, t, vocabulary);
  }

  /**
   * {@code log p(x | context)} for every x, the context being the last up to {@code order}
   * tokens of {@code seq} ending at {@code end}: with add-k, from the longest suffix that
   * training saw, {@code (c(ctx, x) + k) / (c(ctx) + k·V)} (the empty context, unigram, is always
   * seen); with Kneser–Ney, every suffix interpolated ({@link KneserNey}).
   */
  private void distribution(int[] seq, int end, double[] logp) {
    int m = Math.min(order, end + 1);
    long[] keys = new long[m + 1];
    long power = 1;
    for (int j = 1; j <= m; j++) {
      keys[j] = table.extend(keys[j - 1], seq[end - j + 1], power);
      power *= table.radix();
    }
    if (kneserNey) {
      if (smoothed == null) {
        smoothed = KneserNey.of(table, order, vocabulary);
      }
      smoothed.logDistribution(keys, m, logp);
      return;
    }
    int found = -1;
    for (int j = m; j >= 0 && found < 0; j--) {
      found = table.find(keys[j]);
    }
    long total = found < 0 ? 0 : table.total(found);
    double denominator = total + k * vocabulary;
    Arrays.fill(logp, StrictMath.log(k / denominator));
    if (found >= 0) {
      for (int p = table.from(found); p < table.to(found); p++) {
        logp[table.next(p)] = StrictMath.log((table.count(p) + k) / denominator);
      }
    }
  }

  /** The carried history of {@code row} (its real tokens) followed by the row's first {@code length} tokens. */
  private int[] sequence(Tensor input, Tensor history, int row, int length) {
    int h = 0;
    int[] prefix = new int[order];
    if (history != null) {
      float[] hd = history.data();
      for (int j = 0; j < order; j++) {
        float v = hd[row * order + j];
        if (v >= 0) {
          prefix[h++] = id(v, "history");
        }
      }
    }
    int[] seq = Arrays.copyOf(prefix, h + length);
    float[] x = input.data();
    int t = input.dim(1);
    for (int p = 0; p < length; p++) {
      seq[h + p] = id(x[row * t + p], "input");
    }
    return seq;
  }

  private int id(float v, String what) {
    if (v < 0 || v >= vocabulary || v != Math.rint(v)) {
      throw error(what + " holds " + v + ", not a token id in [0, " + vocabulary + ")");
    }
    return (int) v;
  }

  @Override
  public void resetFit() {
    table.clear();
    smoothed = null;
  }

  /**
   * Counts, at every real position p of every row, the next token {@code targets[p]} after each
   * context of 0 to {@code order} tokens ending at {@code inputs[p]} (shorter near the start of a
   * row, which has no history).
   */
  @Override
  public void fit(Tensor inputs, Tensor targets, Tensor mask) {
    if (inputs.rank() != 2 || !Arrays.equals(inputs.shape(), targets.shape())) {
      throw error("fits next-token targets of the input's shape [N, T]; got input " + Shape.toString(inputs.shape())
          + " and targets " + Shape.toString(targets.shape()));
    }
    int n = inputs.dim(0);
    int t = inputs.dim(1);
    int[] lengths = lengths(mask, n, t);
    float[] y = targets.data();
    smoothed = null;
    for (int row = 0; row < n; row++) {
      int[] seq = sequence(inputs, null, row, lengths[row]);
      for (int p = 0; p < lengths[row]; p++) {
        int next = id(y[row * t + p], "targets");
        long key = 0;
        long power = 1;
        table.add(key, next);
        for (int j = 1; j <= Math.min(order, p + 1); j++) {
          key = table.extend(key, seq[p - j + 1], power);
          power *= table.radix();
          table.add(key, next);
        }
      }
    }
  }

  @Override
  public Map<String, Tensor> fittedState() {
    Tensor[] t = table.toTensors();
    Map<String, Tensor> state = new LinkedHashMap<>();
    state.put(NGRAMS, t[0]);
    state.put(COUNTS, t[1]);
    return state;
  }

  @Override
  public void loadFittedState(Map<String, Tensor> state, String source) {
    String where = source + ": layer '" + name + "' (ngram)";
    for (String key : new String[] {NGRAMS, COUNTS}) {
      if (!state.containsKey(key)) {
        throw new RecurException(where + ": tensor '" + name + "." + key + "' is missing; the layer saves "
            + name + "." + NGRAMS + " and " + name + "." + COUNTS + ", the file has " + state.keySet());
      }
    }
    if (state.size() != 2) {
      throw new RecurException(where + ": unexpected tensors " + state.keySet() + "; the layer saves " + NGRAMS
          + " and " + COUNTS);
    }
    table.load(state.get(NGRAMS), state.get(COUNTS), where);
    smoothed = null;
  }

  /** Distinct (context, next) pairs counted so far. */
  public int size() {
    return table.size();
  }

  /** The history {@code [N, order]} after the most recent forward (each row's last {@code order} tokens). */
  @Override
  public Map<String, Tensor> finalStates() {
    return finalStates;
  }

  /** The next forward reads {@code history [N, order]} (token ids, −1 for none) before each row's tokens. */
  @Override
  public void startFrom(Map<String, Tensor> states) {
    if (states == null || states.isEmpty()) {
      start = null;
      return;
    }
    Tensor h = states.get(HISTORY);
    if (h == null || h.rank() != 2 || h.dim(1) != order) {
      throw error("the state to start from must be '" + HISTORY + "' [N, " + order + "], got " + states.keySet()
          + (h == null ? "" : " " + Shape.toString(h.shape())));
    }
    start = h;
  }

  @Override
  public Map<String, Tensor> parameters() {
    return Map.of();
  }

  @Override
  public int[] outputShape() {
    return new int[] {steps, vocabulary};
  }

  /** Each row's real steps, read from the mask (padding only at the end); all T without one. */
  private int[] lengths(Tensor mask, int n, int t) {
    int[] lengths = new int[n];
    if (mask == null) {
      Arrays.fill(lengths, t);
      return lengths;
    }
    if (mask.rank() != 2 || mask.dim(0) != n || mask.dim(1) != t) {
      throw error("mask expected [N, T] = [" + n + ", " + t + "], got " + Shape.toString(mask.shape()));
    }
    float[] m = mask.data();
    for (int row = 0; row < n; row++) {
      int length = 0;
      while (length < t && m[row * t + length] != 0f) {
        length++;
      }
      lengths[row] = length;
    }
    return lengths;
  }

  private RecurException error(String message) {
    return new RecurException("layer '" + name + "' (ngram): " + message);
  }

  @Override
  public String toString() {
    return "ngram(order=" + order + (kneserNey ? ", kneser-ney" : ", k=" + k) + ", vocabulary=" + vocabulary + ")";
  }
}
