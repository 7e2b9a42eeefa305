package io.recur.datasets.synthetic;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.Splits;
import io.recur.io.AtomicFiles;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Seed 001's DNA: sequences emitted by a two-state hidden Markov model, labelled per position
 * with the state that emitted each base. State H is GC-rich and L is AT-rich.
 *
 * <p>The seed notebook reads its data from an earlier notebook that is not part of the seed,
 * so the defaults are the textbook GC-rich/AT-rich example that such tutorials use (as in
 * Borodovsky and Ekisheva, "Problems and Solutions in Biological Sequence Analysis"): start
 * 0.5/0.5; H stays H with 0.5, L stays L with 0.6; H emits A, C, G, T with 0.2, 0.3, 0.3, 0.2
 * and L with 0.3, 0.2, 0.2, 0.3. Its states switch often, as in the seed's printed sequences.
 *
 * <p>Inputs are {@code [N, length]} token ids over {@code A, C, G, T} (ids 0..3); targets are
 * {@code [N, length]} state indices of the classes {@code ["H", "L"]}. Every sequence draws, per
 * step, its state and then its base from the data stream; the splits are cut after that with
 * the same stream.
 *
 * <p>Because the generating model is known, the dataset reports three baselines for every
 * split: {@code posterior-decoding-accuracy}, the fraction of positions where the HMM's own
 * posterior (forward–backward) decoding finds the true state, which is the best accuracy any
 * model can expect; {@code filtering-accuracy}, the same from the forward pass alone, the best
 * a model reading left to right (a unidirectional rnn) can expect; and {@code
 * majority-accuracy}, that of always answering the most frequent state of the training split.
 *
 * <p>{@code write_tsv} also writes every sequence, in generation order, as seed 001's TSV: a
 * header {@code dna<TAB>hidden_state} and one row per sequence, which the {@code tsv} dataset
 * reads back with {@code labels: per-position}.
 *
 * <pre>
 * data:
 *   type: hmm-dna
 *   samples: 100
 *   length: 500
 *   split: [1, 0, 1]
 * </pre>
 */
public final class HmmDnaDatasetFactory implements DatasetFactory {
  public static final String NAME = "hmm-dna";
  /** The TSV columns of seed 001. */
  public static final String DNA_COLUMN = "dna";
  public static final String STATE_COLUMN = "hidden_state";
  /** Baseline names, reported as {@code <split>.<name>}. */
  public static final String POSTERIOR_ACCURACY = "posterior-decoding-accuracy";
  public static final String FILTERING_ACCURACY = "filtering-accuracy";
  public static final String MAJORITY_ACCURACY = "majority-accuracy";

  static final List<String> BASES = List.of("A", "C", "G", "T");
  static final List<String> STATES = List.of("H", "L");

  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").range(1, SequencePairs.MAX_SAMPLES).byDefault(100)
      .doc("number of sequences generated");
  static final ParamSpec<Integer> LENGTH = ParamSpec.ofInt("length").min(1).byDefault(500)
      .doc("bases per sequence");
  static final ParamSpec<List<Double>> START = ParamSpec.ofDoubleList("start").byDefault(List.of(0.5, 0.5))
      .doc("probabilities of the first state being H, L");
  static final ParamSpec<List<Double>> TRANSITION_H = ParamSpec.ofDoubleList("transition_h")
      .byDefault(List.of(0.5, 0.5))
      .doc("probabilities of the state after H being H, L");
  static final ParamSpec<List<Double>> TRANSITION_L = ParamSpec.ofDoubleList("transition_l")
      .byDefault(List.of(0.4, 0.6))
      .doc("probabilities of the state after L being H, L");
  static final ParamSpec<List<Double>> EMISSION_H = ParamSpec.ofDoubleList("emission_h")
      .byDefault(List.of(0.2, 0.3, 0.3, 0.2))
      .doc("probabilities of state H (GC-rich) emitting A, C, G, T");
  static final ParamSpec<List<Double>> EMISSION_L = ParamSpec.ofDoubleList("emission_l")
      .byDefault(List.of(0.3, 0.2, 0.2, 0.3))
      .doc("probabilities of state L (AT-rich) emitting A, C, G, T");
  static final ParamSpec<List<Double>> SPLIT = Splits.RATIOS;
  static final ParamSpec<String> WRITE_TSV = ParamSpec.ofString("write_tsv").optional()
      .doc("also write the sequences as a TSV (dna, hidden_state) here, relative to the experiment file's folder");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "DNA from a two-state HMM (H GC-rich, L AT-rich), labelled per base with its state;"
        + " reports the HMM's own posterior-decoding accuracy as a baseline (seed 001)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SAMPLES, LENGTH, START, TRANSITION_H, TRANSITION_L, EMISSION_H, EMISSION_L, SPLIT, WRITE_TSV);
  }

  /** The HMM the parameters describe, each row checked to be a probability distribution. */
  static Hmm hmm(Params params) {
    double[] start = distribution(params.get(START), START.name(), STATES);
    double[][] transition = {
        distribution(params.get(TRANSITION_H), TRANSITION_H.name(), STATES),
        distribution(params.get(TRANSITION_L), TRANSITION_L.name(), STATES)};
    double[][] emission = {
        distribution(params.get(EMISSION_H), EMISSION_H.name(), BASES),
        distribution(params.get(EMISSION_L), EMISSION_L.name(), BASES)};
    return new Hmm(start, transition, emission);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    int samples = params.get(SAMPLES);
    int length = params.get(LENGTH);
    Hmm hmm = hmm(params);
    if ((long) samples * length > Integer.MAX_VALUE / 2) {
      throw new RecurException("dataset '" + NAME + "': " + samples + " × " + length + " bases are too many;"
          + " lower samples or length");
    }

    RandomGenerator random = context.random();
    int[][] states = new int[samples][length];
    int[][] bases = new int[samples][length];
    float[] ids = new float[samples * length];
    float[] labels = new float[samples * length];
    for (int i = 0; i < samples; i++) {
      hmm.sample(random, states[i], bases[i]);
      for (int t = 0; t < length; t++) {
        ids[i * length + t] = bases[i][t];
        labels[i * length + t] = states[i][t];
      }
    }
    String tsv = params.get(WRITE_TSV);
    if (tsv != null) {
      AtomicFiles.write(context.configDirectory().resolve(tsv).normalize(), tsv(bases, states));
    }

    Splits splits = Splits.shuffled(params.get(SPLIT), samples, random, "dataset '" + NAME + "'");
    Map<String, Split> parts = splits.apply(Tensor.of(ids, samples, length), Tensor.of(labels, samples, length), null);
    DataSchema schema = new DataSchema(new int[] {length}, BASES.size(), STATES,
        new TextCodec(TextCodec.CHAR, BASES, length));
    return new EncodedDataset(schema, parts, baselines(hmm, splits, parts.keySet(), bases, states));
  }

  /** Per split: the HMM's posterior-decoding and filtering accuracies, and the training majority state's accuracy. */
  private static Map<String, Double> baselines(Hmm hmm, Splits splits, Iterable<String> names, int[][] bases,
      int[][] states) {
    long[] counts = new long[STATES.size()];
    for (int i : splits.train()) {
      for (int s : states[i]) {
        counts[s]++;
      }
    }
    int majority = counts[1] > counts[0] ? 1 : 0;
    Map<String, Double> out = new LinkedHashMap<>();
    for (String name : names) {
      long decoded = 0;
      long filtered = 0;
      long constant = 0;
      long total = 0;
      for (int i : splits.indices(name)) {
        int[] path = hmm.decode(bases[i]);
        int[] online = hmm.decodeFiltered(bases[i]);
        for (int t = 0; t < path.length; t++) {
          decoded += path[t] == states[i][t] ? 1 : 0;
          filtered += online[t] == states[i][t] ? 1 : 0;
          constant += states[i][t] == majority ? 1 : 0;
        }
        total += path.length;
      }
      out.put(name + "." + POSTERIOR_ACCURACY, (double) decoded / total);
      out.put(name + "." + FILTERING_ACCURACY, (double) filtered / total);
      out.put(name + "." + MAJORITY_ACCURACY, (double) constant / total);
    }
    return out;
  }

  /** Seed 001's TSV: header {@code dna, hidden_state}, then one row per sequence. */
  static String tsv(int[][] bases, int[][] states) {
    StringBuilder b = new StringBuilder(DNA_COLUMN).append('\t').append(STATE_COLUMN).append('\n');
    for (int i = 0; i < bases.length; i++) {
      for (int x : bases[i]) {
        b.append(BASES.get(x));
      }
      b.append('\t');
      for (int s : states[i]) {
        b.append(STATES.get(s));
      }
      b.append('\n');
    }
    return b.toString();
  }

  private static double[] distribution(List<Double> values, String param, List<String> over) {
    String where = "dataset '" + NAME + "': " + param;
    if (values.size() != over.size()) {
      throw new RecurException(where + ": expected " + over.size() + " probabilities (" + String.join(", ", over)
          + "), got " + values.size() + " " + values);
    }
    double[] p = new double[values.size()];
    double sum = 0;
    for (int i = 0; i < p.length; i++) {
      Double v = values.get(i);
      if (v == null || !(v >= 0 && v <= 1)) {
        throw new RecurException(where + ": probabilities must lie in [0, 1], got " + values);
      }
      p[i] = v;
      sum += v;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      throw new RecurException(where + ": probabilities must add up to 1, got " + values + " (sum " + sum + ")");
    }
    return p;
  }
}
