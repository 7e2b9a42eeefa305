package io.recur.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the model needs to know about a dataset: the per-sample input shape, whether inputs are
 * token ids (and of how large a vocabulary), the class names, and the text codec used by
 * {@code recur predict}.
 *
 * @param inputShape per-sample shape, e.g. {@code [12]} token ids or {@code [50, 1]} values
 * @param inputVocabulary vocabulary size when inputs are token ids; 0 for real-valued inputs
 * @param classes class names by index for classification; empty for regression
 * @param codec how raw text maps to token ids, or {@code null} for non-text data
 */
public record DataSchema(int[] inputShape, int inputVocabulary, List<String> classes, TextCodec codec) {
  public DataSchema {
    inputShape = requireNonNull(inputShape, "inputShape is null").clone();
    classes = List.copyOf(requireNonNull(classes, "classes is null"));
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }
}
