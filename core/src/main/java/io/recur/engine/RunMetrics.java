package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.checkpoint.CheckpointFile;
import io.recur.io.Sha256;
import io.recur.model.EpochResult;
import io.recur.model.MetricsLines;
import io.recur.run.RunDirectory;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** A run's {@code metrics.jsonl}: what a checkpoint records of it, and cutting it back on resume. */
final class RunMetrics {
  private final RunDirectory runDirectory;

  RunMetrics(RunDirectory runDirectory) {
    this.runDirectory = requireNonNull(runDirectory, "runDirectory is null");
  }

  /** Cuts metrics.jsonl back to the checkpoint and reads the epochs it holds. */
  List<EpochResult> restore(CheckpointFile.Contents c) {
    long length = TrainingCheckpoint.metricsBytes(c);
    byte[] all = read();
    Path file = runDirectory.path().resolve(RunDirectory.METRICS);
    if (length > all.length || !Sha256.of(Arrays.copyOf(all, (int) length)).equals(TrainingCheckpoint.metricsSha256(c))) {
      throw new RecurException(file + ": its first " + length + " bytes are not those " + c.file() + " saw; the file"
          + " was changed after the run wrote it. Restore it, or start a new run");
    }
    runDirectory.truncateMetrics(length);
    String text = new String(all, 0, (int) length, StandardCharsets.UTF_8);
    // MetricsLines also reads a file that counts from 1, as a few builds wrote them
    return MetricsLines.read(Arrays.asList(text.split("\n")), i -> file + ":" + (i + 1)).epochs();
  }

  /** metrics.jsonl as written so far; empty before the first epoch. */
  byte[] read() {
    Path file = runDirectory.path().resolve(RunDirectory.METRICS);
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return new byte[0];
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + e.getMessage(), e);
    }
  }
}
