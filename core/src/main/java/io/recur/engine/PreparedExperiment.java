package io.recur.engine;

import io.recur.config.ExperimentSpec;
import io.recur.model.Model;
import io.recur.model.ModelBuilder;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import java.util.List;

/**
 * The experiment's data read and its model built with its real shapes, as training starts from
 * them: {@code recur validate} prepares the same thing and checks it, so that it refuses what
 * training would.
 */
public record PreparedExperiment(Dataset dataset, Model model, Loss loss, List<Metric> metrics) {
  public PreparedExperiment {
    metrics = List.copyOf(metrics);
  }

  /** Reads the data with the seeded data stream and builds the model with the init stream. */
  public static PreparedExperiment of(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory,
      RandomStreams streams) {
    Dataset dataset = ExperimentParts.loadDataset(spec, registry, dataDirectory, streams);
    var schema = dataset.schema();
    int[] targets = ExperimentParts.targetShape(dataset);
    Model model = new ModelBuilder(registry, streams.get(RandomStreams.INIT))
        .build(spec.layers(), schema.inputShape(), schema.inputVocabulary(), targets,
            ModelBuilder.outputSize(schema, targets));
    Loss loss = registry.loss(spec.loss().type()).create(spec.loss().params());
    return new PreparedExperiment(dataset, model, loss, ExperimentParts.metrics(spec, registry, loss));
  }
}
