package io.recur.spi;

import java.text.Normalizer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * How a raw line of text becomes the tokens a model reads, as its dataset prepared every training
 * item: surrounding whitespace stripped, accents folded to ASCII letters, lower-cased, then (after
 * tokenizing) cut to at most {@code maxLength} tokens. A dataset builds one from its parameters,
 * prepares its items with it and hands it to its {@link TextCodec}, which is saved with the model;
 * {@code recur predict}, {@code recur evaluate --data} and the Java API then prepare new text
 * through that same codec, so no second copy of these rules exists anywhere.
 *
 * <p>The steps run in a fixed order: strip, fold, lower-case, tokenize, truncate.
 *
 * @param strip remove leading and trailing whitespace ({@link String#strip()})
 * @param asciiFold decompose (Unicode NFD) and drop combining marks: {@code É → E}, as the
 *     PyTorch names tutorial's {@code unicodeToAscii}
 * @param lowercase lower-case with the root locale
 * @param maxLength the most tokens kept from the start of a line; 0 keeps every token
 */
public record TextPreparation(boolean strip, boolean asciiFold, boolean lowercase, int maxLength) {
  /** Text as it is: no stripping, folding, lower-casing or truncation. */
  public static final TextPreparation NONE = new TextPreparation(false, false, false, 0);

  static final String KEY_STRIP = "strip";
  static final String KEY_ASCII = "ascii";
  static final String KEY_LOWERCASE = "lowercase";
  static final String KEY_MAX_LENGTH = "max_length";

  private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}");

  public TextPreparation {
    if (maxLength < 0) {
      throw new IllegalArgumentException("maxLength must be 0 (no limit) or more, got " + maxLength);
    }
  }

  /** {@code maxLength} from an optional dataset parameter: {@code null} keeps every token. */
  public static TextPreparation of(boolean strip, boolean asciiFold, boolean lowercase, Integer maxLength) {
    return new TextPreparation(strip, asciiFold, lowercase, maxLength == null ? 0 : maxLength);
  }

  /** The text steps (strip, fold, lower-case) applied to {@code line}; tokens are not cut here. */
  public String apply(String line) {
    String s = line;
    if (strip) {
      s = s.strip();
    }
    if (asciiFold) {
      s = COMBINING_MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
    }
    if (lowercase) {
      s = s.toLowerCase(Locale.ROOT);
    }
    return s;
  }

  /** The first {@code maxLength} tokens (all of them when {@code maxLength} is 0). */
  public <T> List<T> truncate(List<T> tokens) {
    return maxLength > 0 && tokens.size() > maxLength ? tokens.subList(0, maxLength) : tokens;
  }

  /** The form stored under a codec in {@code model.yaml}; only the steps that are on. */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    if (strip) {
      m.put(KEY_STRIP, true);
    }
    if (asciiFold) {
      m.put(KEY_ASCII, true);
    }
    if (lowercase) {
      m.put(KEY_LOWERCASE, true);
    }
    if (maxLength > 0) {
      m.put(KEY_MAX_LENGTH, maxLength);
    }
    return m;
  }

  /** Reads {@link #toMap()}'s form; {@code null} (a model saved before it was recorded) is {@link #NONE}. */
  public static TextPreparation fromMap(Map<String, Object> m) {
    if (m == null) {
      return NONE;
    }
    Object max = m.get(KEY_MAX_LENGTH);
    return new TextPreparation(Boolean.TRUE.equals(m.get(KEY_STRIP)), Boolean.TRUE.equals(m.get(KEY_ASCII)),
        Boolean.TRUE.equals(m.get(KEY_LOWERCASE)), max == null ? 0 : ((Number) max).intValue());
  }
}
