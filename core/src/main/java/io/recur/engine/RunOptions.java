package io.recur.engine;

/**
 * How a {@link TrainingRun} starts. Bound with a default (a new run) by {@link
 * ExperimentModule}; {@link ResumeModule} replaces it.
 *
 * @param resume continue from the run directory's latest valid checkpoint instead of starting
 *     a new run; the directory may be empty or missing, and then the run starts from the beginning
 * @param command how to continue, for the message an interruption prints (e.g. {@code recur
 *     train CONFIG --run-dir DIR --resume}); empty when unknown
 */
public record RunOptions(boolean resume, String command) {
  public RunOptions {
    command = command == null ? "" : command;
  }

  public static RunOptions newRun() {
    return new RunOptions(false, "");
  }
}
