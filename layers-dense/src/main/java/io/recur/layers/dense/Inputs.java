package io.recur.layers.dense;

import io.recur.spi.BuildContext;
import io.recur.spi.Kind;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TypedValue;
import java.util.Arrays;

/** Input-shape checks and messages shared by the factories of this module. */
final class Inputs {
  private Inputs() {}

  /** {@code layer 'dense_2' (dense): <message>}: the prefix every shape error carries. */
  static RecurException error(BuildContext context, String type, String message) {
    return new RecurException("layer '" + context.name() + "' (" + type + "): " + message);
  }

  /** {@code [12, 4]}, or {@code token ids [12]} when the input is a vocabulary of ids. */
  static String describe(BuildContext context) {
    String shape = Arrays.toString(context.inputShape());
    return context.inputVocabulary() > 0 ? "token ids " + shape : shape;
  }

  /**
   * Requires real-valued features of rank ≥ 1 per sample, the input of anything that mixes or
   * normalises along the last dimension.
   */
  static void requireFeatures(BuildContext context, String type) {
    if (context.inputVocabulary() > 0) {
      throw error(context, type, "expects [features] or [time, features] input, got "
          + describe(context) + "; add an embedding layer first");
    }
    if (context.inputShape().length == 0) {
      throw error(context, type, "expects [features] or [time, features] input, got a scalar per sample (shape [])");
    }
  }

  /** Requires real-valued input of any rank: element-wise layers. */
  static void requireRealValued(BuildContext context, String type) {
    if (context.inputVocabulary() > 0) {
      throw error(context, type, "expects real-valued input, got " + describe(context)
          + "; add an embedding layer first");
    }
  }

  /**
   * The default of a TYPED initialiser parameter: a bare type name, whose own parameters the
   * config validator fills in when it resolves the default.
   */
  static TypedValue initializer(String type) {
    return TypedValue.of(Kind.INITIALIZER, type, Params.empty());
  }
}
