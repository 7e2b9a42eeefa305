package io.recur.datasets.synthetic;

import static java.util.Objects.requireNonNull;

import java.util.Arrays;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * A discrete hidden Markov model with K states and M symbols: it samples state and symbol
 * sequences and decodes symbol sequences by their posterior state probabilities
 * (forward–backward).
 *
 * <pre>
 *   P(s_0 = k)             = start[k]
 *   P(s_t = k | s_t-1 = j) = transition[j][k]
 *   P(x_t = m | s_t = k)   = emission[k][m]
 * </pre>
 *
 * <p>Forward–backward runs in double precision with per-step scaling (Rabiner 1989, section
 * V.A): every forward vector is normalised to sum 1 and the backward vectors share its scale
 * factors, so a sequence of any length neither underflows nor needs logarithms, and the
 * posteriors come out as products of the two. Immutable and thread-safe.
 */
final class Hmm {
  private final double[] start;
  private final double[][] transition;
  private final double[][] emission;

  /**
   * Rows are taken as given (the caller checks that they are distributions); arrays are copied.
   *
   * @param start {@code [K]}
   * @param transition {@code [K][K]}, row j the distribution of the state after j
   * @param emission {@code [K][M]}, row k the distribution of the symbol in state k
   */
  Hmm(double[] start, double[][] transition, double[][] emission) {
    this.start = requireNonNull(start, "start is null").clone();
    this.transition = copy(requireNonNull(transition, "transition is null"));
    this.emission = copy(requireNonNull(emission, "emission is null"));
    int k = start.length;
    if (k == 0 || transition.length != k || emission.length != k) {
      throw new IllegalArgumentException("start, transition and emission must all have K > 0 rows, got "
          + k + ", " + transition.length + ", " + emission.length);
    }
    for (int j = 0; j < k; j++) {
      if (transition[j].length != k || emission[j].length != emission[0].length || emission[j].length == 0) {
        throw new IllegalArgumentException("transition must be [K][K] and emission [K][M] with M > 0");
      }
    }
  }

  int states() {
    return start.length;
  }

  int symbols() {
    return emission[0].length;
  }

  /**
   * Fills {@code states} and {@code symbols} (of equal length T) with one sampled sequence. Per
   * step it draws the state, then the symbol, each with one {@code random.nextDouble()}.
   */
  void sample(RandomGenerator random, int[] states, int[] symbols) {
    if (states.length != symbols.length) {
      throw new IllegalArgumentException("states and symbols must have one length, got " + states.length
          + " and " + symbols.length);
    }
    for (int t = 0; t < states.length; t++) {
      int s = draw(t == 0 ? start : transition[states[t - 1]], random.nextDouble());
      states[t] = s;
      symbols[t] = draw(emission[s], random.nextDouble());
    }
  }

  /** The first index whose cumulative probability exceeds {@code u}; the last one if rounding leaves u beyond the sum. */
  private static int draw(double[] p, double u) {
    double cumulative = 0;
    for (int i = 0; i < p.length - 1; i++) {
      cumulative += p[i];
      if (u < cumulative) {
        return i;
      }
    }
    return p.length - 1;
  }

  /**
   * P(s_t = k | x_0 … x_T-1) for every step, {@code [T][K]}: the smoothed (forward–backward)
   * posteriors.
   *
   * @throws IllegalArgumentException when a symbol is out of range or the sequence has
   *     probability 0 under the model
   */
  double[][] posteriors(int[] symbols) {
    int steps = symbols.length;
    int k = states();
    double[][] alpha = new double[steps][k];
    double[] scale = new double[steps];
    forward(symbols, alpha, scale);
    double[][] gamma = new double[steps][k];
    double[] beta = new double[k];
    double[] next = new double[k];
    Arrays.fill(beta, 1.0);
    for (int t = steps - 1; t >= 0; t--) {
      if (t < steps - 1) {
        int x = symbols[t + 1];
        for (int j = 0; j < k; j++) {
          double b = 0;
          for (int s = 0; s < k; s++) {
            b += transition[j][s] * emission[s][x] * next[s];
          }
          beta[j] = b / scale[t + 1];
        }
      }
      double sum = 0;
      for (int s = 0; s < k; s++) {
        gamma[t][s] = alpha[t][s] * beta[s];
        sum += gamma[t][s];
      }
      // the product already sums to 1 up to rounding; renormalise so ties compare exactly
      for (int s = 0; s < k; s++) {
        gamma[t][s] /= sum;
      }
      System.arraycopy(beta, 0, next, 0, k);
    }
    return gamma;
  }

  /**
   * P(s_t = k | x_0 … x_t) for every step, {@code [T][K]}: the filtered distributions, all a
   * model reading left to right can know at step t.
   *
   * @throws IllegalArgumentException as {@link #posteriors}
   */
  double[][] filtered(int[] symbols) {
    double[][] alpha = new double[symbols.length][states()];
    forward(symbols, alpha, new double[symbols.length]);
    return alpha;
  }

  /**
   * The scaled forward pass: {@code alpha[t]} becomes P(s_t | x_0 … x_t) and {@code scale[t]}
   * P(x_t | x_0 … x_t-1).
   */
  private void forward(int[] symbols, double[][] alpha, double[] scale) {
    int k = states();
    for (int t = 0; t < symbols.length; t++) {
      int x = symbol(symbols, t);
      double sum = 0;
      for (int s = 0; s < k; s++) {
        double prior;
        if (t == 0) {
          prior = start[s];
        } else {
          prior = 0;
          for (int j = 0; j < k; j++) {
            prior += alpha[t - 1][j] * transition[j][s];
          }
        }
        alpha[t][s] = prior * emission[s][x];
        sum += alpha[t][s];
      }
      if (!(sum > 0)) {
        throw new IllegalArgumentException("the sequence has probability 0 under the model (at step " + t + ")");
      }
      scale[t] = sum;
      for (int s = 0; s < k; s++) {
        alpha[t][s] /= sum;
      }
    }
  }

  /** The most probable state at every step on its own (posterior decoding), the first state on ties. */
  int[] decode(int[] symbols) {
    return argmax(posteriors(symbols));
  }

  /** The most probable state at every step given the symbols up to it, the first state on ties. */
  int[] decodeFiltered(int[] symbols) {
    return argmax(filtered(symbols));
  }

  private static int[] argmax(double[][] p) {
    int[] out = new int[p.length];
    for (int t = 0; t < out.length; t++) {
      int best = 0;
      for (int s = 1; s < p[t].length; s++) {
        if (p[t][s] > p[t][best]) {
          best = s;
        }
      }
      out[t] = best;
    }
    return out;
  }

  private int symbol(int[] symbols, int t) {
    int x = symbols[t];
    if (x < 0 || x >= symbols()) {
      throw new IllegalArgumentException("symbol " + x + " at step " + t + " is outside [0, " + symbols() + ")");
    }
    return x;
  }

  private static double[][] copy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = requireNonNull(rows[i], "row " + i + " is null").clone();
    }
    return out;
  }
}
