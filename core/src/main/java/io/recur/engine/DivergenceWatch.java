package io.recur.engine;

import io.recur.model.Fitting;
import io.recur.tensor.Tensor;
import java.util.Locale;
import java.util.Map;

/**
 * Notices a run that has blown up while staying finite, which the NaN checks of {@link Trainer}
 * cannot see: a learning rate of 1e6 drives a sigmoid into saturation, the binary cross-entropy
 * sits at its clamp step after step and the weights grow to ±1e5 and beyond, yet every number is
 * finite and the run would end with exit 0. Three signs, each far outside what a run that learns
 * shows:
 *
 * <ul>
 *   <li>the loss has the same value for {@value #PINNED_STEPS} steps in a row, at least {@value
 *       #PINNED_FACTOR} times the first step's (pinned at a clamp);
 *   <li>the loss is more than {@value #EXPLOSION_FACTOR} times the first step's for {@value
 *       #EXPLODED_STEPS} steps in a row;
 *   <li>a weight's magnitude exceeds {@value #WEIGHT_BOUND} (checked before each checkpoint).
 * </ul>
 *
 * <p>"First step" is the first step this process trained (after {@code --resume}, the first
 * resumed step). Models fitted by counting ({@link Fitting}) are not watched: their parameters
 * are counts.
 */
final class DivergenceWatch {
  static final int PINNED_STEPS = 20;
  static final double PINNED_FACTOR = 10;
  static final double EXPLOSION_FACTOR = 1000;
  static final int EXPLODED_STEPS = 10;
  static final double WEIGHT_BOUND = 1e5;

  private float first = Float.NaN;
  private float last = Float.NaN;
  private int repeats;
  private int exploded;

  /** What is wrong after a step whose (finite) loss was {@code loss}, or null. */
  String onLoss(float loss) {
    if (Float.isNaN(first)) {
      first = loss;
    }
    repeats = loss == last ? repeats + 1 : 1;
    last = loss;
    double firstMagnitude = Math.abs(first);
    exploded = Math.abs(loss) > EXPLOSION_FACTOR * firstMagnitude && firstMagnitude > 0 ? exploded + 1 : 0;
    if (repeats >= PINNED_STEPS && loss > 0 && loss >= PINNED_FACTOR * first) {
      return "the loss has been " + loss + " for " + repeats + " steps in a row (the first step's was " + fmt(first)
          + "): it is pinned at its clamp";
    }
    if (exploded >= EXPLODED_STEPS) {
      return "the loss is " + loss + ", more than " + fmt(EXPLOSION_FACTOR) + " times the first step's (" + fmt(first)
          + ") for " + exploded + " steps in a row";
    }
    return null;
  }

  /** What is wrong with the weights, or null. */
  static String onWeights(Map<String, Tensor> parameters) {
    for (Map.Entry<String, Tensor> p : parameters.entrySet()) {
      float[] data = p.getValue().data();
      for (int i = 0; i < p.getValue().size(); i++) {
        if (Math.abs(data[i]) > WEIGHT_BOUND) {
          return "weight '" + p.getKey() + "' holds " + data[i] + ", beyond ±" + fmt(WEIGHT_BOUND);
        }
      }
    }
    return null;
  }

  private static String fmt(double d) {
    return String.format(Locale.ROOT, "%.4g", d);
  }
}
