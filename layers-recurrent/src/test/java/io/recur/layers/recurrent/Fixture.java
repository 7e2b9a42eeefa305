package io.recur.layers.recurrent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One PyTorch parity fixture written by {@code tools/pytorch/make_recurrent_fixtures.py}: a
 * configuration, its weights, input and projections R, and PyTorch's outputs, final states and
 * gradients. Read with a small JSON parser of its own, so the test depends on nothing in core
 * but the SPI and tensors.
 */
final class Fixture {
  /** The fixture files under {@code src/test/resources/fixtures/}, one per case of the script. */
  static final List<String> NAMES = List.of(
      "rnn_tanh_l1_uni", "rnn_tanh_l2_uni", "rnn_relu_l2_bi_padded", "rnn_tanh_l1_bi_padded_learned",
      "lstm_l1_uni", "lstm_l2_bi_padded", "lstm_l1_bi_learned", "lstm_l2_uni_padded_learned",
      "gru_l1_uni", "gru_l2_bi_padded", "gru_l1_bi_learned", "gru_l2_uni_padded_learned");

  private final Map<String, Object> root;

  private Fixture(Map<String, Object> root) {
    this.root = root;
  }

  @SuppressWarnings("unchecked")
  static Fixture load(String name) {
    String path = "/fixtures/" + name + ".json";
    try (InputStream in = Fixture.class.getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing fixture " + path + "; run tools/pytorch/make_recurrent_fixtures.py");
      }
      return new Fixture((Map<String, Object>) new Parser(new String(in.readAllBytes(), StandardCharsets.UTF_8)).value());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String string(String key) {
    return (String) root.get(key);
  }

  int integer(String key) {
    return ((Number) root.get(key)).intValue();
  }

  boolean bool(String key) {
    return (Boolean) root.get(key);
  }

  boolean has(String key) {
    return root.get(key) != null;
  }

  /** The lengths of a padded case, or {@code null} when every row has full length. */
  int[] lengths() {
    Object v = root.get("lengths");
    return v == null ? null : toInts(v);
  }

  @SuppressWarnings("unchecked")
  List<String> parameterNames() {
    return (List<String>) root.get("parameter_names");
  }

  @SuppressWarnings("unchecked")
  List<int[]> parameterShapes() {
    List<int[]> out = new ArrayList<>();
    for (Object s : (List<Object>) root.get("parameter_shapes")) {
      out.add(toInts(s));
    }
    return out;
  }

  /** A top-level array ("input", "output", "h_n", …) as doubles. */
  double[] array(String key) {
    return toDoubles(root.get(key));
  }

  @SuppressWarnings("unchecked")
  double[] parameter(String name) {
    return toDoubles(((Map<String, Object>) root.get("parameters")).get(name));
  }

  /** Gradient {@code name} ("input", a parameter name, "h0", "c0") of the "sequence" or "last" loss. */
  @SuppressWarnings("unchecked")
  double[] grad(String loss, String name) {
    Object v = ((Map<String, Object>) root.get("grads_" + loss)).get(name);
    if (v == null) {
      throw new IllegalStateException("fixture has no gradient '" + name + "' for the " + loss + " loss");
    }
    return toDoubles(v);
  }

  static float[] toFloats(double[] d) {
    float[] f = new float[d.length];
    for (int i = 0; i < d.length; i++) {
      f[i] = (float) d[i];
    }
    return f;
  }

  @SuppressWarnings("unchecked")
  private static double[] toDoubles(Object v) {
    List<Object> list = (List<Object>) v;
    double[] out = new double[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).doubleValue();
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static int[] toInts(Object v) {
    List<Object> list = (List<Object>) v;
    int[] out = new int[list.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = ((Number) list.get(i)).intValue();
    }
    return out;
  }

  /** Recursive-descent JSON: objects (insertion-ordered), arrays, strings without escapes beyond \" and \\, numbers, literals. */
  private static final class Parser {
    private final String s;
    private int i;

    Parser(String s) {
      this.s = s;
    }

    Object value() {
      skip();
      char c = s.charAt(i);
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          return number();
      }
    }

    private Map<String, Object> object() {
      Map<String, Object> m = new LinkedHashMap<>();
      i++;
      skip();
      if (s.charAt(i) == '}') {
        i++;
        return m;
      }
      while (true) {
        skip();
        String key = string();
        skip();
        expect(':');
        m.put(key, value());
        skip();
        if (s.charAt(i) == ',') {
          i++;
        } else {
          expect('}');
          return m;
        }
      }
    }

    private List<Object> array() {
      List<Object> list = new ArrayList<>();
      i++;
      skip();
      if (s.charAt(i) == ']') {
        i++;
        return list;
      }
      while (true) {
        list.add(value());
        skip();
        if (s.charAt(i) == ',') {
          i++;
        } else {
          expect(']');
          return list;
        }
      }
    }

    private String string() {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (s.charAt(i) != '"') {
        char c = s.charAt(i++);
        b.append(c == '\\' ? s.charAt(i++) : c);
      }
      i++;
      return b.toString();
    }

    private Object literal(String word, Object value) {
      if (!s.startsWith(word, i)) {
        throw new IllegalStateException("bad JSON literal at " + i);
      }
      i += word.length();
      return value;
    }

    private Double number() {
      int start = i;
      while (i < s.length() && "+-0123456789.eE".indexOf(s.charAt(i)) >= 0) {
        i++;
      }
      return Double.parseDouble(s.substring(start, i));
    }

    private void expect(char c) {
      if (s.charAt(i) != c) {
        throw new IllegalStateException("bad JSON: expected '" + c + "' at " + i + ", got '" + s.charAt(i) + "'");
      }
      i++;
    }

    private void skip() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
    }
  }
}
