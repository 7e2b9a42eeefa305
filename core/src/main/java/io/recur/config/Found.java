package io.recur.config;

import java.util.regex.Pattern;

/** How a written value is shown after "got" / "found" in messages: {@code 0}, {@code 'abc'}, {@code a map}. */
final class Found {
  /** Text that a reader would take for a number or boolean if it were not quoted. */
  private static final Pattern LOOKS_TYPED =
      Pattern.compile("[-+]?(\\d[\\d_]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?|true|false|yes|no|on|off|null",
          Pattern.CASE_INSENSITIVE);

  private Found() {}

  static String describe(ConfigNode node) {
    if (node instanceof ConfigNode.Mapping) {
      return "a map";
    }
    if (node instanceof ConfigNode.Sequence) {
      return "a list";
    }
    ConfigNode.Scalar s = (ConfigNode.Scalar) node;
    if (s.value() == null) {
      return "null";
    }
    if (s.value() instanceof String text) {
      // "3" in quotes looks like a number in the message; say why it is not one
      boolean misleading = !s.plain() && LOOKS_TYPED.matcher(text).matches();
      return "'" + text + "'" + (misleading ? " (quoted, so a string)" : "");
    }
    return s.text();
  }
}
