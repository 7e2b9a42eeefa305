package io.recur.engine;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.OptionalBinder;

/** Sets the {@link RunOptions} of a run, e.g. to resume from its checkpoints. */
public final class ResumeModule extends AbstractModule {
  private final RunOptions options;

  public ResumeModule(RunOptions options) {
    this.options = requireNonNull(options, "options is null");
  }

  @Override
  protected void configure() {
    OptionalBinder.newOptionalBinder(binder(), RunOptions.class).setBinding().toInstance(options);
  }
}
