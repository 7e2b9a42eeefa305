package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.config.ConfigHash;
import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentSpec;
import io.recur.config.TrainingParams;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.spi.DataContext;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Params;
import io.recur.spi.TypedValue;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * One training run, end to end: load the data, build the model, write {@code config.yaml} and
 * {@code provenance.json}, train, and save {@code model/}. Everything it needs is injected.
 */
public final class TrainingRun {
  /** What a finished run leaves behind. */
  public record Result(RunDirectory directory, Model model, List<EpochResult> epochs) {}

  private final ExperimentSpec spec;
  private final Registry registry;
  private final RandomStreams streams;
  private final DataDirectory dataDirectory;
  private final RunDirectory runDirectory;
  private final List<TrainingListener> listeners;

  @Inject
  TrainingRun(ExperimentSpec spec, Registry registry, RandomStreams streams, DataDirectory dataDirectory,
      RunDirectory runDirectory, Set<TrainingListener> listeners) {
    this.spec = requireNonNull(spec, "spec is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.streams = requireNonNull(streams, "streams is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
    this.listeners = List.copyOf(listeners);
  }

  public Result run() {
    Dataset dataset = loadDataset(spec, registry, dataDirectory, streams);
    var schema = dataset.schema();
    Model model = new ModelBuilder(registry, streams.get(RandomStreams.INIT))
        .build(spec.layers(), schema.inputShape(), schema.inputVocabulary());
    Loss loss = registry.loss(spec.loss().type()).create(spec.loss().params());
    Optimizer optimizer = registry.optimizer(spec.optimizer().type()).create(spec.optimizer().params(), model.parameters());
    List<Metric> metrics = metrics(spec, registry, loss);

    String hash = ConfigHash.shortHash(spec.resolved());
    runDirectory.writeConfig(ConfigYaml.write(spec.resolved()));
    Path workDir = spec.source().toAbsolutePath().getParent();
    runDirectory.writeProvenance(Provenance.of(spec.name(), spec.seed(), hash, spec.data().type(),
        dataset.fingerprint(), List.of(), workDir));

    Trainer trainer = new Trainer(model, loss, optimizer, metrics, settings(spec.training()), streams, listeners);
    List<EpochResult> epochs = trainer.fit(spec.name(), dataset);
    Map<String, Double> baselines = dataset.baselines();
    if (!baselines.isEmpty()) {
      runDirectory.writeBaselines(baselines);
      listeners.forEach(l -> l.onBaselines(baselines));
    }
    SavedModel.save(runDirectory.modelDirectory(), spec, schema, model);
    return new Result(runDirectory, model, epochs);
  }

  /** Loads the experiment's dataset with the seeded data stream. */
  public static Dataset loadDataset(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory, RandomStreams streams) {
    Path configDir = spec.source().toAbsolutePath().getParent();
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
    };
    return registry.dataset(spec.data().type()).create(spec.data().params(), context);
  }

  /**
   * The configured metrics, then the loss (reported for every split, as in seed 000's table)
   * unless the config lists a {@code loss} metric itself.
   */
  public static List<Metric> metrics(ExperimentSpec spec, Registry registry, Loss loss) {
    List<Metric> metrics = new ArrayList<>();
    boolean hasLoss = false;
    for (TypedValue m : spec.metrics()) {
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
        training.get(TrainingParams.SHUFFLE), training.get(TrainingParams.CLIP_NORM));
  }
}
