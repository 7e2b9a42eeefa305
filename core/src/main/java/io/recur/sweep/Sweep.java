package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.config.ConfigException;
import io.recur.config.ConfigHash;
import io.recur.config.ExperimentSpec;
import io.recur.config.SweepLoader;
import io.recur.config.SweepSpec;
import io.recur.config.TrainingParams;
import io.recur.engine.ExperimentParts;
import io.recur.registry.Registry;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Suggestions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * An expanded sweep ready to run: its trials with their ids, and the metric that orders them.
 * Immutable.
 */
public final class Sweep {
  /** Longest trial folder name: the hash plus this many characters of values. */
  private static final int MAX_LABEL = 96;
  private static final List<String> SPLITS = List.of(Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST);

  private final SweepLoader.Plan plan;
  private final List<Trial> trials;
  private final Map<String, Boolean> higherIsBetter;
  private final boolean maximize;
  private final RungPlan rungs;

  private Sweep(SweepLoader.Plan plan, List<Trial> trials, Map<String, Boolean> higherIsBetter, boolean maximize,
      RungPlan rungs) {
    this.plan = plan;
    this.rungs = rungs;
    this.trials = rungs == null ? List.copyOf(trials) : rungs.trials();
    this.higherIsBetter = Map.copyOf(higherIsBetter);
    this.maximize = maximize;
  }

  /**
   * Names the trials and checks {@code sweep.metric} against the experiment's metrics.
   *
   * @throws ConfigException when the metric is unknown or two trials are the same experiment
   */
  public static Sweep of(SweepLoader.Plan plan, Registry registry) {
    requireNonNull(plan, "plan is null");
    requireNonNull(registry, "registry is null");
    Map<String, Boolean> directions = directions(plan.base(), registry);
    SweepSpec spec = plan.sweep();
    String metric = spec.metric();
    int dot = metric.indexOf('.');
    String label = dot < 0 ? "" : metric.substring(dot + 1);
    if (dot < 0 || !SPLITS.contains(metric.substring(0, dot)) || !directions.containsKey(label)) {
      Set<String> known = new TreeSet<>();
      SPLITS.forEach(s -> directions.keySet().forEach(l -> known.add(s + "." + l)));
      throw new ConfigException(spec.metricLocation(), "sweep.metric", "unknown metric '" + metric + "'"
          + Suggestions.knownAndSuggestion(metric, known));
    }
    if (metric.startsWith(Dataset.TEST + ".") && !ExperimentParts.evaluatesTestEveryEpoch(plan.base().training())) {
      // trials are ranked by their epochs' numbers; the test split is not among them
      throw new ConfigException(spec.metricLocation(), "sweep.metric", "'" + metric + "' is scored once, after"
          + " training (training.evaluate_test: end), so trials cannot be ranked by it; rank by val." + label
          + ", or set training.evaluate_test: every_epoch");
    }
    boolean maximize = spec.mode().map(m -> m == SweepSpec.Mode.MAX).orElse(directions.get(label));
    List<Trial> trials = new ArrayList<>();
    Set<String> hashes = new java.util.HashSet<>();
    for (SweepLoader.PlannedTrial t : plan.trials()) {
      String hash = trialHash(t.spec());
      if (!hashes.add(hash)) {
        // the loader refuses equal experiments, so only a 32-bit hash collision gets here
        throw new IllegalStateException("two trials of the sweep share the config hash " + hash);
      }
      Trial provisional = new Trial(t.index(), hash, t.assignments(), t.spec());
      trials.add(new Trial(t.index(), hash + "-" + sanitize(provisional.label()), t.assignments(), t.spec()));
    }
    int repeats = Math.max(1, spec.seeds().size());
    RungPlan rungs = spec.method().prunes() ? RungPlan.of(spec, trials, repeats) : null;
    return new Sweep(plan, trials, directions, maximize, rungs);
  }

  /** The brackets and rungs of a halving or Hyperband sweep; empty for grid and random. */
  public java.util.Optional<RungPlan> rungs() {
    return java.util.Optional.ofNullable(rungs);
  }

  /** How many distinct configurations the sweep's points make (its trials over the seeds, for grid and random). */
  public int configurations() {
    return plan.trials().size() / repeats();
  }

  /**
   * The short hash of the trial's resolved config, leaving out {@code training.threads}: the
   * sweep shares the cores out, and threads change no number, so a trial keeps its id whatever
   * {@code --workers} is.
   */
  static String trialHash(ExperimentSpec spec) {
    Map<String, Object> tree = new LinkedHashMap<>(spec.resolved());
    if (tree.get("training") instanceof Map<?, ?> training) {
      Map<String, Object> copy = new LinkedHashMap<>();
      training.forEach((k, v) -> copy.put(String.valueOf(k), v));
      copy.remove(TrainingParams.THREADS.name());
      tree.put("training", copy);
    }
    return ConfigHash.shortHash(tree);
  }

  /**
   * Keeps letters, digits and {@code . _ = , + -}: spaces go, any other run of characters becomes
   * one {@code _}, none left beside a separator ({@code data={type: tsv}} → {@code data=type_tsv}).
   */
  static String sanitize(String label) {
    String s = label.replace(" ", "").replaceAll("[^A-Za-z0-9._=,+-]+", "_")
        .replaceAll("_*([=,])_*", "$1").replaceAll("^_+|_+$", "");
    return s.length() > MAX_LABEL ? s.substring(0, MAX_LABEL) : s;
  }

  /** Metric label → whether higher is better, for the experiment's metrics and its loss. */
  private static Map<String, Boolean> directions(ExperimentSpec spec, Registry registry) {
    Loss loss = registry.loss(spec.loss().type()).create(spec.loss().params());
    Map<String, Boolean> out = new LinkedHashMap<>();
    for (Metric m : ExperimentParts.metrics(spec, registry, loss)) {
      out.put(m.label(), m.higherIsBetter());
    }
    return out;
  }

  public String name() {
    return plan.base().name();
  }

  /** The experiment without the sweep block. */
  public ExperimentSpec base() {
    return plan.base();
  }

  public SweepSpec spec() {
    return plan.sweep();
  }

  public List<Trial> trials() {
    return trials;
  }

  /** The trial whose folder name is {@code id}. */
  public Trial trial(String id) {
    return trials.stream().filter(t -> t.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("sweep " + name() + " has no trial " + id));
  }

  /** The metric that orders the summary, {@code val.loss}. */
  public String metric() {
    return plan.sweep().metric();
  }

  /** True when a higher {@link #metric()} is better. */
  public boolean maximize() {
    return maximize;
  }

  /** Whether a metric key such as {@code val.accuracy} is better when higher (unknown labels: lower). */
  public boolean higherIsBetter(String key) {
    return higherIsBetter.getOrDefault(key.substring(key.indexOf('.') + 1), false);
  }

  /** The labels of the experiment's metrics and loss ({@code accuracy}, {@code loss}). */
  public Set<String> metricLabels() {
    return new TreeSet<>(higherIsBetter.keySet());
  }

  /** A short hash of the trial ids: equal for sweeps that run the same trials. */
  public String hash() {
    return ConfigHash.shortHash(Map.of("trials", trials.stream().map(Trial::id).toList()));
  }

  /** How many trials run one configuration: the number of seeds, or 1. */
  public int repeats() {
    return Math.max(1, plan.sweep().seeds().size());
  }
}
