package io.recur.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recur.engine.DataDirectory;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The named-data mirror for tests that read real data (names, dinos, tinyshakespeare, airline):
 * {@code $RECUR_DATA}, else the course's {@code <repo>/../shared/data}. A test that needs a file
 * the mirror lacks is skipped with a message saying which file and where it looked, never
 * downloaded; prefer a generated fixture where one will do.
 */
final class DataMirror {
  private DataMirror() {}

  /** The data folder holding {@code relative} (e.g. {@code airline_passengers/airline_passengers.csv}), or skips. */
  static Path require(String relative) {
    String env = System.getenv(DataDirectory.ENV);
    Path data = env != null ? Path.of(env)
        : CliRunner.repoRoot().resolve("..").resolve("shared").resolve("data").normalize();
    assumeTrue(Files.isRegularFile(data.resolve(relative)), "no " + relative + " under " + data
        + " (RECUR_DATA or the repo's ../shared/data); skipping a test that reads real data");
    return data;
  }
}
