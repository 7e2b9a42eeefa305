package io.recur.serve;

import io.recur.api.InputKind;
import io.recur.io.Json;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * The body of {@code POST /v1/predict}, read and checked for shape: {@code {"inputs": [...],
 * "top_k": 3, "probabilities": false}}. What the model can take is checked afterwards by {@link
 * io.recur.api.RecurModel#check}; this class only answers "is this a request at all", naming the
 * field or {@code inputs[i]} that is wrong.
 *
 * <p>Items become the strings {@link io.recur.api.RecurModel#predictBatch} takes: text as given;
 * for a model of numbers, an array of numbers (nested arrays of steps × features are flattened)
 * or a string of comma-separated numbers, the form {@code recur predict} reads from a line.
 *
 * @param items one string per input, in order
 * @param topK classes or next tokens listed per answer
 * @param probabilities whether a labeller's answers carry every position's probabilities
 */
record PredictRequest(List<String> items, int topK, boolean probabilities) {
  static final int DEFAULT_TOP_K = 3;
  private static final Set<String> FIELDS = Set.of("inputs", "top_k", "probabilities");

  /**
   * Reads a request body.
   *
   * @throws HttpError 400 naming what is wrong
   */
  static PredictRequest parse(byte[] body, InputKind inputKind, int maxInputs) {
    Object json = parseJson(body);
    if (!(json instanceof Map<?, ?> fields)) {
      throw HttpError.badRequest("the body must be a JSON object such as {\"inputs\": [...]}; got "
          + describe(json));
    }
    for (Object key : fields.keySet()) {
      if (!FIELDS.contains(String.valueOf(key))) {
        throw HttpError.badRequest("unknown field '" + key + "'; expected inputs, top_k, probabilities");
      }
    }
    if (!fields.containsKey("inputs")) {
      throw HttpError.badRequest("no 'inputs'; expected {\"inputs\": [...]}, one item per input");
    }
    if (!(fields.get("inputs") instanceof List<?> inputs)) {
      throw HttpError.badRequest("inputs must be an array; got " + describe(fields.get("inputs")));
    }
    if (inputs.isEmpty()) {
      throw HttpError.badRequest("inputs is empty; give at least one item");
    }
    if (inputs.size() > maxInputs) {
      throw HttpError.badRequest("inputs has " + inputs.size() + " items; this server takes at most " + maxInputs
          + " per request");
    }
    List<String> items = new ArrayList<>(inputs.size());
    for (int i = 0; i < inputs.size(); i++) {
      items.add(item(inputs.get(i), i, inputKind));
    }
    int topK = DEFAULT_TOP_K;
    if (fields.containsKey("top_k")) {
      Object k = fields.get("top_k");
      if (!(k instanceof Integer || k instanceof Long || k instanceof BigInteger) || ((Number) k).longValue() < 1) {
        throw HttpError.badRequest("top_k must be a whole number of 1 or more; got " + describe(k));
      }
      topK = (int) Math.min(Integer.MAX_VALUE, ((Number) k).longValue());
    }
    boolean probabilities = false;
    if (fields.containsKey("probabilities")) {
      if (!(fields.get("probabilities") instanceof Boolean b)) {
        throw HttpError.badRequest("probabilities must be true or false; got " + describe(fields.get("probabilities")));
      }
      probabilities = b;
    }
    return new PredictRequest(List.copyOf(items), topK, probabilities);
  }

  private static Object parseJson(byte[] body) {
    String text;
    try {
      // strict: a malformed byte is an error here, not a U+FFFD that would reach the model as a character
      text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
    } catch (CharacterCodingException e) {
      throw HttpError.badRequest("the body is not UTF-8 text");
    }
    if (text.isBlank()) {
      throw HttpError.badRequest("the body is empty; expected a JSON object such as {\"inputs\": [...]}");
    }
    try {
      // strict: YAML's unquoted keys and strings, comments and duplicate keys are not JSON
      return Json.readStrict(text);
    } catch (MarkedYAMLException e) {
      // the checked text is then read by the YAML parser: its problem and position, without its echo of the text
      Mark at = e.getProblemMark();
      throw HttpError.badRequest("malformed JSON: " + e.getProblem()
          + (at == null ? "" : " (line " + (at.getLine() + 1) + ", column " + (at.getColumn() + 1) + ")"));
    } catch (RuntimeException e) {
      String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().strip();
      throw HttpError.badRequest("malformed JSON: " + firstLine(why));
    }
  }

  private static String item(Object value, int index, InputKind inputKind) {
    String where = "inputs[" + index + "]";
    if (inputKind == InputKind.TEXT) {
      if (value instanceof String s) {
        return s;
      }
      throw HttpError.badRequest(where + ": expected a string (this model reads text); got " + describe(value));
    }
    if (value instanceof String s) {
      return s; // comma-separated numbers, as a line of recur predict's input
    }
    if (value instanceof List<?> values) {
      StringBuilder line = new StringBuilder();
      appendNumbers(values, where, line);
      if (line.length() == 0) {
        throw HttpError.badRequest(where + ": no numbers; expected an array of numbers (steps × features)");
      }
      return line.toString();
    }
    throw HttpError.badRequest(where + ": expected an array of numbers or a string of comma-separated numbers (this"
        + " model reads numbers); got " + describe(value));
  }

  /** Flattens nested arrays step by step; the model checks how many values it needs. */
  private static void appendNumbers(List<?> values, String where, StringBuilder line) {
    for (int k = 0; k < values.size(); k++) {
      Object v = values.get(k);
      String at = where + "[" + k + "]";
      if (v instanceof List<?> nested) {
        appendNumbers(nested, at, line);
        continue;
      }
      String text;
      if (v instanceof Integer || v instanceof Long || v instanceof BigInteger) {
        text = v.toString();
      } else if (v instanceof Double d) {
        text = Double.toString(d);
      } else if (v instanceof BigDecimal d) {
        text = d.toString();
      } else {
        throw HttpError.badRequest(at + ": expected a number; got " + describe(v));
      }
      line.append(line.length() > 0 ? "," : "").append(text);
    }
  }

  /** A value's JSON type, with the value itself when it is short, for messages. */
  static String describe(Object v) {
    if (v == null) {
      return "null";
    }
    String type;
    if (v instanceof String) {
      type = "a string";
    } else if (v instanceof Number) {
      type = "a number";
    } else if (v instanceof Boolean) {
      type = "a boolean";
    } else if (v instanceof List<?>) {
      type = "an array";
    } else if (v instanceof Map<?, ?>) {
      return "an object";
    } else {
      return "a " + v.getClass().getSimpleName();
    }
    String text = v instanceof String s ? Json.write(s) : Json.write(v);
    return text.length() <= 40 ? type + " " + text : type;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
