package io.recur.spi.sweep;

import static java.util.Objects.requireNonNull;

import java.io.Serializable;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A trial as an executor sees it: plain, serializable values only, and all that {@link
 * TrialWorker#run} needs to train it on another machine exactly as the sweep would train it here.
 * Made by the sweep; immutable.
 *
 * @param id the trial's folder name
 * @param index the trial's position in the sweep
 * @param assignments {@code path → value text}, as the trial sets them
 * @param seed the experiment seed
 * @param configYaml the resolved experiment (the text of its {@code config.yaml})
 * @param higherIsBetter metric label ({@code accuracy}) → whether higher is better, for the best values
 * @param dataDirectory the sweep's data directory, used where it exists on the worker
 * @param session names the sweep in the JVM that planned it, so a trial run in that JVM (Spark's
 *     local mode) uses the sweep's own registry, plugins included
 */
public record PortableTrial(String id, int index, Map<String, String> assignments, long seed, String configYaml,
    Map<String, Boolean> higherIsBetter, String dataDirectory, String session) implements Serializable {
  private static final long serialVersionUID = 1L;

  public PortableTrial {
    requireNonNull(id, "id is null");
    assignments = Collections.unmodifiableMap(new LinkedHashMap<>(assignments));
    requireNonNull(configYaml, "configYaml is null");
    higherIsBetter = Collections.unmodifiableMap(new LinkedHashMap<>(higherIsBetter));
    requireNonNull(dataDirectory, "dataDirectory is null");
    requireNonNull(session, "session is null");
  }

  /** Whether a metric key such as {@code val.accuracy} is better when higher (unknown labels: lower). */
  public boolean higherIsBetter(String key) {
    return higherIsBetter.getOrDefault(key.substring(key.indexOf('.') + 1), false);
  }
}
