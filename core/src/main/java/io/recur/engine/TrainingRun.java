package io.recur.engine;

import io.recur.model.EpochNumbers;
import io.recur.model.FinalTest;
import io.recur.model.MetricsLines;
import io.recur.model.Model;
import io.recur.model.EpochResult;
import io.recur.model.RandomStreams;
import io.recur.model.StepwiseModels;
import io.recur.model.ModelSummary;
import static java.util.Objects.requireNonNull;

import io.recur.checkpoint.CheckpointFile;
import io.recur.checkpoint.CheckpointStore;
import io.recur.config.ConfigHash;
import io.recur.config.ConfigLocations;
import io.recur.config.ConfigYaml;
import io.recur.config.EarlyStoppingParams;
import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.io.Json;
import io.recur.io.Sha256;
import io.recur.plugin.PluginProvenance;
import io.recur.registry.Registry;
import io.recur.report.Curves;
import io.recur.report.ReportContext;
import io.recur.report.ReportSection;
import io.recur.report.RunReport;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.schedule.LrSchedule;
import io.recur.schedule.Monitor;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import io.recur.tensor.Parallelism;
import io.recur.tensor.Tensor;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One training run, end to end: load the data, build the model, write {@code config.yaml} and
 * {@code provenance.json}, train with a checkpoint after every epoch (and every N steps when
 * configured), save {@code model/}, and write {@code curves.png} and {@code report.html}.
 * Everything it needs is injected.
 *
 * <p>With {@link RunOptions#resume()} it continues a run from the newest valid checkpoint in its
 * directory (falling back to the previous one when the newest is damaged), after checking that
 * the config is the one the run was started with, and cuts metrics.jsonl back to what that
 * checkpoint had seen: the weights and metrics it ends with are the same bits an uninterrupted
 * run gives. A JVM shutdown while training (Ctrl-C) writes a checkpoint before the JVM exits.
 */
public final class TrainingRun {
  /**
   * What a finished run leaves behind.
   *
   * @param model the model as saved in {@code model/}: the best epoch's weights when early
   *     stopping is configured, else the last epoch's
   * @param epochs every epoch's result, including those before a resume
   * @param test the test split scored once after training ({@code training.evaluate_test: end}),
   *     or null (scored every epoch, or no test split)
   */
  public record Result(RunDirectory directory, Model model, List<EpochResult> epochs, FinalTest test) {}

  private final ExperimentSpec spec;
  private final Registry registry;
  private final RandomStreams streams;
  private final DataDirectory dataDirectory;
  private final RunDirectory runDirectory;
  private final List<TrainingListener> listeners;
  private final List<ReportSection> sections;
  private final RunOptions options;
  private final ConfigLocations locations;

  @Inject
  TrainingRun(ExperimentSpec spec, Registry registry, RandomStreams streams, DataDirectory dataDirectory,
      RunDirectory runDirectory, Set<TrainingListener> listeners, Set<ReportSection> sections, RunOptions options,
      ConfigLocations locations) {
    this.spec = requireNonNull(spec, "spec is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.streams = requireNonNull(streams, "streams is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    this.listeners = List.copyOf(listeners);
    this.sections = List.copyOf(sections);
    this.options = requireNonNull(options, "options is null");
    this.locations = requireNonNull(locations, "locations is null");
  }

  public Result run() {
    PreparedExperiment prepared = PreparedExperiment.of(spec, registry, dataDirectory, streams);
    Dataset dataset = prepared.dataset();
    var schema = dataset.schema();
    Model model = prepared.model();
    Loss loss = prepared.loss();
    List<Metric> metrics = prepared.metrics();
    // the checks validate makes, before anything is written: one implementation for both
    new ExperimentCheck(spec, locations).run(prepared).forEach(w -> notice("warning: " + w));
    Optimizer optimizer = registry.optimizer(spec.optimizer().type()).create(spec.optimizer().params(), model.parameters());
    ModelSummary summary = ModelSummary.of(model, spec.optimizer().type(), optimizer);
    summary.lines().forEach(this::notice);
    Params training = spec.training();
    Trainer trainer = new Trainer(model, loss, optimizer, metrics, settings(training), streams, listeners);
    List<String> columns = trainer.columns(dataset);
    Map<String, Boolean> higherIsBetter = new LinkedHashMap<>();
    metrics.forEach(m -> higherIsBetter.put(m.label(), m.higherIsBetter()));
    LrSchedule schedule = LrSchedule.of(training.get(TrainingParams.LR_SCHEDULE), optimizer.learningRate(),
        training.get(TrainingParams.EPOCHS), columns, higherIsBetter);
    EarlyStopping earlyStopping = earlyStopping(training.get(TrainingParams.EARLY_STOPPING), columns, higherIsBetter);

    String config = ConfigYaml.write(spec.resolved());
    String hash = ConfigHash.shortHash(spec.resolved());
    CheckpointStore store = new CheckpointStore(runDirectory.checkpointsDirectory());
    int epochs = training.get(TrainingParams.EPOCHS);
    Checkpointer checkpointer = new Checkpointer(store, model, optimizer, schedule, hash, epochs);
    Progress progress = null;
    if (options.resume()) {
      progress = resume(store, checkpointer, dataset.splits().get(Dataset.TRAIN).size(), epochs,
          savedEpochs -> LrSchedule.of(training.get(TrainingParams.LR_SCHEDULE), optimizer.learningRate(),
              savedEpochs, columns, higherIsBetter));
    }
    WarmStart.Applied warm = null;
    if (progress == null) {
      // after the fresh initialisation, before the first step; a resumed run has its weights already
      warm = WarmStart.apply(training, spec.source().toAbsolutePath().getParent(), model, locations);
      if (warm != null) {
        notice("initialised from " + warm.directory() + (warm.kept().isEmpty() ? ""
            : "; kept their fresh initialisation (training.init_from_strict: false): " + String.join("; ", warm.kept())));
      }
      progress = trainer.start(dataset);
    }
    if (!Files.exists(runDirectory.path().resolve(RunDirectory.CONFIG))) {
      runDirectory.writeConfig(config);
    }
    if (!Files.exists(runDirectory.path().resolve(RunDirectory.PROVENANCE))) {
      Path workDir = spec.source().toAbsolutePath().getParent();
      Map<String, Object> provenance = new LinkedHashMap<>(Provenance.of(spec.name(), spec.seed(), hash,
          spec.data().type(), dataset.fingerprint(), PluginProvenance.jars(registry), workDir)); // #5: plugin jars, sha256
      provenance.put(Provenance.CONFIG_FILE, spec.source().toAbsolutePath().normalize().toString());
      if (warm != null) {
        provenance.put(Provenance.INIT_FROM, warm.provenance());
      }
      runDirectory.writeProvenance(provenance);
    }
    Trainer.Hooks hooks = checkpointer.hooks(earlyStopping != null ? () -> SavedModel.save(runDirectory.modelDirectory(),
        spec, schema, model, registry) : () -> {});
    StopSignal signal = checkpointer.signal;
    Thread hook = new Thread(signal::requestAndWait, "recur-checkpoint-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // #7: training.threads compute threads for the kernels; the weights come out the same bits for any value
      try (Parallelism compute = Parallelism.open(training.get(TrainingParams.THREADS))) {
        trainer.fit(spec.name(), dataset, progress, schedule, earlyStopping, hooks);
      }
    } catch (TrainingInterruptedException e) {
      Progress at = e.progress();
      String how = options.command().isEmpty() ? "" : "; continue with: " + options.command();
      notice("interrupted at " + at.describe() + "; checkpoint " + checkpointer.last + how);
      throw e;
    } finally {
      signal.done();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down: the hook is running and waits for done() above
      }
    }

    Map<String, Double> baselines = dataset.baselines();
    if (!baselines.isEmpty()) {
      runDirectory.writeBaselines(baselines);
      listeners.forEach(l -> l.onBaselines(baselines));
    }
    if (earlyStopping == null || progress.bestEpoch() < 0) {
      if (earlyStopping != null) {
        notice("no epoch had a finite " + earlyStopping.monitor().column() + "; model/ holds the last epoch");
      }
      SavedModel.save(runDirectory.modelDirectory(), spec, schema, model, registry); // #5: + plugin types used
    } else {
      // model/ holds the best epoch, saved when it happened; the run's model is that one too
      SavedModel.loadWeights(runDirectory.modelDirectory().resolve(SavedModel.WEIGHTS), model);
    }
    FinalTest test = finalTest(trainer, dataset, progress, earlyStopping);
    if (test != null) {
      listeners.forEach(l -> l.onTest(test));
    }
    writeReport(dataset, model, progress, higherIsBetter, baselines, config, earlyStopping, summary, test);
    return new Result(runDirectory, model, progress.history(), test);
  }

  /**
   * The test split scored once, after training, with the weights model/ holds (the best epoch's
   * with early stopping): the only time a run with {@code training.evaluate_test: end} looks at
   * test data. Null when every epoch scored it, or there is no test data. It draws no random
   * numbers, so a resumed run scores the same bits.
   */
  private FinalTest finalTest(Trainer trainer, Dataset dataset, Progress progress, EarlyStopping earlyStopping) {
    io.recur.spi.Split test = dataset.splits().get(Dataset.TEST);
    if (evaluatesTestEveryEpoch(spec.training()) || test == null || test.size() == 0 || progress.history.isEmpty()) {
      return null;
    }
    boolean best = earlyStopping != null && progress.bestEpoch() >= 0;
    int epoch = best ? progress.bestEpoch() : progress.history.get(progress.history.size() - 1).epoch();
    return new FinalTest(epoch, best ? earlyStopping.monitor().column() : null, trainer.evaluate(Dataset.TEST, test));
  }

  /** Writes each checkpoint and tells the trainer when to stop. */
  private final class Checkpointer {
    private final CheckpointStore store;
    private final Model model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final String configHash;
    private final int epochs;
    final StopSignal signal = new StopSignal();
    Path last;

    Checkpointer(CheckpointStore store, Model model, Optimizer optimizer, LrSchedule schedule, String configHash,
        int epochs) {
      this.store = store;
      this.model = model;
      this.optimizer = optimizer;
      this.schedule = schedule;
      this.configHash = configHash;
      this.epochs = epochs;
    }

    Trainer.Hooks hooks(Runnable saveBest) {
      return new Trainer.Hooks() {
        @Override
        public void checkpoint(Progress p) {
          byte[] metricsSoFar = readMetrics();
          last = store.write(p.step, TrainingCheckpoint.tensors(model, optimizer, p),
              TrainingCheckpoint.metadata(p, optimizer, streams, schedule, metricsSoFar.length,
                  Sha256.of(metricsSoFar), configHash, epochs));
        }

        @Override
        public void onBest(Progress p) {
          saveBest.run();
        }

        @Override
        public boolean stopRequested() {
          return signal.requested();
        }
      };
    }

    /** @param changes what the resume changed: a checkpoint of a run since extended carries its older hash */
    void check(CheckpointFile.Contents c, int trainSize, ResumeChanges changes) {
      TrainingCheckpoint.check(c, model, optimizer, trainSize, changes.hashFor(TrainingCheckpoint.epochs(c)));
    }

    Progress restore(CheckpointFile.Contents c) {
      last = c.file();
      return TrainingCheckpoint.restore(c, model, optimizer, streams, schedule);
    }
  }

  /**
   * Restores the newest usable checkpoint, or returns null to start from the beginning (a run
   * stopped before its first checkpoint).
   */
  private Progress resume(CheckpointStore store, Checkpointer checkpointer, int trainSize, int epochs,
      IntFunction<LrSchedule> scheduleFor) {
    Path configFile = runDirectory.path().resolve(RunDirectory.CONFIG);
    if (!Files.exists(configFile)) {
      notice("resume: " + runDirectory.path() + " holds no run yet; starting from the beginning");
      runDirectory.truncateMetrics(0);
      return null;
    }
    ResumeChanges changes = ResumeChanges.check(configFile, spec.resolved(), epochs);
    store.removeLeftovers();
    // a kill while writing the model or the report leaves a .NAME.<uuid>.tmp beside it
    runDirectory.removeLeftovers().forEach(p -> notice("resume: removed " + p + ", left by an interrupted write"));
    List<String> problems = new ArrayList<>();
    Optional<CheckpointStore.Found> found =
        store.latestValid(c -> checkpointer.check(c, trainSize, changes), problems);
    if (found.isEmpty()) {
      problems.forEach(p -> notice("resume: unusable checkpoint: " + p));
      notice("resume: no usable checkpoint in " + store.directory() + "; starting from the beginning");
      runDirectory.truncateMetrics(0);
      return null;
    }
    CheckpointStore.Found f = found.get();
    for (String skipped : f.skipped()) {
      notice("resume: unusable checkpoint: " + skipped + "; falling back to the previous checkpoint");
    }
    CheckpointFile.Contents c = f.contents();
    Progress p = checkpointer.restore(c);
    p.history.addAll(restoreMetrics(c));
    notice("resuming from " + c.file() + " at " + p.describe());
    if (changes.extended()) {
      extend(p, changes.savedEpochs(), epochs, scheduleFor);
    }
    return p;
  }

  /**
   * Continues a run to more epochs than it was started for: a finished run (not stopped early)
   * trains on, and config.yaml and provenance.json now describe the longer run.
   */
  private void extend(Progress p, int savedEpochs, int epochs, IntFunction<LrSchedule> scheduleFor) {
    String more = "from " + savedEpochs + " to " + epochs + " epochs";
    if (p.stopReason != null) {
      notice("resume: the run stopped early (" + p.stopReason + "); more epochs do not continue it");
    } else {
      p.finished = false;
      notice("resume: continuing the run " + more);
    }
    LrSchedule before = scheduleFor.apply(savedEpochs);
    LrSchedule after = scheduleFor.apply(epochs);
    for (int e = 0; e < epochs; e++) {
      if (Double.doubleToLongBits(before.rateFor(e)) != Double.doubleToLongBits(after.rateFor(e))) {
        notice("note: training.lr_schedule follows training.epochs, so its rates change mid-run (from epoch " + EpochNumbers.shown(e)
            + " on); the result differs from a run trained straight to " + epochs + " epochs");
        break;
      }
    }
    runDirectory.writeConfig(ConfigYaml.write(spec.resolved()));
    recordExtension(savedEpochs, epochs);
  }

  /** Cuts metrics.jsonl back to the checkpoint and reads the epochs it holds. */
  private List<EpochResult> restoreMetrics(CheckpointFile.Contents c) {
    long length = TrainingCheckpoint.metricsBytes(c);
    byte[] all = readMetrics();
    Path file = runDirectory.path().resolve(RunDirectory.METRICS);
    if (length > all.length || !Sha256.of(Arrays.copyOf(all, (int) length)).equals(TrainingCheckpoint.metricsSha256(c))) {
      throw new RecurException(file + ": its first " + length + " bytes are not those " + c.file() + " saw; the file"
          + " was changed after the run wrote it. Restore it, or start a new run");
    }
    runDirectory.truncateMetrics(length);
    String text = new String(all, 0, (int) length, StandardCharsets.UTF_8);
    // older runs count from 0 in this file; MetricsLines reads both numberings
    return MetricsLines.read(Arrays.asList(text.split("\n")), i -> file + ":" + (i + 1)).epochs();
  }

  private byte[] readMetrics() {
    Path file = runDirectory.path().resolve(RunDirectory.METRICS);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }

  private void notice(String message) {
    listeners.forEach(l -> l.onNotice(message));
  }

  private static EarlyStopping earlyStopping(Params section, List<String> columns, Map<String, Boolean> higherIsBetter) {
    if (section == null) {
      return null;
    }
    Monitor monitor = Monitor.resolve(section.get(EarlyStoppingParams.MONITOR), section.get(EarlyStoppingParams.MODE),
        "training.early_stopping.monitor", columns, higherIsBetter);
    return new EarlyStopping(monitor, section.get(EarlyStoppingParams.PATIENCE), section.get(EarlyStoppingParams.MIN_DELTA));
  }

  /**
   * curves.png and report.html. A failure here (no fonts for the plot, say) costs the report,
   * not the run: the model and metrics are already saved, so it is reported and training still
   * succeeds.
   */
  private void writeReport(Dataset dataset, Model model, Progress progress, Map<String, Boolean> higherIsBetter,
      Map<String, Double> baselines, String config, EarlyStopping earlyStopping, ModelSummary summary, FinalTest test) {
    List<EpochResult> history = progress.history();
    String status;
    if (progress.stopReason() != null) {
      status = "Stopped early after " + history.size() + " of " + spec.training().get(TrainingParams.EPOCHS)
          + " epochs (" + progress.stopReason() + ").";
    } else {
      status = "Completed " + history.size() + " epochs.";
    }
    Map<String, String> missing = new LinkedHashMap<>();
    try {
      io.recur.report.ClassConfusion.writeAll(runDirectory.path(), model, dataset); // #4: confusion-<split>.csv
    } catch (RuntimeException e) {
      missing.put(RunDirectory.CONFUSION_PREFIX + "<split>" + RunDirectory.CONFUSION_SUFFIX, reason(e));
    }
    byte[] png = null;
    try {
      png = Curves.png(history).orElse(null);
    } catch (RuntimeException | LinkageError | InternalError e) {
      missing.put(RunDirectory.CURVES, reason(e));
    }
    try {
      ReportContext context = new ReportContext(spec.name(), config, runDirectory.path(), model, dataset,
          dataset.schema(), registry.loss(spec.loss().type()).create(spec.loss().params()).outputKind(), history, higherIsBetter, baselines, status,
          earlyStopping == null ? -1 : progress.bestEpoch(), earlyStopping == null ? null : earlyStopping.monitor().column(), summary, test);
      runDirectory.writeReport(RunReport.html(context, Optional.ofNullable(png), sections), png);
    } catch (RuntimeException e) {
      missing.put(png != null && !Files.exists(runDirectory.path().resolve(RunDirectory.CURVES))
          ? RunDirectory.CURVES + ", " + RunDirectory.REPORT : RunDirectory.REPORT, reason(e));
    }
    missing.forEach((file, why) -> notice("warning: " + file + " not written: " + why));
    recordIncomplete(missing);
  }

  private static String reason(Throwable e) {
    return e instanceof RecurException && e.getMessage() != null ? e.getMessage() : String.valueOf(e);
  }

  /**
   * Records in provenance.json that the run was continued to more epochs ({@link
   * Provenance#EXTENDED}), with the config hash it now has.
   */
  @SuppressWarnings("unchecked")
  private void recordExtension(int from, int to) {
    Path file = runDirectory.path().resolve(RunDirectory.PROVENANCE);
    try {
      if (!(Json.read(Files.readString(file, StandardCharsets.UTF_8)) instanceof Map<?, ?> m)) {
        return;
      }
      Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) m);
      List<Object> extensions = provenance.get(Provenance.EXTENDED) instanceof List<?> l
          ? new ArrayList<>(l) : new ArrayList<>();
      extensions.add(new LinkedHashMap<>(Map.of("from_epochs", from, "to_epochs", to,
          "config_hash", provenance.getOrDefault(Provenance.CONFIG_HASH, Provenance.UNKNOWN))));
      provenance.put(Provenance.EXTENDED, extensions);
      provenance.put(Provenance.CONFIG_HASH, ConfigHash.shortHash(spec.resolved()));
      runDirectory.writeProvenance(provenance);
    } catch (IOException | RuntimeException e) {
      notice("warning: " + file + " could not record the extension to " + to + " epochs: " + reason(e));
    }
  }

  /**
   * Records in provenance.json the outputs that could not be written ({@link
   * Provenance#INCOMPLETE}), or removes an earlier record when all were: the run's status, for
   * scripts, since the run itself succeeds.
   */
  @SuppressWarnings("unchecked")
  private void recordIncomplete(Map<String, String> missing) {
    Path file = runDirectory.path().resolve(RunDirectory.PROVENANCE);
    try {
      Object doc = Json.read(Files.readString(file, StandardCharsets.UTF_8));
      if (!(doc instanceof Map<?, ?> m)) {
        return;
      }
      Map<String, Object> provenance = new LinkedHashMap<>((Map<String, Object>) m);
      if (missing.isEmpty() && !provenance.containsKey(Provenance.INCOMPLETE)) {
        return;
      }
      provenance.remove(Provenance.INCOMPLETE);
      if (!missing.isEmpty()) {
        provenance.put(Provenance.INCOMPLETE, new LinkedHashMap<>(missing));
      }
      runDirectory.writeProvenance(provenance);
    } catch (IOException | RuntimeException e) {
      notice("warning: " + file + " could not record the outputs not written: " + reason(e));
    }
  }

  /** The per-sample shape of the training targets, for layers whose output follows them. */
  public static int[] targetShape(Dataset dataset) {
    var train = dataset.splits().get(Dataset.TRAIN);
    if (train == null) {
      return null;
    }
    int[] shape = train.targets().shape();
    return Arrays.copyOfRange(shape, 1, shape.length);
  }

  /** Loads the experiment's dataset with the seeded data stream. */
  public static Dataset loadDataset(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory, RandomStreams streams) {
    return loadDataset(spec.data(), spec.source().toAbsolutePath().getParent(), registry, dataDirectory, streams);
  }

  /**
   * Loads a dataset of type {@code data} with the seeded data stream; relative paths in its
   * params resolve against {@code configDir}.
   */
  public static Dataset loadDataset(TypedValue data, Path configDir, Registry registry, DataDirectory dataDirectory,
      RandomStreams streams) {
    return loadDataset(data, configDir, registry, dataDirectory, streams, null, null);
  }

  /**
   * {@link #loadDataset(TypedValue, Path, Registry, DataDirectory, RandomStreams)} for evaluating a
   * saved model: the dataset is asked to encode with {@code savedSchema} ({@link
   * DataContext#savedSchema()}), and whatever it returns, built-in or plugin, must then agree with
   * it ({@link SchemaAgreement}), so data encoded with its own vocabulary or classes is refused
   * rather than scored.
   *
   * @param savedSchema the model's schema, or {@code null} to build the dataset's own (training)
   * @param source names where the data section came from in messages (the YAML file)
   */
  public static Dataset loadDataset(TypedValue data, Path configDir, Registry registry, DataDirectory dataDirectory,
      RandomStreams streams, DataSchema savedSchema, String source) {
    RandomGenerator random = streams.get(RandomStreams.DATA);
    DataContext context = new DataContext() {
      @Override public Path configDirectory() {
        return configDir;
      }

      @Override public Path dataDirectory() {
        return dataDirectory.path();
      }

      @Override public RandomGenerator random() {
        return random;
      }

      @Override public DataSchema savedSchema() {
        return savedSchema;
      }
    };
    Dataset dataset = registry.dataset(data.type()).create(data.params(), context);
    if (savedSchema != null) {
      SchemaAgreement.require(savedSchema, dataset.schema(), data.type(), source);
    }
    return dataset;
  }

  /**
   * The configured metrics, then the loss (reported for every split, as in seed 000's table)
   * unless the config lists a {@code loss} metric itself.
   */
  public static List<Metric> metrics(ExperimentSpec spec, Registry registry, Loss loss) {
    return metrics(spec.metrics(), registry, loss);
  }

  /** {@link #metrics(ExperimentSpec, Registry, Loss)} from the metric list alone. */
  public static List<Metric> metrics(List<TypedValue> configured, Registry registry, Loss loss) {
    List<Metric> metrics = new ArrayList<>();
    boolean hasLoss = false;
    for (TypedValue m : configured) {
      metrics.add(registry.metric(m.type()).create(m.params(), loss));
      hasLoss |= m.type().equals("loss");
    }
    if (!hasLoss) {
      metrics.add(registry.metric("loss").create(Params.of(Map.of()), loss));
    }
    return metrics;
  }

  static Trainer.Settings settings(Params training) {
    return new Trainer.Settings(training.get(TrainingParams.EPOCHS), training.get(TrainingParams.BATCH_SIZE),
        training.get(TrainingParams.SHUFFLE), training.get(TrainingParams.CLIP_NORM),
        training.get(TrainingParams.CHECKPOINT_EVERY_STEPS), Boolean.TRUE.equals(training.get(TrainingParams.CARRY_STATE)),
        !Boolean.FALSE.equals(training.get(TrainingParams.EVALUATE_TRAIN)), evaluationMode(training),
        !"warn".equals(training.get(TrainingParams.DIVERGENCE)), evaluatesTestEveryEpoch(training));
  }

  /** {@code training.evaluate_test}: only {@code every_epoch} scores the test split during training. */
  public static boolean evaluatesTestEveryEpoch(Params training) {
    return TrainingParams.EVERY_EPOCH.equals(training.get(TrainingParams.EVALUATE_TEST));
  }

  /** {@code training.evaluation}: windows unless it says stream. */
  public static Evaluator.Mode evaluationMode(Params training) {
    return "stream".equals(training.get(TrainingParams.EVALUATION)) ? Evaluator.Mode.STREAM : Evaluator.Mode.WINDOWS;
  }

  /**
   * Stream evaluation needs samples that continue one another and a model that runs a sequence a
   * piece at a time, carrying its state.
   *
   * @param where the message prefix naming the setting
   */
  public static void checkStreamEvaluation(Model model, Dataset dataset, String where, String dataType) {
    if (!dataset.consecutive()) {
      throw new RecurException(where + "dataset '" + dataType + "' does not give back-to-back windows (each sample"
          + " continuing the previous one), so there is no stream to score; use text in corpus mode with stride ="
          + " sequence_length, or evaluation: windows");
    }
    int[] shape = model.inputShape();
    String why = StepwiseModels.whyNotStepwise(model, Tensor.of(new float[1], 1, 1));
    if (shape.length != 1 || why != null) {
      throw new RecurException(where + "the model cannot carry its state from window to window: "
          + (why != null ? why : "it does not read token ids"));
    }
  }

}
