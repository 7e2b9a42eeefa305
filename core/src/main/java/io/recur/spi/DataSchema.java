package io.recur.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What the model needs to know about a dataset: the per-sample input shape, whether inputs are
 * token ids (and of how large a vocabulary), the class names, and the text codec used by
 * {@code recur predict}.
 *
 * <p>Sequence-to-sequence and generative datasets (issue 4) say more: a language model's codec
 * carries its start and end symbols ({@link TextCodec#symbols()}), so a sampler knows what to
 * prime with and where an item stops; an encoder–decoder dataset whose targets are tokens of
 * their own vocabulary gives that {@code targetCodec}; a dataset of normalised real values gives
 * the {@code normalization} that turns model outputs back into original units.
 *
 * @param inputShape per-sample shape, e.g. {@code [12]} token ids or {@code [50, 1]} values
 * @param inputVocabulary vocabulary size when inputs are token ids; 0 for real-valued inputs
 * @param classes class names by index for classification (for a language model or a decoder:
 *     the target tokens by id); empty for regression
 * @param codec how raw text maps to input token ids, or {@code null} for non-text data
 * @param targetCodec how target token ids map to text when targets are token sequences over a
 *     vocabulary of their own (encoder–decoder tasks); {@code null} when targets are classes or
 *     values, or share {@code codec} (a language model's next-token targets)
 * @param normalization the z-score applied to real-valued inputs and targets, fitted on the
 *     training part; {@code null} when values are in original units
 */
public record DataSchema(int[] inputShape, int inputVocabulary, List<String> classes, TextCodec codec,
    TextCodec targetCodec, Normalization normalization) {
  public DataSchema {
    inputShape = requireNonNull(inputShape, "inputShape is null").clone();
    classes = List.copyOf(requireNonNull(classes, "classes is null"));
  }

  /** A schema without a target codec or normalisation, as every dataset before issue 4 gives. */
  public DataSchema(int[] inputShape, int inputVocabulary, List<String> classes, TextCodec codec) {
    this(inputShape, inputVocabulary, classes, codec, null, null);
  }

  @Override
  public int[] inputShape() {
    return inputShape.clone();
  }
}
