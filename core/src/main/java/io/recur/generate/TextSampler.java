package io.recur.generate;

import static java.util.Objects.requireNonNull;

import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.spi.OutputKind;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Samples text from a character (or word) language model, token by token (seeds 002 and 004):
 * the model reads the start symbol (when its data has one) and the prime, then each drawn token,
 * and every draw comes from the {@code sampling} stream of the given seed, so the same seed gives
 * the same text. A model made of recurrent layers, n-grams and position-wise layers carries its
 * state from step to step and computes each token once; any other causal model runs the whole
 * sequence again at every step.
 *
 * <p>Sampling stops after {@code length} tokens, or when the model draws its end symbol (line
 * corpora: a dinosaur name ends with {@code \n}), which is not part of the text. Samples are
 * drawn one after another from one stream, so sample i is the same whatever {@code count}.
 */
public final class TextSampler {
  /**
   * What to sample.
   *
   * @param prime text the samples start with (part of each sample); empty for none
   * @param length the most tokens to draw per sample
   * @param temperature divides the log-probabilities before sampling: below 1 sharper, above 1
   *     flatter, 0 always the most likely token
   * @param topK draw only among the k most likely tokens; 0 for all
   * @param count how many samples
   * @param seed the seed of the sampling stream
   */
  public record Options(String prime, int length, double temperature, int topK, int count, long seed) {
    public Options {
      requireNonNull(prime, "prime is null");
      if (length < 0) {
        throw new RecurException("--length must be 0 or more, got " + length);
      }
      if (!(temperature >= 0) || Double.isInfinite(temperature)) {
        throw new RecurException("--temperature must be a number >= 0 (0: always the most likely token), got "
            + temperature);
      }
      if (topK < 0) {
        throw new RecurException("--top-k must be 0 (every token) or more, got " + topK);
      }
      if (count < 1) {
        throw new RecurException("--count must be 1 or more, got " + count);
      }
    }
  }

  private final Model model;
  private final TextCodec codec;
  private final boolean probabilities;
  private final Stepper stepper;

  /**
   * @param outputKind what the model outputs, as its loss declares: logits and log-probabilities
   *     go through a log-softmax; otherwise rows of values in [0, 1] summing to 1 are taken as
   *     probabilities
   */
  public TextSampler(Model model, TextCodec codec, OutputKind outputKind) {
    this.model = requireNonNull(model, "model is null");
    this.codec = requireNonNull(codec, "codec is null");
    this.probabilities = outputKind != OutputKind.LOGITS && outputKind != OutputKind.LOG_PROBABILITIES;
    this.stepper = Stepper.of(model);
  }

  /** True when the sampler carries the model's state from step to step rather than running the whole sequence. */
  public boolean carriesState() {
    return stepper instanceof Stepper.Carrying;
  }

  /**
   * Receives samples as they are drawn, a piece at a time, so a sample of a billion tokens never
   * has to be held in memory.
   */
  public interface Sink {
    /** Sample {@code index} (from 0) starts; its first piece is the prime (possibly empty). */
    void start(int index);

    /** The next piece of text of the current sample. */
    void text(String piece);

    /** Sample {@code index} is complete. */
    void end(int index);
  }

  /**
   * The samples, each the prime followed by the drawn text.
   *
   * @throws RecurException when the prime holds a token outside the vocabulary, or the model has
   *     no start symbol and no prime to start from
   */
  public List<String> sample(Options options) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    sample(options, new Sink() {
      @Override public void start(int index) {
        current.setLength(0);
      }

      @Override public void text(String piece) {
        current.append(piece);
      }

      @Override public void end(int index) {
        out.add(current.toString());
      }
    });
    return out;
  }

  /**
   * Draws the samples into {@code sink} as they come: the same text as {@link #sample(Options)},
   * token by token.
   *
   * @throws RecurException as {@link #sample(Options)}
   */
  public void sample(Options options, Sink sink) {
    int[] prime = codec.ids(options.prime(), "--prime");
    int[] first = firstInput(prime);
    RandomGenerator random = RandomStreams.fresh(options.seed(), RandomStreams.SAMPLING);
    int end = codec.endId();
    // decode() joins words with single spaces: the first drawn word follows the prime directly
    String separator = TextCodec.WHITESPACE.equals(codec.tokenizer()) ? " " : "";
    for (int s = 0; s < options.count(); s++) {
      stepper.reset();
      float[] row = stepper.feed(first);
      checkWidth(row);
      sink.start(s);
      sink.text(options.prime());
      for (int i = 0; i < options.length(); i++) {
        double[] p = Distribution.probabilities(logProbabilities(row), options.temperature(), options.topK());
        int token = Distribution.draw(p, random);
        if (token == end) {
          break;
        }
        sink.text((i > 0 ? separator : "") + codec.token(token));
        if (i + 1 < options.length()) {
          row = stepper.feed(new int[] {token});
        }
      }
      sink.end(s);
    }
  }

  /**
   * What the model reads before its first draw: the start symbol, then the prime. Without a start
   * symbol (a corpus), a line break stands in for it when the vocabulary has one: the text after
   * it starts a line, as after the end of a paragraph.
   */
  private int[] firstInput(int[] prime) {
    int start = codec.startId();
    if (start < 0 && prime.length == 0) {
      start = codec.id("\n");
      if (start < 0) {
        throw new RecurException("--prime: this model's data has no start symbol and no line break to start from;"
            + " give a prime text to start from");
      }
    }
    int offset = start < 0 ? 0 : 1;
    int[] first = new int[prime.length + offset];
    if (offset == 1) {
      first[0] = start;
    }
    System.arraycopy(prime, 0, first, offset, prime.length);
    return first;
  }

  private double[] logProbabilities(float[] row) {
    boolean p = probabilities && looksLikeProbabilities(row);
    return Distribution.logProbabilities(row, p);
  }

  private static boolean looksLikeProbabilities(float[] row) {
    double sum = 0;
    for (float v : row) {
      if (v < 0 || v > 1) {
        return false;
      }
      sum += v;
    }
    return Math.abs(sum - 1) < 1e-3;
  }

  private void checkWidth(float[] row) {
    if (row.length != codec.vocabulary().size()) {
      throw new RecurException("the model outputs " + row.length + " values per step, but its vocabulary has "
          + codec.vocabulary().size() + " tokens; it is not a language model over its input text (" + model + ")");
    }
  }
}
