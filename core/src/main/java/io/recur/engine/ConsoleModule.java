package io.recur.engine;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import java.io.PrintStream;

/**
 * Prints the per-epoch table to {@code out}, plus a live progress line on {@code progress} when
 * that is a terminal. Use {@link #quiet()} for tests and sweeps that want no console output.
 */
public final class ConsoleModule extends AbstractModule {
  private final PrintStream out;
  private final PrintStream progress;

  /** @param progress where the live line goes, or {@code null} for none (not a terminal) */
  public ConsoleModule(PrintStream out, PrintStream progress) {
    this.out = out;
    this.progress = progress;
  }

  @Override
  protected void configure() {
    Multibinder<TrainingListener> listeners = Multibinder.newSetBinder(binder(), TrainingListener.class);
    // the progress line clears itself before the table prints its row, so it is bound first
    if (progress != null) {
      listeners.addBinding().toInstance(new ProgressLine(progress));
    }
    listeners.addBinding().toInstance(new ConsoleTable(out));
  }
}
