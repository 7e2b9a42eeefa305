package io.recur.spi;

/** The kinds of pluggable types. {@link #key()} is the word used in YAML, messages and {@code recur plugins}. */
public enum Kind {
  LAYER("layer"),
  LOSS("loss"),
  OPTIMIZER("optimizer"),
  METRIC("metric"),
  DATASET("dataset"),
  INITIALIZER("initializer"),
  /** A recurrent cell ({@link CellFactory}): the equations a {@code recurrent} layer runs. */
  CELL("cell");

  private final String key;

  Kind(String key) {
    this.key = key;
  }

  public String key() {
    return key;
  }

  /** The plural for headings: "layers", "losses". */
  public String plural() {
    return key.endsWith("s") ? key + "es" : key + "s";
  }
}
