package io.recur.api;

/** What a model reads. */
public enum InputKind {
  /** A string per item, tokenized with the model's vocabulary. */
  TEXT("text"),
  /** Real numbers per item: {@code steps × features} values, time step by time step. */
  NUMBERS("numbers");

  private final String id;

  InputKind(String id) {
    this.id = id;
  }

  /** The name used in JSON: {@code text} or {@code numbers}. */
  public String id() {
    return id;
  }
}
