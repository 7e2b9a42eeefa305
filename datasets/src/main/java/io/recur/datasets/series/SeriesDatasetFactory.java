package io.recur.datasets.series;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.encoding.EncodedDataset;
import io.recur.datasets.named.DataSources;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.named.NamedDatasets;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.Normalization;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A number series from one column of a CSV file, type {@code series} (the airline passengers of
 * Box &amp; Jenkins): windows of {@code window} = W consecutive steps, each predicting what comes
 * next.
 *
 * <p>Let x<sub>0</sub> … x<sub>L−1</sub> be the series. Sample i (for W ≤ i &lt; L) has inputs
 * x<sub>i−W</sub> … x<sub>i−1</sub>, shape {@code [W, 1]}, and
 * <ul>
 *   <li>with {@code target: next} (default): the target x<sub>i</sub>, shape {@code [1]}
 *       (many-to-one forecasting: a recurrent layer's last state, then dense(1));
 *   <li>with {@code target: sequence}: the inputs shifted by one step, x<sub>i−W+1</sub> …
 *       x<sub>i</sub>, shape {@code [W, 1]} (next-step prediction at every step, as the sinusoid).
 * </ul>
 * The split is chronological by the step a sample forecasts, x<sub>i</sub>: the last {@code
 * test_steps} steps are the test split (for the airline data, 24 months: 1959 and 1960), the
 * {@code val_steps} before them validation, the rest training. A sample's inputs may reach back
 * into the split before it, as a forecast made at that time could. No mask.
 *
 * <p>With {@code normalize: true} (default) every value becomes (x − mean) / std, with the mean and
 * population std of x<sub>0</sub> … x<sub>t−1</sub>, the steps before the first validation target:
 * the training part only, so nothing of the held-out future leaks into the scaling. The schema's
 * {@link Normalization} holds mean and std, and is saved with the model so prediction and
 * generation can undo it.
 *
 * <p>For a saved model ({@code DataContext.savedSchema()}, {@code recur evaluate --data}) the
 * values are scaled with the model's normalisation (none when it had none) instead of one fitted
 * here, and the training part may be empty (every step in {@code val_steps} and {@code test_steps}).
 *
 * <p>Baselines, per split, over the targets x<sub>i</sub> with i ≥ {@code season}: the seasonal-naive
 * forecast x̂<sub>i</sub> = x<sub>i−season</sub> (the same month last year). {@code
 * <split>.seasonal-naive-mse} is its mean squared error in the units the model sees (normalised
 * when {@code normalize} is on, so it compares with the model's mse loss directly), {@code
 * <split>.seasonal-naive-mse-original} the same in the data's original units. With {@code target:
 * sequence} both run over every target position of the split's windows, as the loss does.
 *
 * <pre>
 * data:
 *   type: series
 *   source: airline-passengers
 *   window: 12
 * </pre>
 */
public final class SeriesDatasetFactory implements DatasetFactory {
  public static final String NAME = "series";

  static final List<String> SOURCES = List.of(NamedDatasets.AIRLINE_PASSENGERS);
  static final ParamSpec<String> SOURCE = DataSources.source(SOURCES.toArray(String[]::new));
  static final ParamSpec<String> PATH = DataSources.path("a CSV file with a header row");
  static final ParamSpec<String> COLUMN = ParamSpec.ofString("column").optional()
      .doc("header name of the numeric column; default the last column");
  static final ParamSpec<Integer> WINDOW = ParamSpec.ofInt("window").min(1).byDefault(12)
      .doc("steps of history per sample (W)");
  static final ParamSpec<String> TARGET = ParamSpec.ofChoice("target", "next", "sequence").byDefault("next")
      .doc("next: the step after the window, [1]; sequence: the window shifted by one step, [W, 1]");
  static final ParamSpec<Boolean> NORMALIZE = ParamSpec.ofBoolean("normalize").byDefault(true)
      .doc("z-score every value with the mean and std of the training part only");
  static final ParamSpec<Integer> VAL_STEPS = ParamSpec.ofInt("val_steps").min(0).byDefault(12)
      .doc("steps forecast by the validation split, just before the test steps");
  static final ParamSpec<Integer> TEST_STEPS = ParamSpec.ofInt("test_steps").min(0).byDefault(24)
      .doc("steps forecast by the test split: the last ones of the series");
  static final ParamSpec<Integer> SEASON = ParamSpec.ofInt("season").min(1).byDefault(12)
      .doc("period of the seasonal-naive baseline: it forecasts the value this many steps earlier");

  static final String SEASONAL_NAIVE = "seasonal-naive-mse";
  static final String SEASONAL_NAIVE_ORIGINAL = "seasonal-naive-mse-original";

  private final NamedData named;

  /** Reads named datasets from the data directory, downloading missing ones from their source. */
  public SeriesDatasetFactory() {
    this(NamedData.standard());
  }

  /** @param named how named datasets are found and fetched (tests pass a loopback downloader) */
  public SeriesDatasetFactory(NamedData named) {
    this.named = requireNonNull(named, "named is null");
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "windows of a numeric CSV column with next-step targets, chronological split, train-only normalisation";
  }

  @Override
  public List<ParamSpec<?>> params() {
    return List.of(SOURCE, PATH, COLUMN, WINDOW, TARGET, NORMALIZE, VAL_STEPS, TEST_STEPS, SEASON);
  }

  @Override
  public Dataset create(Params params, DataContext context) {
    String who = "dataset '" + NAME + "'";
    Path file = DataSources.file(who, params.get(SOURCE), params.get(PATH), SOURCES, context, named);
    double[] x = NumericColumn.read(DataSources.readText(file), params.get(COLUMN), file.toString());
    int length = x.length;
    int w = params.get(WINDOW);
    int val = params.get(VAL_STEPS);
    int test = params.get(TEST_STEPS);
    int trainEnd = length - val - test;
    DataSchema saved = context.savedSchema();
    // data for a saved model fits nothing, so it may hold no training sample (val_steps + test_steps = all)
    if (saved != null && length - w < 1) {
      throw new RecurException(who + " (" + file + "): the series has " + length + " steps, too few for one window"
          + " of " + w + " and the step it forecasts");
    }
    if (saved == null && trainEnd - w < 1) {
      throw new RecurException(who + " (" + file + "): the series has " + length + " steps; window " + w
          + ", val_steps " + val + " and test_steps " + test + " leave no training sample (it needs at least "
          + (w + val + test + 1) + " steps)");
    }
    // a saved model's values are scaled with its own training mean and std, whatever this file holds
    Normalization normalization = saved != null ? saved.normalization()
        : params.get(NORMALIZE) ? fit(x, trainEnd, who + " (" + file + ")") : null;
    double[] z = new double[length];
    for (int i = 0; i < length; i++) {
      z[i] = normalization == null ? x[i] : normalization.apply(x[i]);
    }

    boolean sequence = "sequence".equals(params.get(TARGET));
    int season = params.get(SEASON);
    int[][] ranges = {{w, trainEnd}, {trainEnd, trainEnd + val}, {trainEnd + val, length}};
    for (int[] range : ranges) {
      // a target needs a whole window before it (only data for a saved model reaches back this far)
      range[0] = Math.max(range[0], w);
    }
    List<String> names = List.of(Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST);
    Map<String, Split> splits = new LinkedHashMap<>();
    Map<String, Double> baselines = new LinkedHashMap<>();
    for (int s = 0; s < 3; s++) {
      int from = ranges[s][0];
      int n = ranges[s][1] - from;
      if (n <= 0) {
        continue;
      }
      int targetSteps = sequence ? w : 1;
      float[] in = new float[n * w];
      float[] out = new float[n * targetSteps];
      double squared = 0;
      double squaredOriginal = 0;
      long terms = 0;
      for (int k = 0; k < n; k++) {
        int i = from + k;
        for (int t = 0; t < w; t++) {
          in[k * w + t] = (float) z[i - w + t];
        }
        for (int t = 0; t < targetSteps; t++) {
          int j = i - targetSteps + 1 + t;
          out[k * targetSteps + t] = (float) z[j];
          if (j - season >= 0) {
            squared += (z[j] - z[j - season]) * (z[j] - z[j - season]);
            squaredOriginal += (x[j] - x[j - season]) * (x[j] - x[j - season]);
            terms++;
          }
        }
      }
      Tensor targets = sequence ? Tensor.of(out, n, w, 1) : Tensor.of(out, n, 1);
      splits.put(names.get(s), new Split(Tensor.of(in, n, w, 1), targets, null));
      if (terms > 0) {
        baselines.put(names.get(s) + "." + SEASONAL_NAIVE, squared / terms);
        baselines.put(names.get(s) + "." + SEASONAL_NAIVE_ORIGINAL, squaredOriginal / terms);
      }
    }
    DataSchema schema = new DataSchema(new int[] {w, 1}, 0, List.of(), null, null, normalization);
    return new EncodedDataset(schema, splits, baselines);
  }

  /** Mean and population std of {@code x[0, end)}, in double precision. */
  private static Normalization fit(double[] x, int end, String where) {
    double mean = 0;
    for (int i = 0; i < end; i++) {
      mean += x[i];
    }
    mean /= end;
    double var = 0;
    for (int i = 0; i < end; i++) {
      var += (x[i] - mean) * (x[i] - mean);
    }
    double std = Math.sqrt(var / end);
    if (!(std > 0)) {
      throw new RecurException(where + ": every training value is " + mean + ", so the series cannot be normalised"
          + " (std 0); set normalize: false");
    }
    return new Normalization(mean, std);
  }
}
