package io.recur.cli;

import io.recur.model.EpochResult;
import io.recur.model.MetricsLines;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The epochs of a finished (or stopped) run, read back from its {@code metrics.jsonl}. Unlike a
 * resumed run, which trusts a file it wrote itself, a comparison reads files a person may have
 * edited or cut short, so every error names the file and the line.
 */
final class RunHistory {
  private RunHistory() {}

  static List<EpochResult> read(Path metricsFile) {
    List<String> lines;
    try {
      lines = Files.readAllLines(metricsFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new RecurException(metricsFile + ": cannot be read: " + e.getMessage(), e);
    }
    // epochs come back 0-based whichever numbering the file uses; the after-training test line is not an epoch
    return MetricsLines.read(lines, i -> metricsFile + ":" + (i + 1)).epochs();
  }
}
