package io.recur.engine;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import io.recur.run.RunDirectory;

/** Writes the run to a run directory: binds it and adds the metrics.jsonl writer. */
public final class RunDirectoryModule extends AbstractModule {
  private final RunDirectory runDirectory;

  public RunDirectoryModule(RunDirectory runDirectory) {
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
  }

  @Override
  protected void configure() {
    bind(RunDirectory.class).toInstance(runDirectory);
    Multibinder.newSetBinder(binder(), TrainingListener.class).addBinding()
        .toInstance(new TrainingListener() {
          @Override
          public void onEpoch(EpochResult result) {
            runDirectory.appendMetrics(result);
          }

          @Override
          public void onTest(FinalTest test) {
            runDirectory.writeTestMetrics(test);
          }
        });
  }
}
