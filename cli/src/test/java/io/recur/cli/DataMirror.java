package io.recur.cli;

import java.nio.file.Path;

/** The named-data mirror for the CLI's tests: see {@link io.recur.testkit.DataMirror}. */
final class DataMirror {
  private DataMirror() {}

  /** The data folder holding {@code relative} (e.g. {@code airline_passengers/airline_passengers.csv}), or skips. */
  static Path require(String relative) {
    return io.recur.testkit.DataMirror.require(relative);
  }
}
