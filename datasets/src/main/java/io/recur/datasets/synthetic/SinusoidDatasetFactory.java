package io.recur.datasets.synthetic;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.encoding.Splits;
import io.recur.datasets.named.DataSources;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * Sums of sinusoids, type {@code sinusoid}: seed 004's {@code generate_sin}. Sequence n is
 * <pre>
 *   s_n(t) = Σ_k w_k · sin(2π · f_k · t · Δ + φ_{n,k}) + ε_{n,t},   t = 0 … steps − 1
 * </pre>
 * with frequencies f_k ({@code frequencies}, cycles per unit time), weights w_k ({@code weights},
 * default 1/K each), Δ = {@code sample_frequency} (the seed's name for the time between two
 * steps), phases φ drawn uniformly from [0, 2π) for every sequence and frequency as the seed does
 * (or fixed by {@code phase}), and ε Gaussian noise of standard deviation {@code noise} (the seed
 * declares {@code noise_level} but never applies it; here it is applied, default 0).
 *
 * <p>Next-step targets: inputs are s(0 … T−1), targets s(1 … T), with T = steps − 1. Shapes:
 * inputs {@code [N, T, 1]}, targets {@code [N, T, 1]}, no mask, no normalisation (values lie in
 * [−Σ|w|, Σ|w|]). The data stream is drawn per sequence: its K phases, then its noise step by
 * step; then the seeded shuffle of {@link Splits}.
 *
 * <p>Baseline: {@code <split>.last-value-mse}, the mean squared error of predicting that the
 * next value equals the current one.
 *
 * <pre>
 * data:
 *   type: sinusoid
 *   frequencies: [1.0, 0.5]
 *   steps: 100
 * </pre>
 */
public final class SinusoidDatasetFactory implements DatasetFactory {
  public static final String NAME = "sinusoid";

  static final ParamSpec<Integer> SAMPLES = ParamSpec.ofInt("samples").range(1, SequencePairs.MAX_SAMPLES).byDefault(1000)
      .doc("number of sequences generated");
  static final ParamSpec<Integer> STEPS = ParamSpec.ofInt("steps").min(2).byDefault(100)
      .doc("values per generated sequence; inputs and targets have steps - 1 (the seed's n_time_steps)");
  static final ParamSpec<List<Double>> FREQUENCIES = ParamSpec.ofDoubleList("frequencies").byDefault(List.of(1.0))
      .doc("frequency of each sinusoid in cycles per unit time (the seed's sin_frequencies)");
  static final ParamSpec<List<Double>> WEIGHTS = ParamSpec.ofDoubleList("weights").optional()
      .doc("amplitude of each sinusoid; default 1/K each for K frequencies");
  static final ParamSpec<List<Double>> PHASE = ParamSpec.ofDoubleList("phase").optional()
      .doc("phase of each sinusoid in radians, the same for every sequence; default drawn uniformly from [0, 2π)"
          + " per sequence");
  static final ParamSpec<Double> NOISE = ParamSpec.ofDouble("noise").min(0).byDefault(0.0)
      .doc("standard deviation of Gaussian noise added to every value");
  static final ParamSpec<Double> SAMPLE_FREQUENCY = ParamSpec.ofDouble("sample_frequency").above(0).byDefault(0.1)
      .doc("time between two steps (the seed's sample_frequency)");
  static final ParamSpec<List<Double>> SPLIT = Splits.ratios(List.of(8.0, 1.0, 1.0))
      .doc("relative sizes of train, val and test, cut after a seeded shuffle");

  static final String LAST_VALUE = "last-value-mse";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "sums of sinusoids with random phases and next-step targets (seed 004's generate_sin)";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SAMPLES, STEPS, FREQUENCIES, WEIGHTS, PHASE, NOISE, SAMPLE_FREQUENCY, SPLIT);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    String who = "dataset '" + NAME + "'";
    List<Double> frequencies = params.get(FREQUENCIES);
    if (frequencies.isEmpty()) {
      throw new RecurException(who + ": frequencies is empty; give at least one frequency");
    }
    int k = frequencies.size();
    double[] weights = perFrequency(params.get(WEIGHTS), k, "weights", who, 1.0 / k);
    List<Double> fixedPhase = params.get(PHASE);
    perFrequency(fixedPhase, k, "phase", who, 0);
    int samples = params.get(SAMPLES);
    int steps = params.get(STEPS);
    double dt = params.get(SAMPLE_FREQUENCY);
    double noise = params.get(NOISE);
    RandomGenerator random = context.random();

    int t = steps - 1;
    int cells = DataSources.paddedCells(samples, t, 2, "dataset 'sinusoid'", "series of " + steps + " steps",
        "lower samples or steps");
    float[] in = new float[cells];
    float[] out = new float[cells];
    double[] phase = new double[k];
    double[] s = new double[steps];
    for (int n = 0; n < samples; n++) {
      for (int j = 0; j < k; j++) {
        phase[j] = fixedPhase != null ? fixedPhase.get(j) : random.nextDouble() * 2 * Math.PI;
      }
      for (int step = 0; step < steps; step++) {
        double v = 0;
        for (int j = 0; j < k; j++) {
          v += weights[j] * StrictMath.sin(2 * Math.PI * frequencies.get(j) * step * dt + phase[j]);
        }
        s[step] = noise > 0 ? v + noise * random.nextGaussian() : v;
      }
      for (int step = 0; step < t; step++) {
        in[n * t + step] = (float) s[step];
        out[n * t + step] = (float) s[step + 1];
      }
    }
    Splits splits = Splits.shuffled(params.get(SPLIT), samples, random, who);
    Map<String, Split> parts = splits.apply(Tensor.of(in, samples, t, 1), Tensor.of(out, samples, t, 1), null);
    DataSchema schema = new DataSchema(new int[] {t, 1}, 0, List.of(), null);
    return new EncodedDataset(schema, parts, lastValue(parts));
  }

  private static double[] perFrequency(List<Double> values, int k, String param, String who, double fill) {
    double[] out = new double[k];
    if (values == null) {
      Arrays.fill(out, fill);
      return out;
    }
    if (values.size() != k) {
      throw new RecurException(who + ": " + param + " lists " + values.size() + " numbers for " + k
          + " frequencies; give one per frequency");
    }
    for (int j = 0; j < k; j++) {
      out[j] = values.get(j);
    }
    return out;
  }

  /** MSE of predicting x(t+1) = x(t): inputs against targets, position by position. */
  static Map<String, Double> lastValue(Map<String, Split> parts) {
    Map<String, Double> out = new LinkedHashMap<>();
    parts.forEach((name, split) -> {
      float[] x = split.inputs().data();
      float[] y = split.targets().data();
      double sum = 0;
      for (int i = 0; i < x.length; i++) {
        sum += ((double) y[i] - x[i]) * ((double) y[i] - x[i]);
      }
      out.put(name + "." + LAST_VALUE, sum / x.length);
    });
    return out;
  }
}
