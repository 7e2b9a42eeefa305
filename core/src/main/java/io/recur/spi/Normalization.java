package io.recur.spi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A z-score normalisation of real values, {@code z = (x − mean) / std}, fitted by a dataset on its
 * training part only. A dataset that normalises its values puts this in its {@link DataSchema}, and
 * it is saved with the model, so prediction and generation can feed new values in the same units
 * and turn outputs back into the original units with {@link #invert}.
 *
 * <p>EXPERIMENTAL (issue 4).
 *
 * @param mean the mean of the training values, in original units
 * @param std the population standard deviation (divisor n, as scikit-learn's StandardScaler) of
 *     the training values, in original units; positive
 */
public record Normalization(double mean, double std) {
  /** Key names in {@code model/model.yaml}. */
  static final String KEY_MEAN = "mean";
  static final String KEY_STD = "std";

  public Normalization {
    if (!Double.isFinite(mean)) {
      throw new IllegalArgumentException("mean must be finite, got " + mean);
    }
    if (!(std > 0) || !Double.isFinite(std)) {
      throw new IllegalArgumentException("std must be positive and finite, got " + std);
    }
  }

  /** Original units to normalised: {@code (x − mean) / std}. */
  public double apply(double x) {
    return (x - mean) / std;
  }

  /** Normalised to original units: {@code z · std + mean}. */
  public double invert(double z) {
    return z * std + mean;
  }

  /** The form stored in model.yaml. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(KEY_MEAN, mean);
    m.put(KEY_STD, std);
    return m;
  }

  public static Normalization fromMap(Map<String, Object> m) {
    return new Normalization(((Number) m.get(KEY_MEAN)).doubleValue(), ((Number) m.get(KEY_STD)).doubleValue());
  }
}
