package io.recur.config;

import io.recur.spi.ParamSpec;
import java.util.List;

/**
 * The declared keys of {@code training.adaptation}: after training, the test text is scored a
 * second time as a stream that keeps learning from what it has already scored (dynamic
 * evaluation), reported as {@code test.adapted.<metric>} beside the usual {@code test.<metric>}.
 * Needs {@code training.evaluation: stream}. The defaults are the settings measured on
 * character models of texts in English, German and Russian (docs/results.md).
 */
public final class AdaptationParams {
  private AdaptationParams() {}

  public static final double DEFAULT_LEARNING_RATE = 0.001;
  public static final double DEFAULT_DECAY = 0.005;
  public static final int DEFAULT_SEGMENT = 25;

  public static final ParamSpec<Double> LEARNING_RATE = ParamSpec.ofDouble("learning_rate").above(0)
      .byDefault(DEFAULT_LEARNING_RATE)
      .doc("the step on each segment's loss, each weight's gradient divided by its root mean square so far");
  public static final ParamSpec<Double> DECAY = ParamSpec.ofDouble("decay").min(0).below(1).byDefault(DEFAULT_DECAY)
      .doc("after every step, move the weights this share of the way back to the trained ones");
  public static final ParamSpec<Integer> SEGMENT = ParamSpec.ofInt("segment").min(1).byDefault(DEFAULT_SEGMENT)
      .doc("characters (steps) scored between two updates; a window longer than this is scored in pieces");

  public static List<ParamSpec<?>> all() {
    return List.of(LEARNING_RATE, DECAY, SEGMENT);
  }
}
