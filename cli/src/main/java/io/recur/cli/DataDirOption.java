package io.recur.cli;

import io.recur.engine.DataDirectory;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --data-dir}, the same on every command that reads named datasets. */
final class DataDirOption {
  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Where named datasets live. Default: $RECUR_DATA, else ~/.cache/recur/data.")
  Path dataDir;

  /** {@code --data-dir}, else {@code $RECUR_DATA}, else the user's cache directory. */
  DataDirectory resolve() {
    return DataDirectory.resolve(dataDir, System.getenv());
  }
}
