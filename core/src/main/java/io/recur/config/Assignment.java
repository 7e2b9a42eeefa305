package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.util.Locale;

/**
 * One value a sweep trial sets, such as {@code optimizer.learning_rate=0.01} or {@code seed=2}.
 * Immutable.
 *
 * @param path the dotted path, as {@code --set} takes it
 * @param label the short name shown in trial names and tables ({@code learning_rate})
 * @param value the value as plain Java: Integer, Long, Double, Boolean, String, List or Map; a
 *     plain decimal written as text ({@code 1e-3}) is a Double; null for YAML null
 * @param text the value as YAML flow text, so {@code --set path=text} sets exactly this value
 */
public record Assignment(String path, String label, Object value, String text) {
  public Assignment {
    requireNonNull(path, "path is null");
    requireNonNull(label, "label is null");
    requireNonNull(text, "text is null");
  }

  /** {@code path=text}: the {@code --set} argument that makes the same change. */
  public String asSetArgument() {
    return path + "=" + text;
  }

  /**
   * {@code label=value} with numbers shortened to 4 significant digits ({@code lr=0.003162}), for
   * trial names; the exact value is in {@link #text()}.
   */
  public String shortForm() {
    return label + "=" + shortValue(value);
  }

  /** A value in few characters: 4 significant digits for non-integral numbers, flow text otherwise. */
  public static String shortValue(Object value) {
    if (value instanceof Double d && d != Math.rint(d)) {
      String s = String.format(Locale.ROOT, "%.4g", d);
      int e = s.indexOf('e');
      // 1.000e-05 reads better as 1e-5
      return e < 0 ? trimZeros(s) : trimZeros(s.substring(0, e)) + "e" + Integer.parseInt(s.substring(e + 1));
    }
    if (value instanceof Double d && Math.abs(d) < 1e15) {
      return Long.toString((long) (double) d);
    }
    return value instanceof String text ? text : FlowYaml.write(value);
  }

  private static String trimZeros(String decimal) {
    if (!decimal.contains(".")) {
      return decimal;
    }
    String s = decimal.replaceAll("0+$", "");
    return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
  }
}
