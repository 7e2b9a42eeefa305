package io.recur.report;

/**
 * Class names as people can read them in a table or a terminal. A character model's classes
 * include the newline, the space and the tab, which print as a line break or a blank cell; each
 * becomes a visible symbol ({@code ⏎}, {@code ␣}, {@code ⇥}) and any other control character
 * its {@code U+XXXX} code. Used by the report and by {@code recur evaluate}'s per-class list.
 */
public final class ClassNames {
  private ClassNames() {}

  public static String printable(String name) {
    if (name.isEmpty()) {
      return "(empty)";
    }
    StringBuilder b = new StringBuilder(name.length());
    name.codePoints().forEach(c -> {
      switch (c) {
        case '\n' -> b.append('⏎');
        case '\r' -> b.append('␍');
        case '\t' -> b.append('⇥');
        case ' ' -> b.append(name.length() == 1 ? "␣" : " ");
        default -> {
          if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
            b.append(String.format(java.util.Locale.ROOT, "U+%04X", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    });
    return b.toString();
  }
}
