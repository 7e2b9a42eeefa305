package io.recur.api;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The answer of a model for one item; which kind depends on the model's {@link ModelKind}.
 * Probabilities are floats as the model computed them; arrays handed out are copies.
 */
public sealed interface Prediction {
  /** A label (a class, a token) and its probability. */
  record Scored(String label, float probability) {
    public Scored {
      requireNonNull(label, "label is null");
    }
  }

  /**
   * A classifier's answer.
   *
   * @param input the item as given
   * @param classes the model's classes, in its order
   * @param probabilities one per class, in the same order
   */
  record Classification(String input, List<String> classes, float[] probabilities) implements Prediction {
    public Classification {
      classes = List.copyOf(classes);
      probabilities = probabilities.clone();
      if (probabilities.length != classes.size()) {
        throw new IllegalArgumentException(probabilities.length + " probabilities for " + classes.size() + " classes");
      }
    }

    @Override
    public float[] probabilities() {
      return probabilities.clone();
    }

    /** The index of the most probable class (the first of equals). */
    public int index() {
      return OutputDecoder.argmax(probabilities);
    }

    /** The most probable class. */
    public String label() {
      return classes.get(index());
    }

    /** The probability of {@link #label()}. */
    public float probability() {
      return probabilities[index()];
    }

    /** The {@code k} most probable classes, most probable first ({@code k} is capped at the class count). */
    public List<Scored> top(int k) {
      return Prediction.top(classes, probabilities, k);
    }
  }

  /**
   * A labeller's answer: the most probable class of every position of the item.
   *
   * @param probabilities {@code [positions][classes]}
   */
  record PositionLabels(String input, List<String> classes, List<String> labels, float[][] probabilities)
      implements Prediction {
    public PositionLabels {
      classes = List.copyOf(classes);
      labels = List.copyOf(labels);
      probabilities = deepCopy(probabilities);
    }

    @Override
    public float[][] probabilities() {
      return deepCopy(probabilities);
    }
  }

  /**
   * A language model's judgement of a line: how likely the line is, and what comes next.
   *
   * @param logLikelihood the natural log of the probability of the scored tokens: every token
   *     after the start symbol (or after the first token when the model has none), and the end
   *     symbol where the model's items have one
   * @param scoredTokens how many tokens the likelihood covers
   * @param vocabulary the model's tokens, in its order
   * @param next the probability of each token coming right after the line
   */
  record Likelihood(String input, double logLikelihood, int scoredTokens, List<String> vocabulary, float[] next)
      implements Prediction {
    public Likelihood {
      vocabulary = List.copyOf(vocabulary);
      next = next.clone();
    }

    @Override
    public float[] next() {
      return next.clone();
    }

    /** {@code −logLikelihood / (scoredTokens · ln 2)}: bits per scored character; NaN when none was scored. */
    public double bitsPerCharacter() {
      return scoredTokens == 0 ? Double.NaN : -logLikelihood / (scoredTokens * Math.log(2));
    }

    /** The {@code k} most probable next tokens, most probable first. */
    public List<Scored> top(int k) {
      return Prediction.top(vocabulary, next, k);
    }
  }

  /** An encoder–decoder's output text, read up to its end symbol. */
  record Transduction(String input, String output) implements Prediction {}

  /**
   * A real-valued model's outputs, in the units of its data (a normalised model's outputs are
   * turned back into original units).
   *
   * @param input the item's values as given ({@code steps × features})
   * @param output the outputs: one row per output step (a single row for a model that answers
   *     once per item), each of the output's features
   */
  record Values(float[] input, float[][] output) implements Prediction {
    public Values {
      input = input.clone();
      output = deepCopy(output);
    }

    @Override
    public float[] input() {
      return input.clone();
    }

    @Override
    public float[][] output() {
      return deepCopy(output);
    }
  }

  private static List<Scored> top(List<String> labels, float[] p, int k) {
    if (k < 1) {
      throw new IllegalArgumentException("k must be 1 or more, got " + k);
    }
    Integer[] order = new Integer[p.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    // stable: equal probabilities keep the model's order
    Arrays.sort(order, (a, b) -> Float.compare(p[b], p[a]));
    List<Scored> out = new ArrayList<>();
    for (int i = 0; i < Math.min(k, order.length); i++) {
      out.add(new Scored(labels.get(order[i]), p[order[i]]));
    }
    return List.copyOf(out);
  }

  private static float[][] deepCopy(float[][] a) {
    float[][] out = new float[a.length][];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i].clone();
    }
    return out;
  }
}
