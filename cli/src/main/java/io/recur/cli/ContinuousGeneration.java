package io.recur.cli;

import io.recur.config.ExperimentLoader;
import io.recur.engine.ExperimentParts;
import io.recur.generate.ContinuousGenerator;
import io.recur.generate.SignalSequences;
import io.recur.io.AtomicFiles;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.spi.Dataset;
import io.recur.spi.Kind;
import io.recur.spi.Normalization;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TypedValue;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The continuous branch of {@code recur generate}: for a model of real values (the sinusoid's
 * linear RNN, a series forecaster) it primes the model with the first values of a signal and feeds
 * each prediction back as the next input ({@link ContinuousGenerator}), then writes the values as
 * CSV.
 *
 * <p>The prime is either the first {@code --prime-steps} values of sample {@code --sample} (and
 * the {@code --count − 1} after it) of a split of the run's own dataset, rebuilt from the run's
 * {@code config.yaml} with its seed as {@code recur evaluate} does, in which case each generated
 * value sits beside the true one and the mean squared error of the continuation is printed; or
 * numbers given with {@code --prime} (original units), with nothing to compare against.
 *
 * <p>CSV (RFC 4180, LF): {@code sequence,step,role,value,truth}, one row per value, {@code role}
 * {@code prime} or {@code generated}, {@code truth} empty where the signal has ended; with F > 1
 * features per step {@code value_1 … value_F, truth_1 … truth_F}. Values are in the data's
 * original units (a normalised series is turned back).
 *
 * <p>EXPERIMENTAL (issue 4).
 */
final class ContinuousGeneration {
  static final ParamSpec<TypedValue> DATA = ParamSpec.ofTyped("data", Kind.DATASET).optional().doc("the dataset");
  static final ParamSpec<Integer> SEED = ParamSpec.ofInt("seed").optional().doc("the seed of the data stream");
  /** Prime steps for a per-step model when none are given: two periods of seed 004's sinusoid. */
  static final int DEFAULT_PRIME_STEPS = 20;
  /** Values generated when {@code --length} is not given (the text default is for characters). */
  static final int DEFAULT_LENGTH = 100;

  /** The options only continuous generation reads; a picocli mixin of {@code recur generate}. */
  static final class Options {
    @Option(names = "--prime-steps", paramLabel = "K",
        description = "Continuous models: prime with the first K values of the sample (default: "
            + DEFAULT_PRIME_STEPS + ", or the window W of a model that reads windows).")
    Integer primeSteps;

    @Option(names = "--sample", paramLabel = "I", defaultValue = "0",
        description = "Continuous models: the first sample of the split to prime with (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
        description = "Continuous models: the split of the run's data the samples come from (default: ${DEFAULT-VALUE}).")
    String split;

    @Option(names = "--csv", paramLabel = "FILE",
        description = "Continuous models: where to write the CSV (default: RUN/generated-<split>.csv beside the model).")
    Path csv;

    @Mixin
    DataDirOption dataDirectory;
  }

  /** One primed signal and what came of it, in model units. */
  record Sequence(int index, float[][] prime, float[][] generated, float[][] truth) {
    /** Mean squared error of the generated values with a true value, over every feature; NaN with none. */
    double mse(Normalization units) {
      double sum = 0;
      long n = 0;
      for (int s = 0; s < generated.length && s < truth.length; s++) {
        for (int k = 0; k < generated[s].length; k++) {
          double d = value(generated[s][k], units) - value(truth[s][k], units);
          sum += d * d;
          n++;
        }
      }
      return n == 0 ? Double.NaN : sum / n;
    }
  }

  private ContinuousGeneration() {}

  /** True when {@code model} is a model of real values that can feed its outputs back. */
  static boolean appliesTo(SavedModel.Loaded model) {
    return model.schema().inputVocabulary() == 0 && model.schema().classes().isEmpty()
        && model.schema().codec() == null;
  }

  /**
   * Generates and writes the CSV; prints where, and the error against the true continuation.
   *
   * @param prime numbers separated by commas or spaces, in original units, or null to prime from
   *     the run's data
   * @param length values to generate after each prime
   * @param count signals to generate from: samples {@code sample … sample + count − 1}
   */
  static int run(SavedModel.Loaded model, Path modelDir, String prime, int length, int count, Options o,
      Registry registry, PrintWriter out) {
    if (length < 1) {
      throw new RecurException("--length " + length + ": give at least 1 value to generate");
    }
    if (count < 1) {
      throw new RecurException("--count " + count + ": give at least 1 signal to generate from");
    }
    ContinuousGenerator generator = new ContinuousGenerator(model.model(), model.schema());
    Normalization norm = model.schema().normalization();
    List<Sequence> sequences = new ArrayList<>();
    String source;
    if (prime != null) {
      float[][] values = parsePrime(prime, generator.features(), norm);
      sequences.add(new Sequence(0, values, generator.generate(values, length), new float[0][]));
      source = "the values of --prime";
    } else {
      Split split = split(modelDir, o, registry);
      if (o.sample + count > split.size()) {
        throw new RecurException("--sample " + o.sample + " --count " + count + ": the " + o.split + " split has "
            + split.size() + " samples (0 to " + (split.size() - 1) + ")");
      }
      int primeSteps = o.primeSteps != null ? o.primeSteps
          : generator.kind() == ContinuousGenerator.Kind.PER_STEP ? DEFAULT_PRIME_STEPS : generator.steps();
      for (int i = o.sample; i < o.sample + count; i++) {
        float[][] signal = SignalSequences.of(split, i, o.split);
        if (primeSteps < generator.minimumPrime() || primeSteps >= signal.length) {
          throw new RecurException("--prime-steps " + primeSteps + ": sample " + i + " of the " + o.split + " split holds "
              + signal.length + " values, and this model needs a prime of " + generator.minimumPrime() + " to "
              + (signal.length - 1) + " of them");
        }
        float[][] head = Arrays.copyOfRange(signal, 0, primeSteps);
        float[][] truth = Arrays.copyOfRange(signal, primeSteps, Math.min(signal.length, primeSteps + length));
        sequences.add(new Sequence(i, head, generator.generate(head, length), truth));
      }
      source = primeSteps + " values of " + o.split + " sample" + (count == 1 ? " " + o.sample
          : "s " + o.sample + "–" + (o.sample + count - 1));
    }

    Path runDir = modelDir.toAbsolutePath().normalize().getParent();
    Path target = o.csv != null ? o.csv : (runDir != null ? runDir : modelDir.toAbsolutePath())
        .resolve(prime != null ? "generated-prime.csv" : "generated-" + o.split.replaceAll("[^A-Za-z0-9._-]+", "_") + ".csv");
    AtomicFiles.write(target, csv(sequences, generator.features(), norm).getBytes(StandardCharsets.UTF_8));

    out.println(String.format(Locale.ROOT, "%s: generated %d value%s after %s, each prediction fed back as the next input",
        model.experiment(), length, length == 1 ? "" : "s", source));
    if (prime == null) {
      double total = 0;
      int with = 0;
      for (Sequence s : sequences) {
        double mse = s.mse(null);
        String line = String.format(Locale.ROOT, "  sample %d: MSE against the true continuation (%d values) %.6g",
            s.index(), Math.min(length, s.truth().length), mse);
        if (norm != null) {
          line += String.format(Locale.ROOT, " (normalised), %.6g in original units", s.mse(norm));
        }
        if (count <= 10) {
          out.println(line);
        }
        if (!Double.isNaN(mse)) {
          total += mse;
          with++;
        }
      }
      if (count > 1 && with > 0) {
        out.println(String.format(Locale.ROOT, "  mean MSE over %d samples: %.6g", with, total / with));
      }
      if (sequences.stream().anyMatch(s -> s.truth().length < length)) {
        out.println("  (the signal ends before " + length + " values; the error covers the values it has)");
      }
    }
    out.println("wrote " + target);
    out.flush();
    return Main.OK;
  }

  /** The split of the run's data, rebuilt from RUN/config.yaml with the run's seed. */
  private static Split split(Path modelDir, Options o, Registry registry) {
    Path runDir = modelDir.toAbsolutePath().normalize().getParent();
    Path runConfig = runDir == null ? null : runDir.resolve(RunDirectory.CONFIG);
    if (runConfig == null || !Files.isRegularFile(runConfig)) {
      throw new RecurException(modelDir + ": no " + RunDirectory.CONFIG + " beside this model to rebuild its data from;"
          + " give the values to start from with --prime");
    }
    Params run = new ExperimentLoader(registry).loadKeys(runConfig, List.of(DATA, SEED));
    if (run.get(DATA) == null) {
      throw new RecurException(runConfig + ": names no data; give the values to start from with --prime");
    }
    int seed = run.get(SEED) != null ? run.get(SEED) : 1;
    Dataset dataset = ExperimentParts.loadDataset(run.get(DATA), runDir, registry,
        o.dataDirectory.resolve(), new RandomStreams(seed));
    Split split = dataset.splits().get(o.split);
    if (split == null || split.size() == 0) {
      throw new RecurException("--split " + o.split + ": the dataset has no such split (or it is empty); it has "
          + String.join(", ", dataset.splits().keySet()));
    }
    return split;
  }

  /** Numbers separated by commas or whitespace, F per step, turned into model units. */
  static float[][] parsePrime(String text, int features, Normalization norm) {
    String[] parts = text.strip().split("[,\\s]+");
    List<Float> values = new ArrayList<>();
    for (String p : parts) {
      if (p.isEmpty()) {
        continue;
      }
      try {
        double v = Double.parseDouble(p);
        if (!Double.isFinite(v)) {
          throw new NumberFormatException();
        }
        values.add((float) (norm == null ? v : norm.apply(v)));
      } catch (NumberFormatException e) {
        throw new RecurException("--prime: '" + p + "' is not a finite number; a continuous model is primed with"
            + " numbers separated by commas, e.g. --prime 0,0.59,0.95");
      }
    }
    if (values.isEmpty() || values.size() % features != 0) {
      throw new RecurException("--prime: " + values.size() + " numbers do not make whole steps of " + features
          + " features each");
    }
    float[][] out = new float[values.size() / features][features];
    for (int i = 0; i < values.size(); i++) {
      out[i / features][i % features] = values.get(i);
    }
    return out;
  }

  static String csv(List<Sequence> sequences, int features, Normalization norm) {
    StringBuilder b = new StringBuilder("sequence,step,role");
    if (features == 1) {
      b.append(",value,truth");
    } else {
      for (int k = 1; k <= features; k++) {
        b.append(",value_").append(k);
      }
      for (int k = 1; k <= features; k++) {
        b.append(",truth_").append(k);
      }
    }
    b.append('\n');
    for (Sequence s : sequences) {
      int step = 0;
      for (float[] v : s.prime()) {
        row(b, s.index(), step++, "prime", v, v, norm);
      }
      for (int i = 0; i < s.generated().length; i++) {
        row(b, s.index(), step++, "generated", s.generated()[i], i < s.truth().length ? s.truth()[i] : null, norm);
      }
    }
    return b.toString();
  }

  private static void row(StringBuilder b, int sequence, int step, String role, float[] v, float[] truth,
      Normalization norm) {
    b.append(sequence).append(',').append(step).append(',').append(role);
    for (float x : v) {
      b.append(',').append(format(value(x, norm)));
    }
    for (int k = 0; k < v.length; k++) {
      b.append(',');
      if (truth != null) {
        b.append(format(value(truth[k], norm)));
      }
    }
    b.append('\n');
  }

  /** A model-unit value in original units. */
  private static double value(float v, Normalization norm) {
    return norm == null ? v : norm.invert(v);
  }

  /** Shortest text that reads back to the same float (or the double of a normalised value). */
  private static String format(double v) {
    return v == (float) v ? Float.toString((float) v) : Double.toString(v);
  }

  /** For tests: the options with their defaults, as picocli would fill them. */
  static Options defaults() {
    Options o = new Options();
    o.split = "test";
    return o;
  }
}
