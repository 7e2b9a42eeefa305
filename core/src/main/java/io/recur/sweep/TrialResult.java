package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.Assignment;
import io.recur.model.EpochResult;
import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * What a finished trial left: its final and best metrics, or why it failed. Written as the
 * trial's marker ({@code trial.json}) and read back by {@code --resume} and the summaries, so a
 * resumed sweep summarises exactly what an uninterrupted one would. Immutable, and serializable
 * so that a distributed executor can send it from the worker that ran the trial back to the sweep.
 *
 * @param id the trial id
 * @param index the trial's position in the sweep
 * @param assignments {@code path → value text}, as the trial set them
 * @param seed the experiment seed
 * @param error null when the trial trained to the end; else why it stopped (a diverged loss)
 * @param epochs epochs completed
 * @param last each metric ({@code val.loss}) after the last epoch
 * @param best each metric's best value over the epochs (lowest loss, highest accuracy)
 * @param seconds wall time of the trial
 */
public record TrialResult(String id, int index, Map<String, String> assignments, long seed, String error,
    int epochs, Map<String, Double> last, Map<String, Double> best, double seconds) implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String ID = "id";
  static final String INDEX = "index";
  static final String ASSIGNMENTS = "assignments";
  static final String SEED = "seed";
  static final String STATUS = "status";
  static final String ERROR = "error";
  static final String EPOCHS = "epochs";
  static final String LAST = "final";
  static final String BEST = "best";
  static final String SECONDS = "seconds";
  static final String OK = "ok";
  static final String FAILED = "failed";

  public TrialResult {
    requireNonNull(id, "id is null");
    assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
    last = Collections.unmodifiableMap(new LinkedHashMap<>(last));
    best = Collections.unmodifiableMap(new LinkedHashMap<>(best));
  }

  public boolean ok() {
    return error == null;
  }

  /**
   * The result of a trial that trained to the end.
   *
   * @param higherIsBetter whether a metric key ({@code val.accuracy}) is better when higher
   */
  public static TrialResult finished(Trial trial, List<EpochResult> epochs, Predicate<String> higherIsBetter,
      double seconds) {
    TrialResult r = metricsOf(epochs, higherIsBetter);
    return new TrialResult(trial.id(), trial.index(), assignments(trial), trial.seed(), null, epochs.size(), r.last(),
        r.best(), seconds);
  }

  /** The result of a trial that stopped with {@code error}. */
  public static TrialResult failed(Trial trial, String error, double seconds) {
    return new TrialResult(trial.id(), trial.index(), assignments(trial), trial.seed(),
        requireNonNull(error, "error is null"), 0, Map.of(), Map.of(), seconds);
  }

  /** As {@link #finished(Trial, List, Predicate, double)}, for a trial run from its portable form. */
  static TrialResult finished(PortableTrial trial, List<EpochResult> epochs, Predicate<String> higherIsBetter,
      double seconds) {
    TrialResult r = metricsOf(epochs, higherIsBetter);
    return new TrialResult(trial.id(), trial.index(), trial.assignments(), trial.seed(), null, epochs.size(), r.last(),
        r.best(), seconds);
  }

  /** As {@link #failed(Trial, String, double)}, for a trial run from its portable form. */
  static TrialResult failed(PortableTrial trial, String error, double seconds) {
    return new TrialResult(trial.id(), trial.index(), trial.assignments(), trial.seed(),
        requireNonNull(error, "error is null"), 0, Map.of(), Map.of(), seconds);
  }

  /** The last and best metrics of {@code epochs}, under a placeholder id. */
  private static TrialResult metricsOf(List<EpochResult> epochs, Predicate<String> higherIsBetter) {
    Map<String, Double> last = epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1).metrics();
    Map<String, Double> best = new LinkedHashMap<>();
    for (EpochResult e : epochs) {
      e.metrics().forEach((key, v) -> best.merge(key, v, (a, b) -> better(a, b, higherIsBetter.test(key))));
    }
    return new TrialResult("", 0, Map.of(), 0, null, epochs.size(), last, best, 0);
  }

  static Map<String, String> assignments(Trial trial) {
    Map<String, String> a = new LinkedHashMap<>();
    for (Assignment x : trial.assignments()) {
      a.put(x.path(), x.text());
    }
    return a;
  }

  /** NaN (an epoch with nothing to evaluate) never wins over a number. */
  private static double better(double a, double b, boolean higher) {
    if (Double.isNaN(a)) {
      return b;
    }
    if (Double.isNaN(b)) {
      return a;
    }
    return higher ? Math.max(a, b) : Math.min(a, b);
  }

  Map<String, Object> toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(ID, id);
    m.put(INDEX, index);
    m.put(ASSIGNMENTS, assignments);
    m.put(SEED, seed);
    m.put(STATUS, ok() ? OK : FAILED);
    m.put(ERROR, error);
    m.put(EPOCHS, epochs);
    m.put(LAST, last);
    m.put(BEST, best);
    m.put(SECONDS, seconds);
    return m;
  }

  /** Reads {@link #toJson()} back; non-finite numbers come back as NaN (JSON writes them as null). */
  static TrialResult fromJson(Map<?, ?> m) {
    return new TrialResult((String) m.get(ID), ((Number) m.get(INDEX)).intValue(), strings(m.get(ASSIGNMENTS)),
        ((Number) m.get(SEED)).longValue(), (String) m.get(ERROR), ((Number) m.get(EPOCHS)).intValue(),
        numbers(m.get(LAST)), numbers(m.get(BEST)), ((Number) m.get(SECONDS)).doubleValue());
  }

  private static Map<String, String> strings(Object o) {
    Map<String, String> out = new LinkedHashMap<>();
    ((Map<?, ?>) o).forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
    return out;
  }

  private static Map<String, Double> numbers(Object o) {
    Map<String, Double> out = new LinkedHashMap<>();
    ((Map<?, ?>) o).forEach((k, v) -> out.put(String.valueOf(k), v == null ? Double.NaN : ((Number) v).doubleValue()));
    return out;
  }
}
