package io.recur.spi;

import org.apache.commons.math3.random.RandomGenerator;

/**
 * What a factory may use while building: the layer's name and input, the initialisation random
 * stream, and typed-value construction (initialisers, nested layers). Handed in by the engine,
 * so plugins never reach for globals.
 */
public interface BuildContext {
  /** The layer's name in the model ({@code dense_2} or the YAML {@code name:}); prefixes its weights. */
  String name();

  /** The per-sample input shape (no batch dimension), e.g. {@code [12]} token ids or {@code [12, 4]}. */
  int[] inputShape();

  /**
   * When the input holds integer token ids, the vocabulary size (ids are in {@code [0, size)});
   * 0 when the input is real-valued features.
   */
  int inputVocabulary();

  /**
   * The per-sample shape of the dataset's targets (no batch dimension), e.g. {@code [6]} target
   * token ids of an encoder–decoder task, or {@code null} when the engine does not know it (a
   * model built outside training, a saved model from before targets were recorded). For layers
   * whose output length follows the targets, such as an encoder–decoder's decoder. Defaults to
   * {@code null}, so contexts written before it was added keep compiling.
   */
  default int[] targetShape() {
    return null;
  }

  /**
   * How many values per prediction the data's targets call for: its class count (a language
   * model's vocabulary, a decoder's target vocabulary) or, for real-valued targets, their feature
   * count. Given only to the model's last layer (and the layers it nests), so an output layer may
   * leave its size out of the config; 0 elsewhere or when unknown. Defaults to 0.
   */
  default int outputSize() {
    return 0;
  }

  /** The seeded stream for parameter initialisation; draw from it in a fixed order. */
  RandomGenerator random();

  /** Builds the initialiser a {@link ParamType#TYPED} parameter of kind INITIALIZER names. */
  Initializer initializer(TypedValue value);

  /**
   * Builds the recurrent cell a {@link ParamType#TYPED} parameter of kind CELL names. Defaults to
   * refusing, so contexts written before cells were registered keep compiling.
   *
   * @throws RecurException when this context builds no cells
   */
  default RecurrentCell cell(TypedValue value) {
    throw new RecurException("layer '" + name() + "': this build context cannot build cell '" + value.type() + "'");
  }

  /**
   * Builds a nested layer (a wrapper's inner layer, an encoder's layers) for the given input,
   * named {@code name}.
   */
  Layer layer(TypedValue value, String name, int[] inputShape, int inputVocabulary);
}
