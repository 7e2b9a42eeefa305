package io.recur.sweep;

import io.recur.spi.sweep.TrialResult;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@link TrialResult} as the JSON of a trial's finished marker ({@code trial.json}), and back. */
final class TrialMarker {
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

  private TrialMarker() {}

  static Map<String, Object> toJson(TrialResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put(ID, r.id());
    m.put(INDEX, r.index());
    m.put(ASSIGNMENTS, r.assignments());
    m.put(SEED, r.seed());
    m.put(STATUS, r.ok() ? OK : FAILED);
    m.put(ERROR, r.error());
    m.put(EPOCHS, r.epochs());
    m.put(LAST, r.last());
    m.put(BEST, r.best());
    m.put(SECONDS, r.seconds());
    return m;
  }

  /** Reads {@link #toJson} back; non-finite numbers come back as NaN (JSON writes them as null). */
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
