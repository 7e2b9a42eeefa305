package io.recur.config;

import static java.util.Objects.requireNonNull;

/**
 * Where a config value was written: a file with 1-based line and column, or a {@code --set}
 * argument (line 0), which has no position of its own and is shown as the argument itself.
 */
record Location(String source, int line, int column) {
  Location {
    requireNonNull(source, "source is null");
  }

  static Location of(String file, int line, int column) {
    return new Location(file, line, column);
  }

  /** A whole argument or file, with no position inside it. */
  static Location whole(String source) {
    return new Location(source, 0, 0);
  }

  @Override
  public String toString() {
    return line > 0 ? source + ":" + line + ":" + column : source;
  }
}
