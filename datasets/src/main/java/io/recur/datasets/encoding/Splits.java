package io.recur.datasets.encoding;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Which samples go to train, validation and test. Samples are shuffled with the data stream
 * (Fisher–Yates, {@code random.nextInt(i + 1)} from the last index down, so the same seed gives
 * the same split on every platform) and then cut by relative sizes: {@code [2, 1, 0]} of 480
 * samples gives 320 train, 160 val and no test, as EpyNN's {@code relative_size=(2, 1, 0)}.
 */
public final class Splits {
  /** The {@code split:} parameter every dataset declares; a missing entry counts as 0. */
  public static final ParamSpec<List<Double>> RATIOS = ratios(List.of(2.0, 1.0, 0.0))
      .doc("relative sizes of train, val and test, cut after a seeded shuffle");

  /**
   * A {@code split} parameter with the given default: 1 to 3 non-negative ratios, one of them
   * positive. {@code validate} checks it as {@code train} does ({@link #ratiosProblem}).
   */
  public static ParamSpec<List<Double>> ratios(List<Double> byDefault) {
    return ParamSpec.ofDoubleList("split").min(0).byDefault(byDefault).check(Splits::ratiosProblem);
  }

  /** What is wrong with split ratios, or null when they can split a dataset. */
  public static String ratiosProblem(List<Double> ratios) {
    if (ratios.isEmpty() || ratios.size() > 3) {
      return "split expects 1 to 3 numbers [train, val, test], got " + ratios;
    }
    double sum = 0;
    for (Double r : ratios) {
      if (r == null || !(r >= 0) || Double.isInfinite(r)) {
        return "split ratios must be non-negative numbers, got " + ratios;
      }
      sum += r;
    }
    if (!(sum > 0) || Double.isInfinite(sum)) {
      return "split needs at least one positive ratio, got " + ratios;
    }
    return null;
  }

  private static final List<String> NAMES = List.of(Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST);

  private final int[][] indices;

  private Splits(int[][] indices) {
    this.indices = indices;
  }

  /**
   * Shuffles {@code samples} indices with {@code random} and cuts them by {@code ratios}.
   *
   * @param where names the dataset in messages, e.g. {@code "dataset 'tsv' (data/dna.tsv)"}
   * @throws RecurException when the ratios are not 1 to 3 non-negative numbers with a positive
   *     sum, or when they leave the training split empty
   */
  public static Splits shuffled(List<Double> ratios, int samples, RandomGenerator random, String where) {
    return shuffled(ratios, samples, random, where, null);
  }

  /**
   * {@link #shuffled(List, int, RandomGenerator, String)} for data encoded with a saved model's
   * schema: with one ({@code savedSchema} non-null) the training split may be empty, since nothing
   * is fitted on it and {@code split: [0, 0, 1]} is how data meant only for evaluation says so.
   *
   * @param savedSchema {@code DataContext.savedSchema()}: null while training
   */
  public static Splits shuffled(List<Double> ratios, int samples, RandomGenerator random, String where,
      DataSchema savedSchema) {
    requireNonNull(random, "random is null");
    int[] sizes = sizes(ratios, samples, where, savedSchema);
    int[] order = new int[samples];
    for (int i = 0; i < samples; i++) {
      order[i] = i;
    }
    for (int i = samples - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    int[][] parts = new int[3][];
    int from = 0;
    for (int s = 0; s < 3; s++) {
      parts[s] = Arrays.copyOfRange(order, from, from + sizes[s]);
      from += sizes[s];
    }
    return new Splits(parts);
  }

  /**
   * A stratified split: each class's samples are shuffled and cut by {@code ratios} on their own
   * (so every split holds each class in about the same proportion, as scikit-learn's {@code
   * train_test_split(stratify=y)} aims for), then each split's samples are shuffled together so
   * no split is ordered by class. Classes are visited in index order and the stream is used in a
   * fixed order, so the same seed gives the same split on every platform. Per-class rounding
   * (see {@link #sizes}) can make the split sizes differ by a few samples from the ratios.
   *
   * @param labels the class index of every sample, 0 or more
   * @param where names the dataset in messages
   * @throws RecurException as {@link #shuffled} does for bad ratios or no samples
   */
  public static Splits stratified(List<Double> ratios, int[] labels, RandomGenerator random, String where) {
    return stratified(ratios, labels, random, where, null);
  }

  /**
   * {@link #stratified(List, int[], RandomGenerator, String)}, where a saved model's schema allows
   * an empty training split (see {@link #shuffled(List, int, RandomGenerator, String, DataSchema)}).
   */
  public static Splits stratified(List<Double> ratios, int[] labels, RandomGenerator random, String where,
      DataSchema savedSchema) {
    requireNonNull(labels, "labels is null");
    requireNonNull(random, "random is null");
    sizes(ratios, labels.length, where, savedSchema);
    int classes = 0;
    for (int label : labels) {
      if (label < 0) {
        throw new IllegalArgumentException("negative class index " + label);
      }
      classes = Math.max(classes, label + 1);
    }
    int[][] parts = new int[3][];
    int[] filled = new int[3];
    for (int s = 0; s < 3; s++) {
      parts[s] = new int[labels.length];
    }
    for (int c = 0; c < classes; c++) {
      int n = 0;
      int[] members = new int[labels.length];
      for (int i = 0; i < labels.length; i++) {
        if (labels[i] == c) {
          members[n++] = i;
        }
      }
      if (n == 0) {
        continue;
      }
      int[] order = Arrays.copyOf(members, n);
      shuffle(order, random);
      // a class of one or two samples may give none to train; the check is on the whole split below
      int[] sizes = cut(ratios, n);
      int from = 0;
      for (int s = 0; s < 3; s++) {
        System.arraycopy(order, from, parts[s], filled[s], sizes[s]);
        filled[s] += sizes[s];
        from += sizes[s];
      }
    }
    for (int s = 0; s < 3; s++) {
      parts[s] = Arrays.copyOf(parts[s], filled[s]);
      shuffle(parts[s], random);
    }
    if (parts[0].length == 0 && savedSchema == null) {
      throw new RecurException(where + ": split " + ratios + " of " + labels.length + " samples leaves the training"
          + " split empty; give train a larger share or add samples");
    }
    return new Splits(parts);
  }

  /** Fisher–Yates from the last index down with {@code random.nextInt(i + 1)}, as {@link #shuffled}. */
  private static void shuffle(int[] a, RandomGenerator random) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }

  /**
   * Sample counts for train, val and test. Each gets the floor of its exact share and the
   * samples left over go to the largest fractional parts (earlier splits first on ties), so the
   * counts always add up and a zero ratio always gives an empty split.
   *
   * @throws RecurException naming {@code where} when the ratios are not 1 to 3 non-negative
   *     numbers with a positive sum, when there are no samples, or when train would be empty
   */
  public static int[] sizes(List<Double> ratios, int samples, String where) {
    return sizes(ratios, samples, where, null);
  }

  /**
   * {@link #sizes(List, int, String)}, where a saved model's schema ({@code savedSchema} non-null)
   * allows an empty training split: data encoded with it is only evaluated.
   */
  public static int[] sizes(List<Double> ratios, int samples, String where, DataSchema savedSchema) {
    requireNonNull(ratios, "ratios is null");
    requireNonNull(where, "where is null");
    String problem = ratiosProblem(ratios);
    if (problem != null) {
      throw new RecurException(where + ": " + problem);
    }
    if (samples <= 0) {
      throw new RecurException(where + ": the dataset holds no samples");
    }
    int[] sizes = cut(ratios, samples);
    if (sizes[0] == 0 && savedSchema == null) {
      throw new RecurException(where + ": split " + ratios + " of " + samples + " samples leaves the training"
          + " split empty; give train a larger share or add samples");
    }
    return sizes;
  }

  /** The largest-remainder cut of {@link #sizes}, for ratios already checked. */
  private static int[] cut(List<Double> ratios, int samples) {
    double sum = 0;
    for (Double r : ratios) {
      sum += r;
    }
    int[] sizes = new int[3];
    double[] fraction = new double[3];
    int assigned = 0;
    for (int s = 0; s < ratios.size(); s++) {
      // multiply before dividing: 2 * 480 / 3 is exactly 320, 2 / 3 * 480 is not
      double exact = ratios.get(s) * samples / sum;
      sizes[s] = (int) Math.floor(exact);
      fraction[s] = ratios.get(s) > 0 ? exact - sizes[s] : -1;
      assigned += sizes[s];
    }
    for (int left = samples - assigned; left > 0; left--) {
      int best = 0;
      for (int s = 1; s < 3; s++) {
        if (fraction[s] > fraction[best]) {
          best = s;
        }
      }
      sizes[best]++;
      fraction[best] = -1;
    }
    return sizes;
  }

  /** The sample indices of {@code name} ({@link Dataset#TRAIN}, VALIDATION or TEST), in shuffled order. */
  public int[] indices(String name) {
    int s = NAMES.indexOf(name);
    if (s < 0) {
      throw new IllegalArgumentException("unknown split '" + name + "'; known: " + NAMES);
    }
    return indices[s].clone();
  }

  public int[] train() {
    return indices(Dataset.TRAIN);
  }

  /**
   * The non-empty splits, in the order train, val, test, each holding its rows of the given
   * tensors.
   *
   * @param mask {@code [N, T]}, or {@code null} when every sequence has full length
   */
  public Map<String, Split> apply(Tensor inputs, Tensor targets, Tensor mask) {
    requireNonNull(inputs, "inputs is null");
    requireNonNull(targets, "targets is null");
    Map<String, Split> out = new LinkedHashMap<>();
    for (int s = 0; s < 3; s++) {
      int[] idx = indices[s];
      if (idx.length > 0) {
        out.put(NAMES.get(s), new Split(inputs.gatherRows(idx), targets.gatherRows(idx),
            mask == null ? null : mask.gatherRows(idx)));
      }
    }
    return out;
  }
}
