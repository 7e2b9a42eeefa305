package io.recur.run;

import static java.util.Objects.requireNonNull;

import io.recur.config.ConfigLocations;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.DataDirectory;
import io.recur.engine.PreparedExperiment;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A YAML experiment over {@link TinyPlugin}'s types, written into a test's folder, read with the
 * real loader and prepared (data read, model built) as training would prepare it.
 */
public final class TinyExperiment {
  /** Two classes of points, one affine layer to 2 logits, cross-entropy, SGD. */
  public static final String CLASSIFIER = """
      name: tiny
      seed: 11
      data:
        type: points
        samples: 16
      model:
        layers:
          - type: affine
            units: 2
      loss: cross-entropy
      optimizer:
        type: sgd
        learning_rate: 0.1
      training:
        epochs: 2
        batch_size: 4
      metrics: [accuracy]
      """;

  public final Registry registry = TinyPlugin.registry();
  public final Path file;
  public final ExperimentSpec spec;
  private final List<String> overrides;

  private TinyExperiment(Path file, List<String> overrides) {
    this.file = file;
    this.overrides = List.copyOf(overrides);
    this.spec = new ExperimentLoader(registry).load(file, overrides);
  }

  /** Where each value was written ({@code file:line:col}), for checks made after loading. */
  public ConfigLocations locations() {
    return new ExperimentLoader(registry).locations(file, overrides);
  }

  /** Writes {@code yaml} to {@code dir/experiment.yaml} and loads it with the {@code --set} overrides. */
  public static TinyExperiment write(Path dir, String yaml, String... overrides) {
    requireNonNull(yaml, "yaml is null");
    Path file = dir.resolve("experiment.yaml");
    try {
      Files.createDirectories(dir);
      Files.writeString(file, yaml);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new TinyExperiment(file, List.of(overrides));
  }

  /** The data read and the model built from the experiment's seed, as a new process would. */
  public PreparedExperiment prepare() {
    return PreparedExperiment.of(spec, registry, new DataDirectory(file.getParent()), new RandomStreams(spec.seed()));
  }
}
