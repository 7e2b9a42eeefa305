package io.recur.model;

import io.recur.io.Json;
import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The lines of {@code metrics.jsonl} and of {@code test-metrics.json}, written and read in one
 * place. One JSON object per epoch, {@code epoch} its 0-based index as the run directory's
 * contract has it (screens and reports show it counted from 1, {@link EpochNumbers}):
 *
 * <pre>
 * {"epoch":0,"train.loss":0.69,"val.loss":0.68,"val.accuracy":0.74,"lr":0.01,"seconds":0.41}
 * </pre>
 *
 * and, when the test split is scored once after training ({@code training.evaluate_test: end}),
 * test-metrics.json says so and whose weights were scored:
 *
 * <pre>
 * {"test":"after_training","weights_of_epoch":4,"test.loss":0.71,"test.accuracy":0.73}
 * </pre>
 *
 * <p>Reading also takes a file whose first epoch is 1 (counted as shown, as a few builds wrote
 * them) and a test line at the end of metrics.jsonl; both come back as 0-based {@link
 * EpochResult}s.
 */
public final class MetricsLines {
  public static final String EPOCH = "epoch";
  public static final String LR = "lr";
  public static final String SECONDS = "seconds";
  /** Marks the after-training test line; its value says when the test split was scored. */
  public static final String TEST = "test";
  public static final String AFTER_TRAINING = "after_training";
  public static final String WEIGHTS_OF_EPOCH = "weights_of_epoch";
  /** The early-stopping monitor that chose the scored weights, when one did. */
  public static final String CHOSEN_BY = "chosen_by";

  private static final String OLD_FIRST_LINE = "{\"" + EPOCH + "\":0,";

  /** What a metrics.jsonl holds: every epoch (0-based) and the after-training test, or null. */
  public record Contents(List<EpochResult> epochs, FinalTest test) {
    public Contents {
      epochs = List.copyOf(epochs);
    }
  }

  private MetricsLines() {}

  /** Whether a file starting with {@code firstLine} counts its epochs from 0 (written by an older Recur). */
  public static boolean zeroBased(String firstLine) {
    return firstLine.startsWith(OLD_FIRST_LINE);
  }

  /** One epoch's line, without its newline; {@code zeroBased} only to continue an older file. */
  public static String epochLine(EpochResult r, boolean zeroBased) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(EPOCH, zeroBased ? r.epoch() : EpochNumbers.shown(r.epoch()));
    line.putAll(r.metrics());
    line.put(LR, r.learningRate());
    line.put(SECONDS, r.seconds());
    return Json.write(line);
  }

  /** The after-training test line, without its newline. */
  public static String testLine(FinalTest t, boolean zeroBased) {
    Map<String, Object> line = new LinkedHashMap<>();
    line.put(TEST, AFTER_TRAINING);
    line.put(WEIGHTS_OF_EPOCH, zeroBased ? t.epoch() : EpochNumbers.shown(t.epoch()));
    if (t.monitor() != null) {
      line.put(CHOSEN_BY, t.monitor());
    }
    line.putAll(t.metrics());
    return Json.write(line);
  }

  /**
   * Reads a file's lines (blank ones skipped).
   *
   * @param where names line i (0-based) in messages: {@code RUN/metrics.jsonl:3}
   * @throws RecurException naming the line, for one that is not JSON or not a record of this file
   */
  public static Contents read(List<String> lines, IntFunction<String> where) {
    List<EpochResult> epochs = new ArrayList<>();
    FinalTest test = null;
    int offset = -1;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      if (line.isBlank()) {
        continue;
      }
      Map<?, ?> m = object(line, where.apply(i));
      if (offset < 0) {
        offset = zeroBased(line) ? 0 : 1;
      }
      if (AFTER_TRAINING.equals(m.get(TEST))) {
        test = test(m, offset, line, where.apply(i));
      } else {
        epochs.add(epoch(m, offset, line, where.apply(i)));
      }
    }
    return new Contents(epochs, test);
  }

  private static Map<?, ?> object(String line, String where) {
    Object parsed;
    try {
      parsed = Json.read(line);
    } catch (RuntimeException e) {
      throw new RecurException(where + ": a line is not JSON: " + line);
    }
    if (!(parsed instanceof Map<?, ?> m)) {
      throw new RecurException(where + ": a line is not a JSON object: " + line);
    }
    return m;
  }

  /**
   * One epoch line back as an epoch result (null, written for NaN, reads as NaN; a missing lr or
   * seconds, as in older files, reads as NaN).
   *
   * @param offset what the file adds to the 0-based index: 1, or 0 for an older file
   */
  static EpochResult epoch(Map<?, ?> m, int offset, String line, String where) {
    if (!(m.get(EPOCH) instanceof Integer epoch) || epoch - offset < 0) {
      throw new RecurException(where + ": a line is not an epoch record: " + line);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    double lr = Double.NaN;
    double seconds = Double.NaN;
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      double v = e.getValue() instanceof Number n ? n.doubleValue() : Double.NaN;
      switch (key) {
        case EPOCH -> { }
        case LR -> lr = v;
        case SECONDS -> seconds = v;
        default -> metrics.put(key, v);
      }
    }
    return new EpochResult(epoch - offset, lr, metrics, seconds);
  }

  private static FinalTest test(Map<?, ?> m, int offset, String line, String where) {
    if (!(m.get(WEIGHTS_OF_EPOCH) instanceof Integer epoch) || epoch - offset < 0) {
      throw new RecurException(where + ": the after-training test line names no epoch: " + line);
    }
    Map<String, Double> metrics = new LinkedHashMap<>();
    for (Map.Entry<?, ?> e : m.entrySet()) {
      String key = String.valueOf(e.getKey());
      if (key.startsWith(TEST + ".")) {
        metrics.put(key, e.getValue() instanceof Number n ? n.doubleValue() : Double.NaN);
      }
    }
    return new FinalTest(epoch - offset, m.get(CHOSEN_BY) instanceof String s ? s : null, metrics);
  }
}
