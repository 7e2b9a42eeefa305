package io.recur.config;

import io.recur.spi.Kind;
import io.recur.spi.ParamSpec;
import io.recur.spi.Suggestions;
import java.util.TreeSet;

/**
 * What a declared parameter accepts, in words, for messages ({@code expected an integer >= 1})
 * and for the {@code missing required 'x' (a number > 0: step size)} hint.
 */
final class Expected {
  private Expected() {}

  /** The whole value: {@code an integer >= 1}, {@code a list of numbers, each between 0 and 1}. */
  static String of(ParamSpec<?> spec) {
    String range = range(spec);
    return switch (spec.type()) {
      case INT, DOUBLE, BOOLEAN, STRING, CHOICE -> element(spec);
      case INT_LIST -> "a list of integers" + (range.isEmpty() ? "" : ", each " + range);
      case DOUBLE_LIST -> "a list of numbers" + (range.isEmpty() ? "" : ", each " + range);
      case STRING_LIST -> "a list of strings";
      case TYPED -> typed(kind(spec));
      case TYPED_LIST -> "a list of " + kind(spec).key() + " type names or maps with 'type:'";
      case SECTION -> section(spec);
    };
  }

  /** One value, or one element of a list: {@code an integer >= 1}. */
  static String element(ParamSpec<?> spec) {
    String range = range(spec);
    String suffix = range.isEmpty() ? "" : " " + range;
    return switch (spec.type()) {
      case INT, INT_LIST -> "an integer" + suffix;
      case DOUBLE, DOUBLE_LIST -> "a number" + suffix;
      case BOOLEAN -> "true or false";
      case STRING, STRING_LIST -> "a string";
      case CHOICE -> "one of: " + String.join(", ", new TreeSet<>(spec.choices()));
      case TYPED, TYPED_LIST -> typed(kind(spec));
      case SECTION -> section(spec);
    };
  }

  /** {@code a map with keys monitor, mode, patience}. */
  static String section(ParamSpec<?> spec) {
    return "a map with keys " + Suggestions.known(spec.sectionParams().stream().map(ParamSpec::name).toList());
  }

  /** {@code a layer type name or a map with 'type:'}. */
  static String typed(Kind kind) {
    return article(kind.key()) + " " + kind.key() + " type name or a map with 'type:'";
  }

  /** {@code >= 1}, {@code > 0}, {@code <= 1}, {@code between 0 and 1}, {@code > 0 and <= 1}, or "". */
  static String range(ParamSpec<?> spec) {
    String low = spec.minimum().map(m -> (spec.minimumExclusive() ? "> " : ">= ") + number(m)).orElse("");
    String high = spec.maximum().map(m -> (spec.maximumExclusive() ? "< " : "<= ") + number(m)).orElse("");
    if (low.isEmpty() || high.isEmpty()) {
      return low + high;
    }
    if (!spec.minimumExclusive() && !spec.maximumExclusive()) {
      return "between " + number(spec.minimum().get()) + " and " + number(spec.maximum().get());
    }
    return low + " and " + high;
  }

  /** 1.0 as {@code 1}, 0.5 as {@code 0.5}: bounds read the way people write them. */
  static String number(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return Double.toString(d);
  }

  private static Kind kind(ParamSpec<?> spec) {
    return spec.referencedKind().orElseThrow(
        () -> new IllegalStateException("parameter '" + spec.name() + "' is " + spec.type() + " without a kind"));
  }

  /** "a" or "an" for a kind's word: an optimizer, a layer. */
  static String article(String word) {
    return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
  }
}
