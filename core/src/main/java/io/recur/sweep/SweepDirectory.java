package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.io.AtomicFiles;
import io.recur.io.Directories;
import io.recur.io.Json;
import io.recur.spi.RecurException;
import io.recur.spi.sweep.TrialResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A sweep's folder:
 *
 * <pre>
 * SWEEP_DIR/
 *   sweep.json                 the plan: experiment, metric, parameters, every trial's id and values
 *   trials/&lt;id&gt;/              one ordinary run directory per trial, plus trial.json once it has finished
 *   summary.csv                one row per trial, sorted by the metric
 *   summary-by-config.csv      one row per configuration: mean, std and 95% interval over its seeds
 *   summary.html               the tables and a plot of the metric against each parameter
 *   rungs/b&lt;s&gt;-r&lt;k&gt;/&lt;id&gt;.json    halving and Hyperband: each trial's result at each rung ({@link RungRecords})
 *   rungs.jsonl                halving and Hyperband: every rung's ranking and decisions
 * </pre>
 *
 * A trial counts as finished only once {@code trial.json} exists. It is written atomically
 * after everything else in the trial's folder, so a sweep killed at any moment (even {@code
 * kill -9}) loses no finished trial, and {@link #resume} can tell finished from unfinished.
 */
public final class SweepDirectory {
  public static final String PLAN = "sweep.json";
  public static final String TRIALS = "trials";
  public static final String MARKER = "trial.json";
  public static final String SUMMARY_CSV = "summary.csv";
  public static final String SUMMARY_BY_CONFIG_CSV = "summary-by-config.csv";
  public static final String SUMMARY_HTML = "summary.html";
  /** A halving or Hyperband sweep's decisions, one JSON object per trial and rung. */
  public static final String RUNGS_JSONL = "rungs.jsonl";
  private static final String HALVING = "halving";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path root;
  private final int restarted;

  private SweepDirectory(Path root, int restarted) {
    this.root = root;
    this.restarted = restarted;
  }

  /** {@code sweeps/<name>-<time>-<hash>} (the first free one) under {@code sweepsRoot}. */
  public static Path defaultPath(Path sweepsRoot, Sweep sweep) {
    String base = safeName(sweep.name()) + "-" + LocalDateTime.now().format(STAMP) + "-" + sweep.hash();
    Path dir = sweepsRoot.resolve(base);
    for (int i = 2; Files.exists(dir); i++) {
      dir = sweepsRoot.resolve(base + "-" + i);
    }
    return dir;
  }

  /** The newest {@code <name>-*-<hash>} folder under {@code sweepsRoot} that holds this sweep's plan. */
  public static Optional<Path> latest(Path sweepsRoot, Sweep sweep) {
    if (!Files.isDirectory(sweepsRoot)) {
      return Optional.empty();
    }
    String prefix = safeName(sweep.name()) + "-";
    String hash = "-" + sweep.hash();
    try (Stream<Path> dirs = Files.list(sweepsRoot)) {
      return dirs.filter(d -> {
        String n = d.getFileName().toString();
        return n.startsWith(prefix) && (n.endsWith(hash) || n.matches(".*" + hash + "-\\d+")) && Files.exists(d.resolve(PLAN));
      }).max(Comparator.comparing(d -> d.getFileName().toString()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + sweepsRoot + ": " + e.getMessage(), e);
    }
  }

  /**
   * A new sweep in {@code dir}, which may exist only if empty; writes the plan.
   *
   * @throws RecurException when {@code dir} holds something already
   */
  public static SweepDirectory create(Path dir, Sweep sweep) {
    requireNonNull(dir, "dir is null");
    if (!isEmptyOrAbsent(dir)) {
      throw new RecurException(dir + ": sweep directory already exists and is not empty; add --resume to continue "
          + "the sweep in it, or choose another --sweep-dir");
    }
    AtomicFiles.write(dir.resolve(PLAN), Json.writePretty(plan(sweep)));
    return new SweepDirectory(dir, 0);
  }

  /**
   * Continues the sweep in {@code dir}: checks that it was started from the same sweep, and
   * deletes every trial folder without a marker so that trial starts again. A missing or empty
   * {@code dir} starts the sweep afresh.
   *
   * @throws RecurException when {@code dir} holds another sweep, or something that is not a sweep
   */
  public static SweepDirectory resume(Path dir, Sweep sweep) {
    requireNonNull(dir, "dir is null");
    if (isEmptyOrAbsent(dir)) {
      return create(dir, sweep);
    }
    Path planFile = dir.resolve(PLAN);
    Map<?, ?> recorded;
    try {
      recorded = (Map<?, ?>) Json.read(Files.readString(planFile));
    } catch (NoSuchFileException e) {
      throw new RecurException(dir + ": not a sweep directory (no " + PLAN + "); expected the --sweep-dir of an "
          + "earlier 'recur sweep'");
    } catch (IOException | RuntimeException e) {
      throw new RecurException(planFile + ": cannot be read (" + e.getMessage() + ")", e);
    }
    List<String> ids = new ArrayList<>();
    for (Object t : (List<?>) recorded.get("trials")) {
      ids.add(String.valueOf(((Map<?, ?>) t).get("id")));
    }
    List<String> now = sweep.trials().stream().map(Trial::id).toList();
    if (!ids.equals(now)) {
      throw new RecurException(dir + ": holds another sweep (" + firstDifference(ids, now) + "); expected the "
          + "same config and --set options it was started with");
    }
    // compared as JSON text: numbers read back may be of another boxed type than those written
    String budgets = Json.write(recorded.get(HALVING));
    String planned = Json.write(halving(sweep));
    if (!planned.equals(budgets)) {
      throw new RecurException(dir + ": holds this sweep's trials with other rungs (" + budgets + ", this sweep "
          + planned + "); expected the same min_epochs, reduction_factor and max_epochs it was "
          + "started with");
    }
    if (sweep.rungs().isPresent()) {
      // a halving sweep trains its unfinished trials on from their checkpoints: nothing is deleted
      return new SweepDirectory(dir, 0);
    }
    int restarted = 0;
    for (Trial t : sweep.trials()) {
      Path trialDir = dir.resolve(TRIALS).resolve(t.id());
      if (Files.exists(trialDir) && !Files.exists(trialDir.resolve(MARKER))) {
        deleteTree(trialDir);
        restarted++;
      }
    }
    return new SweepDirectory(dir, restarted);
  }

  private static String firstDifference(List<String> recorded, List<String> now) {
    if (recorded.size() != now.size()) {
      return "it has " + recorded.size() + " trials, this sweep " + now.size();
    }
    for (int i = 0; i < now.size(); i++) {
      if (!recorded.get(i).equals(now.get(i))) {
        return "its trial " + i + " is " + recorded.get(i) + ", this sweep's is " + now.get(i);
      }
    }
    return "same trials";
  }

  public Path path() {
    return root;
  }

  /** How many unfinished trial folders {@link #resume} deleted. */
  public int restarted() {
    return restarted;
  }

  /** The trial's run directory, {@code trials/<id>}. */
  public Path trialDirectory(Trial trial) {
    return root.resolve(TRIALS).resolve(trial.id());
  }

  public boolean isFinished(Trial trial) {
    return Files.exists(trialDirectory(trial).resolve(MARKER));
  }

  /** The finished trial's result, read from its marker; empty while it has none. */
  public Optional<TrialResult> result(Trial trial) {
    Path marker = trialDirectory(trial).resolve(MARKER);
    try {
      return Optional.of(TrialMarker.fromJson((Map<?, ?>) Json.read(Files.readString(marker))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new RecurException(marker + ": cannot be read (" + e.getMessage() + "); delete the trial's folder and "
          + "run again with --resume", e);
    }
  }

  /** Writes the trial's marker, atomically: from now on the trial counts as finished. */
  public void markFinished(TrialResult result) {
    AtomicFiles.write(root.resolve(TRIALS).resolve(result.id()).resolve(MARKER), Json.writePretty(TrialMarker.toJson(result)));
  }

  /** Writes a summary file (atomically, so a reader never sees half a table). */
  public void writeSummary(String name, String text) {
    AtomicFiles.write(root.resolve(name), text);
  }

  private static Map<String, Object> plan(Sweep sweep) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("experiment", sweep.name());
    m.put("config", sweep.base().source().toString());
    m.put("hash", sweep.hash());
    m.put("method", sweep.spec().method().yamlName());
    m.put("metric", sweep.metric());
    m.put("mode", sweep.maximize() ? "max" : "min");
    List<Object> parameters = new ArrayList<>();
    sweep.spec().parameters().forEach(p -> parameters.add(Map.of("path", p.path(), "domain", p.domain())));
    m.put("parameters", parameters);
    m.put("seeds", sweep.spec().seeds());
    if (halving(sweep) != null) {
      m.put(HALVING, halving(sweep));
    }
    List<Object> trials = new ArrayList<>();
    for (Trial t : sweep.trials()) {
      Map<String, Object> trial = new LinkedHashMap<>();
      trial.put("index", t.index());
      trial.put("id", t.id());
      Map<String, Object> values = new LinkedHashMap<>();
      t.assignments().forEach(a -> values.put(a.path(), a.text()));
      trial.put("assignments", values);
      trials.add(trial);
    }
    m.put("trials", trials);
    return m;
  }

  /** A halving sweep's budgets as the plan records them; null for grid and random. */
  private static Map<String, Object> halving(Sweep sweep) {
    return sweep.spec().halving().map(h -> {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("min_epochs", h.minEpochs());
      m.put("reduction_factor", h.reductionFactor());
      m.put("max_epochs", h.maxEpochs());
      return m;
    }).orElse(null);
  }

  private static String safeName(String name) {
    return name.replaceAll("[^A-Za-z0-9._-]+", "_");
  }

  private static boolean isEmptyOrAbsent(Path dir) {
    if (!Files.exists(dir)) {
      return true;
    }
    if (!Files.isDirectory(dir)) {
      throw new RecurException(dir + ": exists and is a file; expected a sweep directory");
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + dir + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try {
      Directories.deleteTree(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the unfinished trial " + dir + ": " + e.getMessage(), e);
    }
  }

}
