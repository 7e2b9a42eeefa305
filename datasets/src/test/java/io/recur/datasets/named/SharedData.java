package io.recur.datasets.named;

import io.recur.testkit.DataMirror;
import java.nio.file.Path;

/** The local mirror of the named datasets for the datasets module's tests: see {@link DataMirror}. */
public final class SharedData {
  private SharedData() {}

  /** The mirror's folder when it holds every file of {@code relatives}, or skips the calling test. */
  public static Path directory(String... relatives) {
    return DataMirror.require(relatives);
  }
}
