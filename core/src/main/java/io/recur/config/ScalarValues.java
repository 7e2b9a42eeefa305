package io.recur.config;

import io.recur.spi.ParamSpec;
import io.recur.spi.Suggestions;
import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks one written scalar against a parameter's value type and range, and converts it to the
 * resolved Java value (Integer, Double, Boolean, String). List elements go through here one by
 * one, with their index in the path.
 */
final class ScalarValues {
  /**
   * A decimal number as people write it. SnakeYAML follows YAML 1.1, where a float needs a dot
   * and a signed exponent, so {@code 1e-3} arrives as a string; a plain scalar of this shape is
   * still meant as a number.
   */
  private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

  private ScalarValues() {}

  /** INT: YAML integers only; {@code 1.5} and a quoted {@code "3"} are refused. */
  static Integer integer(ConfigNode node, ParamSpec<?> spec, String path) {
    if (node instanceof ConfigNode.Scalar s) {
      Object v = s.value();
      if (v instanceof Integer i) {
        checkRange(i, s, spec, path);
        return i;
      }
      if (v instanceof Long || v instanceof BigInteger) {
        throw mismatch(spec, node, path, " (too large for an integer)");
      }
    }
    throw mismatch(spec, node, path, "");
  }

  /** DOUBLE: integers, floats and plain decimal text such as {@code 1e-3}; always finite. */
  static Double number(ConfigNode node, ParamSpec<?> spec, String path) {
    if (node instanceof ConfigNode.Scalar s) {
      Double d = null;
      if (s.value() instanceof Number n) {
        d = n.doubleValue();
      } else if (s.value() instanceof String text && s.plain() && DECIMAL.matcher(text).matches()) {
        d = Double.parseDouble(text);
      }
      if (d != null) {
        if (!Double.isFinite(d)) {
          throw mismatch(spec, node, path, " (not a finite number)");
        }
        checkRange(d, s, spec, path);
        return d;
      }
    }
    throw mismatch(spec, node, path, "");
  }

  /** The number a scalar stands for (a YAML number or plain decimal text such as {@code 1e-3}), or null. */
  static Double numberOrNull(ConfigNode.Scalar s) {
    if (s.value() instanceof Number n) {
      return n.doubleValue();
    }
    if (s.value() instanceof String text && s.plain() && DECIMAL.matcher(text).matches()) {
      return Double.parseDouble(text);
    }
    return null;
  }

  /** BOOLEAN: {@code true} or {@code false}; YAML 1.1's {@code yes}/{@code on} are refused as too easy to misread. */
  static Boolean bool(ConfigNode node, ParamSpec<?> spec, String path) {
    if (node instanceof ConfigNode.Scalar s && s.value() instanceof Boolean b) {
      String word = s.text().toLowerCase(Locale.ROOT);
      if (word.equals("true") || word.equals("false")) {
        return b;
      }
    }
    throw mismatch(spec, node, path, "");
  }

  /** STRING: any scalar, as written ({@code name: 2024} is the text "2024"). */
  static String string(ConfigNode node, ParamSpec<?> spec, String path) {
    if (node instanceof ConfigNode.Scalar s && s.value() != null) {
      return s.text();
    }
    throw mismatch(spec, node, path, "");
  }

  /** CHOICE: one of the declared words, with a suggestion for a near miss. */
  static String choice(ConfigNode node, ParamSpec<?> spec, String path) {
    if (node instanceof ConfigNode.Scalar s && s.value() != null) {
      if (spec.choices().contains(s.text())) {
        return s.text();
      }
      throw new ConfigException(node.location(), path, "unknown value " + Found.describe(node) + "; expected "
          + Expected.element(spec) + Suggestions.didYouMean(s.text(), spec.choices()));
    }
    throw mismatch(spec, node, path, "");
  }

  private static void checkRange(double value, ConfigNode.Scalar s, ParamSpec<?> spec, String path) {
    boolean low = spec.minimum().map(m -> spec.minimumExclusive() ? value <= m : value < m).orElse(false);
    boolean high = spec.maximum().map(m -> spec.maximumExclusive() ? value >= m : value > m).orElse(false);
    if (low || high) {
      throw mismatch(spec, s, path, "");
    }
  }

  /** {@code expected an integer >= 1, got 0}. */
  static ConfigException mismatch(ParamSpec<?> spec, ConfigNode node, String path, String note) {
    return new ConfigException(node.location(), path,
        "expected " + Expected.element(spec) + ", got " + Found.describe(node) + note);
  }
}
