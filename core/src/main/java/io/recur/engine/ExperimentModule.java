package io.recur.engine;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.Module;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import com.google.inject.multibindings.Multibinder;
import com.google.inject.multibindings.OptionalBinder;
import io.recur.config.ConfigLocations;
import io.recur.config.ExperimentSpec;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.report.ConfusionMatrixSection;
import io.recur.report.GeneratedSamplesSection;
import io.recur.report.PerClassAccuracySection;
import io.recur.report.ReportSection;
import io.recur.report.SequenceSamplesSection;
import io.recur.report.SignalSection;

/**
 * Binds one experiment: its resolved spec, the registry, its random streams and the data
 * directory, and declares the set of {@link TrainingListener}s other modules add to, the
 * {@link ReportSection}s of report.html (the built-in confusion matrix and sequence samples first; plugins add theirs
 * from their Guice modules) and the {@link RunOptions} (a new run unless {@link ResumeModule}
 * says otherwise). Opens no files and reads no data: that happens in {@link TrainingRun}.
 */
public final class ExperimentModule extends AbstractModule {
  private final ExperimentSpec spec;
  private final Registry registry;
  private final DataDirectory dataDirectory;
  private final ConfigLocations locations;

  public ExperimentModule(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory) {
    this(spec, registry, dataDirectory, ConfigLocations.fileOnly(spec.source()));
  }

  /**
   * @param locations where the config's values were written, so that checks made after the data
   *     is read name {@code file:line:col}
   */
  public ExperimentModule(ExperimentSpec spec, Registry registry, DataDirectory dataDirectory,
      ConfigLocations locations) {
    this.locations = requireNonNull(locations, "locations is null");
    this.spec = requireNonNull(spec, "spec is null");
    this.registry = requireNonNull(registry, "registry is null");
    this.dataDirectory = requireNonNull(dataDirectory, "dataDirectory is null");
  }

  @Override
  protected void configure() {
    bind(ExperimentSpec.class).toInstance(spec);
    bind(Registry.class).toInstance(registry);
    bind(DataDirectory.class).toInstance(dataDirectory);
    bind(ConfigLocations.class).toInstance(locations);
    Multibinder.newSetBinder(binder(), TrainingListener.class);
    Multibinder<ReportSection> sections = Multibinder.newSetBinder(binder(), ReportSection.class);
    sections.addBinding().to(io.recur.report.ModelSummarySection.class);
    sections.addBinding().to(ConfusionMatrixSection.class);
    sections.addBinding().to(PerClassAccuracySection.class);
    sections.addBinding().to(SequenceSamplesSection.class);
    sections.addBinding().to(GeneratedSamplesSection.class);
    sections.addBinding().to(SignalSection.class);
    sections.addBinding().to(io.recur.report.ProvenanceSection.class);
    OptionalBinder.newOptionalBinder(binder(), RunOptions.class).setDefault().toInstance(RunOptions.newRun());
    for (Module m : registry.guiceModules()) {
      install(m);
    }
  }

  @Provides
  @Singleton
  RandomStreams randomStreams() {
    return new RandomStreams(spec.seed());
  }
}
