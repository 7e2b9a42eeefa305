package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.checkpoint.CheckpointStore;
import io.recur.config.ConfigHash;
import io.recur.config.ConfigLocations;
import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import io.recur.model.Model;
import io.recur.model.ModelSummary;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.report.ReportSection;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.schedule.LrSchedule;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Params;
import io.recur.tensor.Parallelism;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    Trainer trainer = new Trainer(model, loss, optimizer, metrics, ExperimentParts.trainerSettings(training), streams, listeners);
    List<String> columns = trainer.columns(dataset);
    Map<String, Boolean> higherIsBetter = new LinkedHashMap<>();
    metrics.forEach(m -> higherIsBetter.put(m.label(), m.higherIsBetter()));
    LrSchedule schedule = LrSchedule.of(training.get(TrainingParams.LR_SCHEDULE), optimizer.learningRate(),
        training.get(TrainingParams.EPOCHS), columns, higherIsBetter);
    EarlyStopping earlyStopping = ExperimentParts.earlyStopping(training.get(TrainingParams.EARLY_STOPPING), columns, higherIsBetter);

    String config = ConfigYaml.write(spec.resolved());
    String hash = ConfigHash.shortHash(spec.resolved());
    CheckpointStore store = new CheckpointStore(runDirectory.checkpointsDirectory());
    int epochs = training.get(TrainingParams.EPOCHS);
    RunMetrics runMetrics = new RunMetrics(runDirectory);
    RunProvenance provenance = new RunProvenance(spec, registry, runDirectory, this::notice);
    RunCheckpointer checkpointer = new RunCheckpointer(store, model, optimizer, schedule, hash, epochs, streams, runMetrics);
    Progress progress = null;
    if (options.resume()) {
      progress = new RunResumption(spec, runDirectory, runMetrics, provenance, this::notice).resume(store, checkpointer, dataset.splits().get(Dataset.TRAIN).size(), epochs,
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
    provenance.writeIfAbsent(hash, dataset, warm);
    Trainer.Hooks hooks = checkpointer.hooks(earlyStopping != null ? () -> SavedModel.save(runDirectory.modelDirectory(),
        spec, schema, model, registry) : () -> {});
    StopSignal signal = checkpointer.signal;
    Thread hook = new Thread(signal::requestAndWait, "recur-checkpoint-on-exit");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      // training.threads compute threads for the kernels; the weights come out the same bits for any value
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
      SavedModel.save(runDirectory.modelDirectory(), spec, schema, model, registry); // + plugin types used
    } else {
      // model/ holds the best epoch, saved when it happened; the run's model is that one too
      SavedModel.loadWeights(runDirectory.modelDirectory().resolve(SavedModel.WEIGHTS), model);
    }
    FinalTest test;
    // the test split's forward passes (and the adapted stream's steps) split across the same threads
    try (Parallelism compute = Parallelism.open(training.get(TrainingParams.THREADS))) {
      test = finalTest(trainer, dataset, progress, earlyStopping);
    }
    if (test != null) {
      listeners.forEach(l -> l.onTest(test));
    }
    new RunReportWriter(spec, registry, runDirectory, sections, provenance, this::notice)
        .write(dataset, model, progress, higherIsBetter, baselines, config, earlyStopping, summary, test);
    return new Result(runDirectory, model, progress.history(), test);
  }

  /**
   * The test split scored once, after training, with the weights model/ holds (the best epoch's
   * with early stopping): the only time a run with {@code training.evaluate_test: end} looks at
   * test data. Null when every epoch scored it, or there is no test data. It draws no random
   * numbers, so a resumed run scores the same bits. With {@code training.adaptation} it is scored
   * a second time as an adapting stream ({@link AdaptiveEvaluation}), as {@code test.adapted.*}.
   */
  private FinalTest finalTest(Trainer trainer, Dataset dataset, Progress progress, EarlyStopping earlyStopping) {
    io.recur.spi.Split test = dataset.splits().get(Dataset.TEST);
    if (ExperimentParts.evaluatesTestEveryEpoch(spec.training()) || test == null || test.size() == 0 || progress.history.isEmpty()) {
      return null;
    }
    boolean best = earlyStopping != null && progress.bestEpoch() >= 0;
    int epoch = best ? progress.bestEpoch() : progress.history.get(progress.history.size() - 1).epoch();
    Map<String, Double> metrics = new LinkedHashMap<>(trainer.evaluate(Dataset.TEST, test));
    Params adaptation = spec.training().get(TrainingParams.ADAPTATION);
    if (adaptation != null) {
      metrics.putAll(trainer.evaluateAdapting(Dataset.TEST, test, AdaptiveEvaluation.Settings.of(adaptation)));
    }
    return new FinalTest(epoch, best ? earlyStopping.monitor().column() : null, metrics);
  }

  private void notice(String message) {
    listeners.forEach(l -> l.onNotice(message));
  }
}
