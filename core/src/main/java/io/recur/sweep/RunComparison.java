package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.io.Json;
import io.recur.io.Safetensors;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a run with its re-run ({@code recur reproduce}): every value of {@code metrics.jsonl}
 * but the wall time ({@code seconds}), exactly, and {@code model/weights.safetensors} byte for
 * byte. When something differs it says what: which metric at which epoch, which tensor in how
 * many values. Differences in provenance (data fingerprint, Java, Recur version) are notes that
 * may explain a difference; they are not differences themselves.
 */
public final class RunComparison {
  /** Keys of a metrics line that are allowed to differ. */
  static final List<String> UNTIMED = List.of("seconds");
  private static final int SHOWN = 5;

  /**
   * @param differences what came out different; empty when the re-run is identical
   * @param epochs epochs compared
   * @param values metric values compared
   * @param tensors weight tensors in the original
   * @param weightBytes size of the original weights file
   * @param notes provenance that differs between the runs
   */
  public record Result(List<String> differences, int epochs, int values, int tensors, long weightBytes,
      List<String> notes) {
    public Result {
      differences = List.copyOf(differences);
      notes = List.copyOf(notes);
    }

    public boolean identical() {
      return differences.isEmpty();
    }
  }

  private RunComparison() {}

  public static Result compare(Path original, Path rerun) {
    requireNonNull(original, "original is null");
    requireNonNull(rerun, "rerun is null");
    List<String> differences = new ArrayList<>();
    List<Map<String, Object>> before = metrics(original.resolve(RunDirectory.METRICS));
    List<Map<String, Object>> after = metrics(rerun.resolve(RunDirectory.METRICS));
    int values = compareMetrics(before, after, differences);
    Path weights = Path.of(RunDirectory.MODEL, SavedModel.WEIGHTS);
    long bytes = size(original.resolve(weights));
    int tensors = compareWeights(original.resolve(weights), rerun.resolve(weights), weights.toString(), differences);
    List<String> notes = provenanceNotes(original.resolve(RunDirectory.PROVENANCE), rerun.resolve(RunDirectory.PROVENANCE));
    return new Result(differences, before.size(), values, tensors, bytes, notes);
  }

  private static int compareMetrics(List<Map<String, Object>> before, List<Map<String, Object>> after,
      List<String> differences) {
    if (before.size() != after.size()) {
      differences.add(RunDirectory.METRICS + ": " + before.size() + " epochs, the re-run " + after.size());
    }
    int compared = 0;
    int differing = 0;
    List<String> shown = new ArrayList<>();
    for (int e = 0; e < Math.min(before.size(), after.size()); e++) {
      Map<String, Object> a = before.get(e);
      Map<String, Object> b = after.get(e);
      if (!a.keySet().equals(b.keySet())) {
        differences.add(RunDirectory.METRICS + ": epoch " + (e + 1) + " has keys " + a.keySet() + ", the re-run " + b.keySet());
        continue;
      }
      for (String key : a.keySet()) {
        compared++;
        if (!same(a.get(key), b.get(key))) {
          differing++;
          if (shown.size() < SHOWN) {
            shown.add("epoch " + (e + 1) + " " + key + " " + a.get(key) + " → " + b.get(key));
          }
        }
      }
    }
    if (differing > 0) {
      differences.add(RunDirectory.METRICS + ": " + differing + " of " + compared + " values differ: "
          + String.join("; ", shown) + (differing > shown.size() ? "; …" : ""));
    }
    return compared;
  }

  /** Numbers by their double bits (so 1 and 1.0 agree, and NaN, written as null, equals itself). */
  private static boolean same(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return Double.compare(x.doubleValue(), y.doubleValue()) == 0;
    }
    return Objects.equals(a, b);
  }

  private static int compareWeights(Path a, Path b, String name, List<String> differences) {
    if (!Files.exists(a) || !Files.exists(b)) {
      differences.add(name + ": " + (Files.exists(a) ? "the re-run wrote none" : "the original run has none"));
      return 0;
    }
    Map<String, Tensor> before = Safetensors.read(a).tensors();
    try {
      if (Files.mismatch(a, b) == -1) {
        return before.size();
      }
    } catch (IOException e) {
      throw new RecurException("cannot compare " + a + " with " + b + ": " + e.getMessage(), e);
    }
    Map<String, Tensor> after = Safetensors.read(b).tensors();
    List<String> details = new ArrayList<>();
    for (Map.Entry<String, Tensor> e : before.entrySet()) {
      Tensor t = after.get(e.getKey());
      if (t == null) {
        details.add("tensor " + e.getKey() + " is missing from the re-run");
      } else if (!Arrays.equals(e.getValue().shape(), t.shape())) {
        details.add("tensor " + e.getKey() + " has shape " + Arrays.toString(e.getValue().shape()) + ", the re-run "
            + Arrays.toString(t.shape()));
      } else {
        float[] x = e.getValue().data();
        float[] y = t.data();
        int n = 0;
        double largest = 0;
        for (int i = 0; i < x.length; i++) {
          if (Float.floatToRawIntBits(x[i]) != Float.floatToRawIntBits(y[i])) {
            n++;
            largest = Math.max(largest, Math.abs((double) x[i] - y[i]));
          }
        }
        if (n > 0) {
          details.add(String.format(Locale.ROOT, "tensor %s differs in %d of %d values (largest difference %.3g)",
              e.getKey(), n, x.length, largest));
        }
      }
    }
    after.keySet().stream().filter(k -> !before.containsKey(k))
        .forEach(k -> details.add("tensor " + k + " is new in the re-run"));
    if (details.isEmpty()) {
      details.add("the bytes differ (header or metadata) although every tensor is equal");
    }
    differences.add(name + ": " + String.join("; ", details));
    return before.size();
  }

  private static List<String> provenanceNotes(Path a, Path b) {
    Map<?, ?> before = json(a);
    Map<?, ?> after = json(b);
    List<String> notes = new ArrayList<>();
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put(Provenance.DATASET, "dataset");
    keys.put(Provenance.RECUR_VERSION, "Recur version");
    keys.put(Provenance.GIT_COMMIT, "git commit");
    keys.put(Provenance.JAVA_VERSION, "Java version");
    keys.put(Provenance.JAVA_VENDOR, "Java vendor");
    keys.put(Provenance.OS_NAME, "OS");
    keys.put(Provenance.OS_ARCH, "CPU architecture");
    keys.put(Provenance.PLUGINS, "plugin jars");
    keys.forEach((key, what) -> {
      Object x = before.containsKey(key) ? before.get(key) : Provenance.UNKNOWN;
      Object y = after.containsKey(key) ? after.get(key) : Provenance.UNKNOWN;
      if (!Objects.equals(x, y)) {
        notes.add(what + " was " + x + ", now " + y);
      }
    });
    return notes;
  }

  private static Map<?, ?> json(Path file) {
    try {
      return Files.exists(file) ? (Map<?, ?>) Json.read(Files.readString(file)) : Map.of();
    } catch (IOException | RuntimeException e) {
      throw new RecurException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
  }

  private static List<Map<String, Object>> metrics(Path file) {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<Map<String, Object>> lines = new ArrayList<>();
    try {
      for (String line : Files.readAllLines(file)) {
        if (line.isBlank()) {
          continue;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        ((Map<?, ?>) Json.read(line)).forEach((k, v) -> m.put(String.valueOf(k), v));
        UNTIMED.forEach(m::remove);
        lines.add(m);
      }
    } catch (IOException | RuntimeException e) {
      throw new RecurException(file + ": cannot be read (" + e.getMessage() + ")", e);
    }
    return lines;
  }

  private static long size(Path file) {
    try {
      return Files.exists(file) ? Files.size(file) : 0;
    } catch (IOException e) {
      return 0;
    }
  }
}
