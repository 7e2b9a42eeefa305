package io.recur.sweep;

import static java.util.Objects.requireNonNull;

import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.spi.RecurException;
import io.recur.spi.sweep.TrialResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What each trial gave at each rung of a halving or Hyperband sweep, one file per trial and rung:
 * {@code SWEEP_DIR/rungs/b<bracket>-r<rung>/<id>.json}, the trial's result at that rung's length,
 * written atomically once the trial has reached it. These files are the sweep's memory: a rung
 * whose trials all have one is finished, and {@code --resume} ranks it from them again (with the
 * same bits) instead of training anything. Thread-safe: each trial writes its own file.
 */
public final class RungRecords {
  public static final String FOLDER = "rungs";

  private final Path root;

  public RungRecords(Path sweepDirectory) {
    this.root = requireNonNull(sweepDirectory, "sweepDirectory is null").resolve(FOLDER);
  }

  /** The result {@code trialId} gave at the rung; empty while it has not reached it. */
  public Optional<TrialResult> result(int bracket, int rung, String trialId) {
    Path file = file(bracket, rung, trialId);
    try {
      return Optional.of(TrialMarker.fromJson((Map<?, ?>) Json.read(Files.readString(file))));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      throw new RecurException(file + ": cannot be read (" + e.getMessage() + "); delete it and run again with "
          + "--resume, which trains the trial on to its rung from its checkpoint", e);
    }
  }

  /** Records {@code result} as its trial's outcome at the rung; from now on the trial has reached it. */
  public void write(int bracket, int rung, TrialResult result) {
    AtomicFiles.write(file(bracket, rung, result.id()), Json.writePretty(TrialMarker.toJson(result)));
  }

  private Path file(int bracket, int rung, String trialId) {
    return root.resolve("b" + bracket + "-r" + rung).resolve(trialId + ".json");
  }
}
