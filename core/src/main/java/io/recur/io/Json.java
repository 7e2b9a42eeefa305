package io.recur.io;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Minimal JSON: writes maps, lists, strings, numbers, booleans and null (key order kept), and
 * reads JSON through SnakeYAML's safe loader (JSON is YAML), so no JSON library is needed.
 */
public final class Json {
  private Json() {}

  /** One-line JSON of a value built from Map, List, CharSequence, Number, Boolean and null. */
  public static String write(Object value) {
    StringBuilder b = new StringBuilder();
    write(value, b, -1, 0);
    return b.toString();
  }

  /** Indented JSON (two spaces), for files people read. */
  public static String writePretty(Object value) {
    StringBuilder b = new StringBuilder();
    write(value, b, 2, 0);
    return b.append('\n').toString();
  }

  private static void write(Object v, StringBuilder b, int indent, int depth) {
    if (v == null) {
      b.append("null");
    } else if (v instanceof CharSequence s) {
      quote(s.toString(), b);
    } else if (v instanceof Double d) {
      number(d, b);
    } else if (v instanceof Float f) {
      number(f, b);
    } else if (v instanceof Number || v instanceof Boolean) {
      b.append(v);
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      Iterator<? extends Map.Entry<?, ?>> it = m.entrySet().iterator();
      while (it.hasNext()) {
        Map.Entry<?, ?> e = it.next();
        newline(b, indent, depth + 1);
        quote(String.valueOf(e.getKey()), b);
        b.append(indent < 0 ? ":" : ": ");
        write(e.getValue(), b, indent, depth + 1);
        if (it.hasNext()) {
          b.append(',');
        }
      }
      if (!m.isEmpty()) {
        newline(b, indent, depth);
      }
      b.append('}');
    } else if (v instanceof List<?> l) {
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(indent < 0 ? "," : ", ");
        }
        write(l.get(i), b, indent, depth + 1);
      }
      b.append(']');
    } else if (v instanceof int[] a) {
      b.append('[');
      for (int i = 0; i < a.length; i++) {
        b.append(i > 0 ? (indent < 0 ? "," : ", ") : "").append(a[i]);
      }
      b.append(']');
    } else {
      quote(v.toString(), b);
    }
  }

  private static void newline(StringBuilder b, int indent, int depth) {
    if (indent >= 0) {
      b.append('\n').append(" ".repeat(indent * depth));
    }
  }

  /** Non-finite numbers have no JSON form; they are written as null, which readers must expect. */
  private static void number(double d, StringBuilder b) {
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      b.append("null");
    } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      b.append((long) d).append(".0");
    } else {
      b.append(d);
    }
  }

  /**
   * A float in its shortest round-trip form ({@code 0.91}, not the {@code 0.9100000262260437} of
   * its double), so a reader parsing it as float gets the same bits.
   */
  private static void number(float f, StringBuilder b) {
    if (Float.isNaN(f) || Float.isInfinite(f)) {
      b.append("null");
    } else if (f == Math.rint(f) && Math.abs(f) < 1e7f) {
      b.append((long) f).append(".0");
    } else {
      b.append(f);
    }
  }

  private static void quote(String s, StringBuilder b) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** Parses JSON text into maps, lists and scalars (safe: no class construction). */
  public static Object read(String text) {
    return new Yaml(new SafeConstructor(new LoaderOptions())).load(text);
  }

  /**
   * Parses text that must be JSON (RFC 8259) and nothing else: unlike {@link #read}, which goes
   * through the YAML loader, YAML syntax (unquoted keys and strings, comments, single quotes,
   * anchors), trailing text and duplicate keys are refused.
   *
   * @throws IllegalArgumentException saying what is wrong and at which character offset
   */
  public static Object readStrict(String text) {
    new StrictJson(text).document();
    LoaderOptions options = new LoaderOptions();
    options.setAllowDuplicateKeys(false);
    options.setCodePointLimit(Math.max(text.length() + 1, options.getCodePointLimit()));
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  /** A syntax check of JSON text (RFC 8259), nesting at most 64 deep. */
  private static final class StrictJson {
    private static final int MAX_DEPTH = 64;
    private final String s;
    private int i;

    StrictJson(String s) {
      this.s = s;
    }

    void document() {
      space();
      value(0);
      space();
      if (i < s.length()) {
        throw error("text after the JSON value");
      }
    }

    private void value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested more than " + MAX_DEPTH + " deep");
      }
      if (i >= s.length()) {
        throw error("the text ends where a value was expected");
      }
      char c = s.charAt(i);
      switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            number();
          } else {
            throw error("unexpected '" + c + "'");
          }
        }
      }
    }

    private void object(int depth) {
      i++;
      space();
      java.util.Set<String> keys = new java.util.HashSet<>();
      if (peek() == '}') {
        i++;
        return;
      }
      while (true) {
        space();
        if (peek() != '"') {
          throw error("expected a quoted key");
        }
        int start = i;
        string();
        if (!keys.add(s.substring(start, i))) {
          throw error("duplicate key " + s.substring(start, i));
        }
        space();
        expect(':');
        space();
        value(depth + 1);
        space();
        if (peek() == ',') {
          i++;
        } else {
          expect('}');
          return;
        }
      }
    }

    private void array(int depth) {
      i++;
      space();
      if (peek() == ']') {
        i++;
        return;
      }
      while (true) {
        space();
        value(depth + 1);
        space();
        if (peek() == ',') {
          i++;
        } else {
          expect(']');
          return;
        }
      }
    }

    private void string() {
      i++;
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return;
        }
        if (c < 0x20) {
          throw error("a control character in a string");
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          char e = s.charAt(i++);
          if (e == 'u') {
            if (i + 4 > s.length() || !s.substring(i, i + 4).matches("[0-9a-fA-F]{4}")) {
              throw error("a bad \\u escape");
            }
            i += 4;
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            throw error("a bad escape \\" + e);
          }
        }
      }
      throw error("a string that is not closed");
    }

    private void number() {
      int start = i;
      if (peek() == '-') {
        i++;
      }
      if (peek() == '0') {
        i++;
      } else if (digits() == 0) {
        throw error("a malformed number");
      }
      if (peek() == '.') {
        i++;
        if (digits() == 0) {
          throw error("a malformed number");
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        i++;
        if (peek() == '+' || peek() == '-') {
          i++;
        }
        if (digits() == 0) {
          throw error("a malformed number");
        }
      }
      if (i == start) {
        throw error("a malformed number");
      }
    }

    private int digits() {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      return i - start;
    }

    private void literal(String word) {
      if (!s.startsWith(word, i)) {
        throw error("unexpected '" + s.charAt(i) + "'");
      }
      i += word.length();
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error(i < s.length() ? "expected '" + c + "', found '" + s.charAt(i) + "'" : "expected '" + c + "'");
      }
      i++;
    }

    private char peek() {
      return i < s.length() ? s.charAt(i) : '\0';
    }

    private void space() {
      while (i < s.length() && " \t\r\n".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException(what + " at character " + i);
    }
  }
}
