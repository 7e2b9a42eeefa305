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
  /** The token that stands for every token outside a training vocabulary (see the datasets module). */
  public static final String UNKNOWN = "<unk>";
  static final String KEY_PREPARE = "prepare";

  private final String tokenizer;
  private final List<String> vocabulary;
  private final Map<String, Integer> index = new HashMap<>();
  private final int length;

  private final Symbols symbols;
  private final TextPreparation preparation;

  /**
   * The special symbols of a generative or sequence-to-sequence vocabulary (issue 4). Each is a
   * token of the vocabulary, or {@code null} when the data has none; two may be the same token
   * (a line corpus whose {@code \n} both ends an item and starts the next one).
   *
   * @param start what a sampler or decoder feeds as the first input before any real token
   * @param end the token that closes an item: sampling stops after emitting it
   * @param pad the id that fills steps after an item's end; such steps are masked out
   */
  public record Symbols(String start, String end, String pad) {
    /** No special symbols: a plain classifier's or corpus's vocabulary. */
    public static final Symbols NONE = new Symbols(null, null, null);
  }

  /**
   * @param length the fixed sequence length every input must have, or 0 for variable length
   */
  public TextCodec(String tokenizer, List<String> vocabulary, int length) {
    this(tokenizer, vocabulary, length, Symbols.NONE);
  }

  /**
   * @param length the fixed sequence length every input must have, or 0 for variable length
   * @param symbols the start, end and padding tokens, each in {@code vocabulary} or null
   */
  public TextCodec(String tokenizer, List<String> vocabulary, int length, Symbols symbols) {
    this(tokenizer, vocabulary, length, symbols, TextPreparation.NONE);
  }

  /**
   * @param length the fixed sequence length every input must have, or 0 for variable length
   * @param symbols the start, end and padding tokens, each in {@code vocabulary} or null
   * @param preparation how the dataset prepared each raw line before tokenizing it (stripping,
   *     folding, lower-casing, truncation); {@link #tokens} applies it to new text
   */
  public TextCodec(String tokenizer, List<String> vocabulary, int length, Symbols symbols,
      TextPreparation preparation) {
    if (!CHAR.equals(tokenizer) && !WHITESPACE.equals(tokenizer)) {
      throw new IllegalArgumentException("tokenizer must be 'char' or 'whitespace', got '" + tokenizer + "'");
    }
    this.tokenizer = tokenizer;
    this.vocabulary = List.copyOf(requireNonNull(vocabulary, "vocabulary is null"));
    for (int i = 0; i < this.vocabulary.size(); i++) {
      index.put(this.vocabulary.get(i), i);
    }
    this.length = length;
    this.symbols = requireNonNull(symbols, "symbols is null");
    this.preparation = requireNonNull(preparation, "preparation is null");
    for (String s : new String[] {symbols.start(), symbols.end(), symbols.pad()}) {
      if (s != null && !index.containsKey(s)) {
        throw new IllegalArgumentException("special symbol '" + s + "' is not in the vocabulary " + this.vocabulary);
      }
    }
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

  /** The start, end and padding tokens; {@link Symbols#NONE} for a plain vocabulary. */
  public Symbols symbols() {
    return symbols;
  }

  /** How raw lines are prepared before tokenizing ({@link TextPreparation#NONE} when as they are). */
  public TextPreparation preparation() {
    return preparation;
  }

  /**
   * The tokens of a raw line as the model's dataset made them from its items: the line prepared
   * ({@link TextPreparation#apply}), tokenized, and cut to the preparation's maximum length. The
   * one path from text to tokens for training data, {@code recur predict}, {@code recur evaluate}
   * and the Java API.
   */
  public List<String> tokens(String line) {
    return preparation.truncate(tokenize(preparation.apply(requireNonNull(line, "line is null"))));
  }

  /** The id of the start symbol, or -1 when there is none. */
  public int startId() {
    return symbols.start() == null ? -1 : id(symbols.start());
  }

  /** The id of the end symbol, or -1 when there is none (sampling then runs for a given length). */
  public int endId() {
    return symbols.end() == null ? -1 : id(symbols.end());
  }

  /** The id of the padding symbol, or -1 when there is none. */
  public int padId() {
    return symbols.pad() == null ? -1 : id(symbols.pad());
  }

  /** The token of {@code id}. */
  public String token(int id) {
    if (id < 0 || id >= vocabulary.size()) {
      throw new IllegalArgumentException("token id " + id + " is outside the vocabulary [0, " + vocabulary.size() + ")");
    }
    return vocabulary.get(id);
  }

  /**
   * The text of a token id sequence: tokens concatenated for {@code char}, joined by single
   * spaces for {@code whitespace}. Special symbols are written as they are; callers that stop at
   * the end symbol cut the ids first.
   */
  public String decode(int[] ids) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < ids.length; i++) {
      if (i > 0 && WHITESPACE.equals(tokenizer)) {
        b.append(' ');
      }
      b.append(token(ids[i]));
    }
    return b.toString();
  }

  /**
   * The ids of the tokens of {@code text} (a sampling prime, a line to predict), prepared as
   * {@link #tokens} prepares them. A token outside the vocabulary takes the id of {@code <unk>}
   * when the vocabulary has one.
   *
   * @param source names the text in messages ({@code --prime}, {@code input.txt:3})
   * @throws RecurException naming {@code source} and the token when it is unknown and there is no
   *     {@code <unk>}
   */
  public int[] ids(String text, String source) {
    List<String> tokens = tokens(requireNonNull(text, "text is null"));
    int unknown = id(UNKNOWN);
    int[] out = new int[tokens.size()];
    for (int t = 0; t < out.length; t++) {
      int id = id(tokens.get(t));
      if (id < 0 && unknown < 0) {
        throw new UnknownToken(source, tokens.get(t), vocabulary);
      }
      out[t] = id < 0 ? unknown : id;
    }
    return out;
  }

  /**
   * A token outside the vocabulary of a codec that has no {@code <unk>}: its message names the
   * source, the token and the vocabulary; {@link #token()} lets a caller name it its own way.
   */
  public static final class UnknownToken extends RecurException {
    private final String token;

    UnknownToken(String source, String token, List<String> vocabulary) {
      super(source + ": token '" + printable(token) + "' is not in the model's vocabulary " + printableList(vocabulary));
      this.token = token;
    }

    /** The token as it was found (not escaped). */
    public String token() {
      return token;
    }
  }

  /** A token as messages show it: line breaks and tabs escaped, so a message stays one line. */
  public static String printable(String token) {
    return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  /** Tokens as messages show them, each {@link #printable}. */
  public static String printableList(List<String> tokens) {
    return tokens.stream().map(TextCodec::printable).toList().toString();
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
    // written only when present, so the model.yaml of a plain classifier stays as it was
    if (symbols.start() != null) {
      m.put("start", symbols.start());
    }
    if (symbols.end() != null) {
      m.put("end", symbols.end());
    }
    if (symbols.pad() != null) {
      m.put("pad", symbols.pad());
    }
    if (!preparation.equals(TextPreparation.NONE)) {
      m.put(KEY_PREPARE, preparation.toMap());
    }
    return m;
  }

  @SuppressWarnings("unchecked")
  public static TextCodec fromMap(Map<String, Object> m) {
    return new TextCodec((String) m.get("tokenizer"), (List<String>) m.get("vocabulary"),
        ((Number) m.get("length")).intValue(),
        new Symbols((String) m.get("start"), (String) m.get("end"), (String) m.get("pad")),
        TextPreparation.fromMap((Map<String, Object>) m.get(KEY_PREPARE)));
  }
}
