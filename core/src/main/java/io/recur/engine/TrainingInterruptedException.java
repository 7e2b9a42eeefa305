package io.recur.engine;

/**
 * The user stopped training (Ctrl-C) and a checkpoint was written at {@link #progress()}; the
 * run continues with {@code recur train CONFIG --run-dir DIR --resume}. Deliberately not a
 * {@code RecurException}: nothing is wrong with the input, and a sweep must not record the trial
 * as failed (it is unfinished, and resumes). The CLI exits with 130, as for SIGINT.
 */
public final class TrainingInterruptedException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final transient Progress progress;

  TrainingInterruptedException(Progress progress) {
    super("interrupted at " + progress.describe() + "; a checkpoint was written");
    this.progress = progress;
  }

  public Progress progress() {
    return progress;
  }
}
