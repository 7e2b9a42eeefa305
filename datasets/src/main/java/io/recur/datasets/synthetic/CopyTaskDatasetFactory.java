package io.recur.datasets.synthetic;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.encoding.Splits;
import io.recur.spi.DataContext;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Seed 004's copy task (type {@code copy}) and its reversed variant (type {@code reverse}): random
 * sequences over the first {@code alphabet_size} letters {@code a, b, c, …}, and as target the same
 * sequence, or reversed.
 *
 * <p>With {@code min_length} = {@code max_length} = L (default 10) every sequence has length L:
 * the vocabulary is the letters (ids 0 … A−1), inputs and targets are {@code [N, L]}, no mask, no
 * special symbols. With {@code min_length} &lt; {@code max_length} each length is drawn uniformly
 * from that range (seed: 3 to 14): the vocabulary is {@code <end>} (id 0) then the letters (ids 1
 * … A), inputs and targets are {@code [N, max_length + 1]}, each sequence followed by {@code <end>}
 * and padded with it, and the mask {@code [N, max_length + 1]} covers the target symbols and the
 * first {@code <end>}. See {@link SequencePairs} for the layout an encoder–decoder reads. For every
 * sample the data stream draws its length (variable only) and then its symbols, left to right.
 *
 * <pre>
 * data:
 *   type: reverse
 *   min_length: 3
 *   max_length: 14
 * </pre>
 */
public final class CopyTaskDatasetFactory implements DatasetFactory {
  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").range(1, SequencePairs.MAX_SAMPLES).byDefault(1000)
      .doc("number of sequences generated");
  static final ParamSpec<Integer> ALPHABET_SIZE = ParamSpec.ofInt("alphabet_size").range(1, 26).byDefault(3)
      .doc("symbols: the first letters of a..z");
  static final ParamSpec<Integer> MIN_LENGTH = ParamSpec.ofInt("min_length").min(1).byDefault(10)
      .doc("shortest sequence; below max_length, sequences end with <end> and are padded and masked");
  static final ParamSpec<Integer> MAX_LENGTH = ParamSpec.ofInt("max_length").min(1).byDefault(10)
      .doc("longest sequence");
  static final ParamSpec<List<Double>> SPLIT = Splits.ratios(List.of(8.0, 1.0, 1.0))
      .doc("relative sizes of train, val and test, cut after a seeded shuffle");

  private final String name;
  private final boolean reversed;

  private CopyTaskDatasetFactory(String name, boolean reversed) {
    this.name = requireNonNull(name, "name is null");
    this.reversed = reversed;
  }

  /** Type {@code copy}: the target is the input. */
  public static CopyTaskDatasetFactory copy() {
    return new CopyTaskDatasetFactory("copy", false);
  }

  /** Type {@code reverse}: the target is the input reversed. */
  public static CopyTaskDatasetFactory reverse() {
    return new CopyTaskDatasetFactory("reverse", true);
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String doc() {
    return "random letter sequences whose target is the sequence " + (reversed ? "reversed" : "itself")
        + " (seed 004 encoder-decoder task); variable lengths end with <end>, padded and masked";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SAMPLES, ALPHABET_SIZE, MIN_LENGTH, MAX_LENGTH, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    String who = "dataset '" + name + "'";
    int min = params.get(MIN_LENGTH);
    int max = params.get(MAX_LENGTH);
    if (min > max) {
      throw new RecurException(who + ": min_length " + min + " is above max_length " + max
          + "; set min_length <= max_length (equal for fixed length)");
    }
    int alphabet = params.get(ALPHABET_SIZE);
    boolean variable = min < max;
    int first = variable ? 1 : 0;
    List<String> vocabulary = new ArrayList<>();
    if (variable) {
      vocabulary.add(SequencePairs.END);
    }
    for (int a = 0; a < alphabet; a++) {
      vocabulary.add(String.valueOf((char) ('a' + a)));
    }

    int samples = params.get(SAMPLES);
    RandomGenerator random = context.random();
    int[][] sources = new int[samples][];
    int[][] targets = new int[samples][];
    for (int i = 0; i < samples; i++) {
      int length = variable ? min + random.nextInt(max - min + 1) : max;
      int[] s = new int[length];
      for (int t = 0; t < length; t++) {
        s[t] = first + random.nextInt(alphabet);
      }
      int[] target = new int[length];
      for (int t = 0; t < length; t++) {
        target[t] = reversed ? s[length - 1 - t] : s[t];
      }
      sources[i] = s;
      targets[i] = target;
    }
    int steps = variable ? max + 1 : max;
    return SequencePairs.dataset(sources, targets, steps, steps, variable,
        SequencePairs.codec(vocabulary, steps, variable, false), SequencePairs.codec(vocabulary, steps, variable, true),
        params.get(SPLIT), random, who);
  }
}
