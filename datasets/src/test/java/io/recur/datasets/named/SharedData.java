package io.recur.datasets.named;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The course's local mirror of the named datasets, {@code <repo root>/../shared/data}, for tests
 * that read real data. The repo root comes from the {@code recur.repo.root} system property the
 * build sets; without the mirror those tests are skipped with a message, never downloaded.
 */
public final class SharedData {
  private SharedData() {}

  /** The mirror's folder, or skips the calling test. */
  public static Path directory() {
    String root = System.getProperty("recur.repo.root");
    Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    Path data = repo.resolve("..").resolve("shared").resolve("data").normalize();
    assumeTrue(Files.isDirectory(data), "the shared data mirror is not at " + data + " (the repo's ../shared/data);"
        + " skipping a test that reads real data");
    return data;
  }
}
