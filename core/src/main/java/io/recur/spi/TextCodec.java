package io.recur.spi;

import static java.util.Objects.requireNonNull;

import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns text sequences into token ids and back: a tokenizer ({@code char}: every character is a
 * token; {@code whitespace}: words) and a vocabulary whose position is the token id. Saved in
 * {@code model/model.yaml} so {@code recur predict} encodes new input exactly as training did.
 */
public final class TextCodec {
  public static final String CHAR = "char";
  public static final String WHITESPACE = "whitespace";

  private final String tokenizer;
  private final List<String> vocabulary;
  private final Map<String, Integer> index = new HashMap<>();
  private final int length;

  /**
   * @param length the fixed sequence length every input must have, or 0 for variable length
   */
  public TextCodec(String tokenizer, List<String> vocabulary, int length) {
    if (!CHAR.equals(tokenizer) && !WHITESPACE.equals(tokenizer)) {
      throw new IllegalArgumentException("tokenizer must be 'char' or 'whitespace', got '" + tokenizer + "'");
    }
    this.tokenizer = tokenizer;
    this.vocabulary = List.copyOf(requireNonNull(vocabulary, "vocabulary is null"));
    for (int i = 0; i < this.vocabulary.size(); i++) {
      index.put(this.vocabulary.get(i), i);
    }
    this.length = length;
  }

  public String tokenizer() {
    return tokenizer;
  }

  public List<String> vocabulary() {
    return vocabulary;
  }

  public int length() {
    return length;
  }

  /** Splits a line into tokens with this codec's tokenizer. */
  public List<String> tokenize(String line) {
    List<String> out = new ArrayList<>();
    if (CHAR.equals(tokenizer)) {
      line.codePoints().forEach(cp -> out.add(new String(Character.toChars(cp))));
    } else {
      for (String w : line.trim().split("\\s+")) {
        if (!w.isEmpty()) {
          out.add(w);
        }
      }
    }
    return out;
  }

  /** The id of {@code token}, or -1 when it is not in the vocabulary. */
  public int id(String token) {
    return index.getOrDefault(token, -1);
  }

  /**
   * Encodes fixed-length lines into {@code [N, length]} token ids. {@code source} names the input
   * in messages ("input.txt"); a line of the wrong length or with an unknown token is an error
   * naming the line number.
   */
  public Tensor encode(List<String> lines, String source) {
    if (length <= 0) {
      throw new RecurException(source + ": this model takes variable-length input, which needs padding and lengths");
    }
    float[] ids = new float[lines.size() * length];
    for (int i = 0; i < lines.size(); i++) {
      List<String> tokens = tokenize(lines.get(i));
      if (tokens.size() != length) {
        throw new RecurException(source + ":" + (i + 1) + ": expected a sequence of " + length
            + " tokens, got " + tokens.size());
      }
      for (int t = 0; t < length; t++) {
        int id = id(tokens.get(t));
        if (id < 0) {
          throw new RecurException(source + ":" + (i + 1) + ": token '" + tokens.get(t)
              + "' is not in the model's vocabulary " + vocabulary);
        }
        ids[i * length + t] = id;
      }
    }
    return Tensor.of(ids, lines.size(), length);
  }

  /** The form stored in model.yaml. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tokenizer", tokenizer);
    m.put("length", length);
    m.put("vocabulary", vocabulary);
    return m;
  }

  @SuppressWarnings("unchecked")
  public static TextCodec fromMap(Map<String, Object> m) {
    return new TextCodec((String) m.get("tokenizer"), (List<String>) m.get("vocabulary"),
        ((Number) m.get("length")).intValue());
  }
}
