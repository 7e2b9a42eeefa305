package io.recur.api;

/**
 * What a model computes, which decides the kind of {@link Prediction} it gives. Read from the saved
 * model: its data's classes and codecs, and the shape of its output.
 */
public enum ModelKind {
  /** One class per item ({@link Prediction.Classification}): names → language, a fixed-length string's rule. */
  CLASSIFIER("classifier"),
  /** One class per position of the item ({@link Prediction.PositionLabels}): the hidden state of each DNA base. */
  LABELLER("labeller"),
  /** The next token at every position, over the input's own vocabulary ({@link Prediction.Likelihood}). */
  LANGUAGE_MODEL("language-model"),
  /** A source sequence in, a target sequence of another vocabulary out ({@link Prediction.Transduction}). */
  ENCODER_DECODER("encoder-decoder"),
  /** Real values out ({@link Prediction.Values}): a sine wave's next values, a series' next month. */
  REAL_VALUED("real-valued");

  private final String id;

  ModelKind(String id) {
    this.id = id;
  }

  /** The name used in JSON and on the command line: {@code classifier}, {@code language-model}, … */
  public String id() {
    return id;
  }
}
