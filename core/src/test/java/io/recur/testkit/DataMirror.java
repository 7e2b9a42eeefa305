package io.recur.testkit;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local mirror of the named datasets (names, dinos, tinyshakespeare, airline) for tests that
 * read real data: {@code $RECUR_DATA} (the build points it at the repo's {@code ../shared/data}),
 * else that folder itself. On a fresh clone with no mirror beside it such a test is skipped with
 * a message naming the missing file, never downloaded; where the mirror must be there (CI, whose
 * {@code .ci/run} sets {@value #REQUIRED}), a missing file fails the test instead, so nothing is
 * skipped silently there.
 */
public final class DataMirror {
  /** Set (to anything) to make a missing data file a failure rather than a skip. */
  public static final String REQUIRED = "RECUR_REQUIRE_DATA";

  private DataMirror() {}

  /** The mirror's folder, whether or not it exists. */
  public static Path directory() {
    String env = System.getenv("RECUR_DATA");
    if (env != null && !env.isBlank()) {
      return Path.of(env).toAbsolutePath().normalize();
    }
    String root = System.getProperty("recur.repo.root");
    Path repo = root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent();
    return repo.resolve("..").resolve("shared").resolve("data").toAbsolutePath().normalize();
  }

  /** True when every file or folder of {@code relatives} is in the mirror. */
  public static boolean has(String... relatives) {
    for (String r : relatives) {
      if (!Files.exists(directory().resolve(r))) {
        return false;
      }
    }
    return true;
  }

  /**
   * The mirror's folder when it holds every one of {@code relatives} (e.g. {@code
   * airline_passengers/airline_passengers.csv}, {@code names}); otherwise skips the calling test
   * with a message saying what is missing and where it looked, or fails it where {@value
   * #REQUIRED} is set.
   */
  public static Path require(String... relatives) {
    Path data = directory();
    for (String r : relatives) {
      if (!Files.exists(data.resolve(r))) {
        String message = "no " + r + " under " + data + " (RECUR_DATA, or the repo's ../shared/data)";
        if (System.getenv(REQUIRED) != null) {
          fail(message + "; " + REQUIRED + " is set, so the data mirror must be there");
        }
        assumeTrue(false, message + "; skipping a test that reads real data");
      }
    }
    return data;
  }
}
