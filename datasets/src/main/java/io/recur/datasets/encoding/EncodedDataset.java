package io.recur.datasets.encoding;

import static java.util.Objects.requireNonNull;

import io.recur.io.Json;
import io.recur.io.Sha256;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A dataset whose splits are already encoded. Its fingerprint is the sha256 of a small JSON
 * manifest holding the classes, the vocabulary and, per split, the tensor shapes and the sha256
 * of their values; so the same data cut the same way always has the same fingerprint, and a
 * change to any value, any split boundary or the vocabulary changes it.
 */
public final class EncodedDataset implements Dataset {
  private final DataSchema schema;
  private final Map<String, Split> splits;
  private final String fingerprint;
  private final Map<String, Double> baselines;

  /**
   * @param splits non-empty splits in the order train, val, test; train must be present unless
   *     the data was encoded with a saved model's schema (see {@code DataContext.savedSchema()})
   */
  public EncodedDataset(DataSchema schema, Map<String, Split> splits) {
    this(schema, splits, Map.of());
  }

  /**
   * @param splits non-empty splits in the order train, val, test; train must be present unless
   *     the data was encoded with a saved model's schema (only evaluated, never trained on)
   * @param baselines reference scores as {@link Dataset#baselines()} returns them; not part of
   *     the fingerprint, since they are computed from the data
   */
  public EncodedDataset(DataSchema schema, Map<String, Split> splits, Map<String, Double> baselines) {
    this.schema = requireNonNull(schema, "schema is null");
    this.baselines = Collections.unmodifiableMap(new LinkedHashMap<>(requireNonNull(baselines, "baselines is null")));
    requireNonNull(splits, "splits is null");
    // training refuses an empty train split earlier (Splits), with a message naming the data
    if (splits.isEmpty()) {
      throw new IllegalArgumentException("a dataset needs at least one split, got none");
    }
    this.splits = Collections.unmodifiableMap(new LinkedHashMap<>(splits));
    this.fingerprint = fingerprint(schema, this.splits);
  }

  @Override
  public DataSchema schema() {
    return schema;
  }

  @Override
  public Map<String, Split> splits() {
    return splits;
  }

  @Override
  public String fingerprint() {
    return fingerprint;
  }

  @Override
  public Map<String, Double> baselines() {
    return baselines;
  }

  private static String fingerprint(DataSchema schema, Map<String, Split> splits) {
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("classes", schema.classes());
    manifest.put("vocabulary", schema.codec() == null ? null : schema.codec().vocabulary());
    Map<String, Object> parts = new LinkedHashMap<>();
    splits.forEach((name, s) -> {
      Map<String, Object> part = new LinkedHashMap<>();
      part.put("inputs", s.inputs().shape());
      part.put("targets", s.targets().shape());
      part.put("mask", s.mask() == null ? null : s.mask().shape());
      part.put("sha256", s.mask() == null
          ? Sha256.ofFloats(s.inputs().data(), s.targets().data())
          : Sha256.ofFloats(s.inputs().data(), s.targets().data(), s.mask().data()));
      parts.put(name, part);
    });
    manifest.put("splits", parts);
    return Sha256.of(Json.write(manifest).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("dataset(");
    splits.forEach((name, s) -> b.append(b.length() > 8 ? ", " : "").append(name).append('=').append(s.size()));
    return b.append(", sha256=").append(fingerprint, 0, 12).append(')').toString();
  }
}
