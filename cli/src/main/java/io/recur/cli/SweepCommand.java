package io.recur.cli;

import io.recur.config.SweepLoader;
import io.recur.registry.Registry;
import io.recur.spi.RecurException;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialResult;
import io.recur.sweep.LocalTrialExecutor;
import io.recur.sweep.LocalTrialRunner;
import io.recur.sweep.RungHistory;
import io.recur.sweep.RungOutcome;
import io.recur.sweep.RungProgress;
import io.recur.sweep.RungRecords;
import io.recur.sweep.RungScheduler;
import io.recur.sweep.Sweep;
import io.recur.sweep.SweepDirectory;
import io.recur.sweep.SweepProgress;
import io.recur.sweep.SweepSummary;
import io.recur.sweep.Trial;
import io.recur.sweep.TrialExecutors;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code recur sweep CONFIG.yaml}: runs every trial of the config's {@code sweep:} block, each
 * into an ordinary run directory under {@code SWEEP_DIR/trials/}, then writes the summaries.
 * Exit code 0 when at least one trial trained to the end (failed ones are listed), 2 when the
 * config is bad or every trial failed, 1 on an internal failure.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true,
    description = "Run every trial of CONFIG's sweep: block and summarise them (docs/sweeps.md).")
final class SweepCommand implements Callable<Integer> {
  /** Rows of the trial table printed at the end; summary.csv has them all. */
  private static final int TABLE_ROWS = 20;

  @Parameters(index = "0", paramLabel = "CONFIG", description = "The experiment YAML file with a sweep: block.")
  Path config;

  @Option(names = "--workers", paramLabel = "N", defaultValue = "1",
      description = "Trials run at once (at most the number of cores); each gets cores / N compute threads. Default: 1.")
  int workers;

  @Option(names = "--sweep-dir", paramLabel = "DIR",
      description = "Where to write the sweep. Default: sweeps/<name>-<time>-<hash>.")
  Path sweepDir;

  @Option(names = "--resume",
      description = "Continue the sweep in --sweep-dir (default: the newest one of this sweep under sweeps/): "
          + "finished trials are kept, unfinished ones start again.")
  boolean resume;

  @Option(names = "--set", paramLabel = "PATH=VALUE",
      description = "Override a config value (the sweep: block included) before the sweep applies its own. Repeatable.")
  List<String> overrides = new ArrayList<>();

  @Option(names = "--executor", paramLabel = "NAME",
      description = "Where trials run: a registered trial executor, such as spark from the executors-spark plugin "
          + "(docs/distributed.md). Default: the config's sweep.executor, else local.")
  String executorName;

  @Option(names = "--executor-option", paramLabel = "KEY=VALUE",
      description = "A setting for a non-local executor. Repeatable.")
  Map<String, String> executorOptions = new LinkedHashMap<>();

  @Option(names = "--spark-master", paramLabel = "URL",
      description = "With --executor spark: the Spark master (spark://HOST:PORT, local[N]…). Default: local[*], "
          + "Spark embedded in this process.")
  String sparkMaster;

  @Option(names = "--conf", paramLabel = "KEY=VALUE",
      description = "With --executor spark: a Spark setting, as spark-submit --conf takes it "
          + "(spark.executor.memory=4g). Repeatable.")
  Map<String, String> sparkConf = new LinkedHashMap<>();

  @Mixin
  DataDirOption dataDirectory;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    PrintStream out = new PrintStream(new WriterOutputStream(spec.commandLine().getOut()), true);
    if (workers < 1) {
      throw new RecurException("--workers: expected an integer >= 1, got " + workers);
    }
    int cores = Runtime.getRuntime().availableProcessors();
    int used = Math.min(workers, cores);
    if (used < workers) {
      out.println("note: " + workers + " workers asked for, " + used + " used: this machine has " + cores + " cores");
    }
    int threads = Math.max(1, cores / used);
    Registry registry = common.registry(config, overrides);
    SweepLoader.Plan plan = new SweepLoader(registry).load(config, overrides, threads).orElseThrow(() ->
        new RecurException(config + ": has no 'sweep:' block; expected one (docs/sweeps.md), or use 'recur train' "
            + "for a single run"));
    TrialExecutor executor = executor(plan, registry);
    Map<String, String> options = executorOptions(executor);
    Sweep sweep = Sweep.of(plan, registry);
    SweepDirectory directory = directory(sweep);

    List<TrialResult> done = new ArrayList<>();
    List<Trial> pending = new ArrayList<>();
    for (Trial t : sweep.trials()) {
      directory.result(t).ifPresentOrElse(done::add, () -> pending.add(t));
    }
    out.println("sweep " + sweep.name() + ": " + describe(sweep) + "; " + used + (used == 1 ? " worker" : " workers")
        + " × " + threads + (threads == 1 ? " thread" : " threads") + "; " + directory.path());
    rungLines(sweep).forEach(l -> out.println("  " + l));
    if (sweep.rungs().isPresent()) {
      return runRungs(sweep, directory, registry, executor, new TrialExecutor.Settings(used, options), out);
    }
    if (resume && !done.isEmpty()) {
      out.println("resuming: " + done.size() + " finished, " + pending.size() + " to run"
          + (directory.restarted() > 0 ? " (" + directory.restarted() + " unfinished started again)" : ""));
    }
    SweepProgress progress = new SweepProgress(sweep, out, System.console() != null ? System.err : null, done);
    String resumeCommand = resumeCommand(directory.path());
    // Ctrl-C: each running trial checkpoints and stops (its own hook); this says how to go on
    PrintWriter err = spec.commandLine().getErr();
    Thread onExit = new Thread(() -> {
      progress.clear();
      err.println("recur sweep: stopped; finished trials are kept, unfinished ones start again with: " + resumeCommand);
      err.flush();
    }, "recur-sweep-on-exit");
    Runtime.getRuntime().addShutdownHook(onExit);
    try {
      LocalTrialRunner runner = new LocalTrialRunner(sweep, directory, registry,
          dataDirectory.resolve(), resumeCommand);
      executor.run(pending.stream().map(runner::portable).toList(), runner, new TrialExecutor.Settings(used, options),
          progress);
    } finally {
      progress.clear();
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already, and the hook is running
      }
    }

    List<TrialResult> results = results(sweep, directory, "after the executor returned");
    SweepSummary summary = SweepSummary.of(sweep, results);
    writeSummaries(directory, summary);
    out.println();
    out.print(summary.table(TABLE_ROWS));
    out.println();
    out.println("sweep directory: " + directory.path() + " (" + SweepDirectory.SUMMARY_CSV + ", "
        + SweepDirectory.SUMMARY_BY_CONFIG_CSV + ", " + SweepDirectory.SUMMARY_HTML + ")");
    if (summary.failed() == results.size()) {
      throw new RecurException("every trial failed; the first: " + summary.rows().get(0).result().error());
    }
    return Main.OK;
  }

  /** Every trial's result, read from the marker each must have left {@code when}. */
  private static List<TrialResult> results(Sweep sweep, SweepDirectory directory, String when) {
    List<TrialResult> results = new ArrayList<>();
    for (Trial t : sweep.trials()) {
      results.add(directory.result(t).orElseThrow(() -> new IllegalStateException(
          "trial " + t.id() + " has no " + SweepDirectory.MARKER + " " + when)));
    }
    return results;
  }

  /** summary.csv, summary-by-config.csv and summary.html. */
  private static void writeSummaries(SweepDirectory directory, SweepSummary summary) {
    directory.writeSummary(SweepDirectory.SUMMARY_CSV, summary.csv());
    directory.writeSummary(SweepDirectory.SUMMARY_BY_CONFIG_CSV, summary.byConfigCsv());
    directory.writeSummary(SweepDirectory.SUMMARY_HTML, summary.html());
  }

  /**
   * A halving or Hyperband sweep: rung by rung (finished rungs kept, unfinished trials trained on
   * from their checkpoints), then the summaries with the rung history and {@code rungs.jsonl}.
   */
  private int runRungs(Sweep sweep, SweepDirectory directory, Registry registry, TrialExecutor executor,
      TrialExecutor.Settings settings, PrintStream out) {
    RungRecords records = new RungRecords(directory.path());
    if (resume) {
      out.println("resuming: finished rungs are kept, unfinished trials continue from their checkpoints");
    }
    String resumeCommand = resumeCommand(directory.path());
    PrintWriter err = spec.commandLine().getErr();
    Thread onExit = new Thread(() -> {
      err.println("recur sweep: stopped; finished rungs are kept, unfinished trials continue from their checkpoints"
          + " with: " + resumeCommand);
      err.flush();
    }, "recur-sweep-on-exit");
    Runtime.getRuntime().addShutdownHook(onExit);
    List<RungOutcome> outcomes;
    try {
      RungScheduler scheduler = new RungScheduler(sweep, records);
      RungProgress progress = new RungProgress(sweep, out);
      outcomes = scheduler.run(executor, settings, RungScheduler.runners(sweep, directory, records, registry,
          dataDirectory.resolve(), resumeCommand), progress, progress);
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onExit);
      } catch (IllegalStateException e) {
        // the JVM is shutting down already, and the hook is running
      }
    }
    RungHistory history = RungHistory.of(sweep, outcomes);
    List<TrialResult> results = results(sweep, directory, "after its rungs");
    SweepSummary summary = SweepSummary.of(sweep, results, history);
    directory.writeSummary(SweepDirectory.RUNGS_JSONL, history.jsonl());
    writeSummaries(directory, summary);
    out.println();
    out.print(summary.table(TABLE_ROWS));
    out.println();
    out.println("winner: " + history.winnerLine());
    out.println("epochs spent: " + history.budgetLine());
    out.println("sweep directory: " + directory.path() + " (" + SweepDirectory.SUMMARY_CSV + ", "
        + SweepDirectory.SUMMARY_BY_CONFIG_CSV + ", " + SweepDirectory.SUMMARY_HTML + ", "
        + SweepDirectory.RUNGS_JSONL + ")");
    if (summary.failed() == results.size()) {
      throw new RecurException("every trial failed; the first: " + summary.rows().get(0).result().error());
    }
    return Main.OK;
  }

  /** A halving or Hyperband sweep's brackets, rungs and epoch budget; nothing for grid and random. */
  static List<String> rungLines(Sweep sweep) {
    return sweep.rungs().map(p -> p.schedule().describe(sweep.repeats(),
        p.gridEpochs(sweep.configurations(), sweep.repeats()))).orElse(List.of());
  }

  /** {@code --executor}, else the config's {@code sweep.executor}, else {@code local}. */
  private TrialExecutor executor(SweepLoader.Plan plan, Registry registry) {
    if (executorName != null) {
      return TrialExecutors.find(executorName, registry, "--executor");
    }
    var spec = plan.sweep();
    return spec.executor().map(name -> TrialExecutors.find(name, registry, spec.executorLocation() + ": sweep.executor"))
        .orElseGet(LocalTrialExecutor::new);
  }

  /**
   * {@code --executor-option}, {@code --conf} and {@code --spark-master} as one map (the master as
   * {@code spark.master}); the local executor takes none of them.
   */
  private Map<String, String> executorOptions(TrialExecutor executor) {
    Map<String, String> options = new LinkedHashMap<>(executorOptions);
    for (Map.Entry<String, String> e : sparkConf.entrySet()) {
      if (!e.getKey().startsWith("spark.")) {
        throw new RecurException("--conf " + e.getKey() + "=" + e.getValue() + ": expected a Spark setting, a key "
            + "starting with 'spark.' (spark.executor.memory=4g)");
      }
      options.put(e.getKey(), e.getValue());
    }
    if (sparkMaster != null) {
      if (sparkMaster.isBlank()) {
        throw new RecurException("--spark-master: expected a Spark master URL (spark://HOST:PORT, local[4]), got ''");
      }
      options.put("spark.master", sparkMaster);
    }
    if (executor instanceof LocalTrialExecutor && !options.isEmpty()) {
      throw new RecurException("--executor-option, --conf and --spark-master are settings of a distributed executor; "
          + "the local executor takes none (got " + String.join(", ", options.keySet()) + "). Add --executor spark "
          + "(with --plugins naming the executors-spark plugin, docs/distributed.md)");
    }
    return options;
  }

  private SweepDirectory directory(Sweep sweep) {
    Path sweeps = Path.of("sweeps");
    if (!resume) {
      return SweepDirectory.create(sweepDir != null ? sweepDir : SweepDirectory.defaultPath(sweeps, sweep), sweep);
    }
    Path dir = sweepDir != null ? sweepDir : SweepDirectory.latest(sweeps, sweep).orElseThrow(() ->
        new RecurException("--resume: found no earlier run of this sweep under " + sweeps.toAbsolutePath()
            + "; expected --sweep-dir DIR naming it"));
    return SweepDirectory.resume(dir, sweep);
  }

  /** The command that continues this sweep after an interruption. */
  private String resumeCommand(Path dir) {
    StringBuilder b = new StringBuilder("recur sweep ").append(config).append(" --sweep-dir ").append(dir);
    overrides.forEach(o -> b.append(" --set ").append(o));
    common.plugins.forEach(p -> b.append(" --plugins ").append(p));
    if (executorName != null) {
      b.append(" --executor ").append(executorName);
    }
    executorOptions.forEach((k, v) -> b.append(" --executor-option ").append(k).append('=').append(v));
    if (sparkMaster != null) {
      b.append(" --spark-master ").append(sparkMaster);
    }
    sparkConf.forEach((k, v) -> b.append(" --conf ").append(k).append('=').append(v));
    return b.append(" --resume").toString();
  }

  /** {@code 36 trials (12 configurations from a grid over 3 parameters, × 3 seeds), ordered by val.loss (min)}. */
  static String describe(Sweep sweep) {
    if (sweep.rungs().isPresent()) {
      int configurations = sweep.configurations();
      int parameters = sweep.spec().parameters().size();
      int repeats = sweep.repeats();
      return sweep.spec().method().yamlName() + " over " + configurations
          + (configurations == 1 ? " configuration" : " configurations") + " from a "
          + (sweep.spec().drawsPoints() ? "random draw" : "grid") + " over " + parameters
          + (parameters == 1 ? " parameter" : " parameters")
          + (sweep.spec().seeds().isEmpty() ? "" : ", × " + repeats + (repeats == 1 ? " seed" : " seeds"))
          + ", reduction factor " + sweep.spec().halving().orElseThrow().reductionFactor() + ", "
          + sweep.trials().size() + (sweep.trials().size() == 1 ? " trial" : " trials")
          + ", ordered by " + sweep.metric() + " (" + (sweep.maximize() ? "max" : "min") + ")";
    }
    int n = sweep.trials().size();
    int repeats = sweep.repeats();
    int parameters = sweep.spec().parameters().size();
    String what = parameters == 0 ? "the experiment"
        : (n / repeats) + (n / repeats == 1 ? " configuration" : " configurations") + " from a "
            + sweep.spec().method().yamlName() + " over " + parameters + (parameters == 1 ? " parameter" : " parameters");
    return n + (n == 1 ? " trial" : " trials") + " (" + what
        + (sweep.spec().seeds().isEmpty() ? "" : ", × " + repeats + (repeats == 1 ? " seed" : " seeds")) + ")"
        + ", ordered by " + sweep.metric() + " (" + (sweep.maximize() ? "max" : "min") + ")";
  }

}
