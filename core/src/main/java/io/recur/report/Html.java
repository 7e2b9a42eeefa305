package io.recur.report;

import java.util.Locale;

/** Small helpers for writing report HTML by hand. */
public final class Html {
  private Html() {}

  /** Text safe to place in an element or a quoted attribute. */
  public static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A metric value as tables show it: four significant digits, or an em dash for NaN. */
  public static String number(double v) {
    if (Double.isNaN(v)) {
      return "—";
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }
}
