package io.recur.api;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataSchema;
import io.recur.spi.Normalization;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Turns a batch of items into the model's input tensors, laid out as the model's dataset laid out
 * its samples: text through the saved {@link TextCodec} (the same preparation and vocabulary as
 * training), numbers normalised with the saved {@link Normalization}. Ragged items are padded
 * (token id 0, value 0) to the batch's longest and get a mask, so padding changes no answer.
 */
final class ItemEncoder {
  /** One encoded batch: the model's input, its mask (null when no row is padded) and each row's real steps. */
  record Batch(Tensor inputs, Tensor mask, int[] steps) {}

  private final DataSchema schema;
  private final ModelKind kind;
  /** The per-sample input shape the model was built for. */
  private final int[] inputShape;

  ItemEncoder(DataSchema schema, ModelKind kind, int[] inputShape) {
    this.schema = requireNonNull(schema, "schema is null");
    this.kind = requireNonNull(kind, "kind is null");
    this.inputShape = inputShape.clone();
  }

  /** Encodes text items; {@code indices} are their indices in the caller's whole list, for messages. */
  Batch text(List<String> items, int[] indices) {
    TextCodec codec = schema.codec();
    List<int[]> rows = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      rows.add(ids(codec, items.get(i), indices[i]));
    }
    if (kind == ModelKind.ENCODER_DECODER && codec.length() <= 0) {
      return new Batch(sources(codec, rows, indices), null, lengths(rows));
    }
    return pad(rows);
  }

  /** The token ids of one item, with the start symbol first for a language model whose data has one. */
  private int[] ids(TextCodec codec, String item, int index) {
    int[] ids = tokenIds(codec, item, index);
    if (ids.length == 0) {
      throw new InvalidItemException(index, "no " + tokenWord(codec) + "s left after preparing the text; expected at"
          + " least one");
    }
    if (codec.length() > 0 && ids.length != codec.length()) {
      throw new InvalidItemException(index, "expected " + codec.length() + " " + tokenWord(codec) + "s, got "
          + ids.length + "; this model reads sequences of exactly " + codec.length());
    }
    if (kind == ModelKind.LANGUAGE_MODEL && codec.startId() >= 0) {
      int[] withStart = new int[ids.length + 1];
      withStart[0] = codec.startId();
      System.arraycopy(ids, 0, withStart, 1, ids.length);
      return withStart;
    }
    return ids;
  }

  /**
   * The ids of {@code item}'s tokens through the model's codec (the training data's preparation);
   * a token outside a vocabulary without {@code <unk>} is an {@link InvalidItemException} naming it.
   */
  static int[] tokenIds(TextCodec codec, String item, int index) {
    requireNonNull(item, "item is null");
    try {
      return codec.ids(item, "item " + index);
    } catch (TextCodec.UnknownToken e) {
      throw new InvalidItemException(index, tokenWord(codec) + " '" + TextCodec.printable(e.token())
          + "' is not in the model's vocabulary " + TextCodec.printableList(codec.vocabulary()));
    }
  }

  static String tokenWord(TextCodec codec) {
    return TextCodec.CHAR.equals(codec.tokenizer()) ? "character" : "word";
  }

  /**
   * The sources of an encoder–decoder trained on variable-length data, laid out as its dataset
   * lays them out: each item's ids, its end symbol, then the padding symbol up to the model's
   * input length (the encoder takes its state at the first end symbol).
   */
  private Tensor sources(TextCodec codec, List<int[]> rows, int[] indices) {
    int steps = inputShape[0];
    float[] ids = new float[rows.size() * steps];
    int pad = codec.padId() >= 0 ? codec.padId() : codec.endId();
    Arrays.fill(ids, pad);
    for (int i = 0; i < rows.size(); i++) {
      int[] row = rows.get(i);
      if (row.length >= steps) {
        throw new InvalidItemException(indices[i], row.length + " " + tokenWord(codec) + "s; this model reads at most "
            + (steps - 1) + ", then its end symbol '" + TextCodec.printable(codec.symbols().end()) + "'");
      }
      for (int t = 0; t < row.length; t++) {
        ids[i * steps + t] = row[t];
      }
      ids[i * steps + row.length] = codec.endId();
    }
    return Tensor.of(ids, rows.size(), steps);
  }

  /** Token rows padded with id 0 to the longest, {@code [N, T]}, with a mask when they differ in length. */
  private static Batch pad(List<int[]> rows) {
    int[] steps = lengths(rows);
    int longest = Arrays.stream(steps).max().orElse(0);
    boolean ragged = Arrays.stream(steps).anyMatch(s -> s != longest);
    int n = rows.size();
    float[] ids = new float[n * longest];
    float[] mask = ragged ? new float[n * longest] : null;
    for (int i = 0; i < n; i++) {
      int[] row = rows.get(i);
      for (int t = 0; t < row.length; t++) {
        ids[i * longest + t] = row[t];
      }
      if (mask != null) {
        Arrays.fill(mask, i * longest, i * longest + row.length, 1f);
      }
    }
    return new Batch(Tensor.of(ids, n, longest), mask == null ? null : Tensor.of(mask, n, longest), steps);
  }

  private static int[] lengths(List<int[]> rows) {
    return rows.stream().mapToInt(r -> r.length).toArray();
  }

  /**
   * Encodes items of real values, each {@code steps × features} numbers in original units (step
   * by step), normalised as the training data was. A model whose samples have no time axis takes
   * exactly its feature count per item.
   */
  Batch numbers(List<float[]> items, int[] indices) {
    int features = inputShape[inputShape.length - 1];
    Normalization normalization = schema.normalization();
    int n = items.size();
    if (inputShape.length == 1) {
      float[] x = new float[n * features];
      for (int i = 0; i < n; i++) {
        float[] item = checked(items.get(i), indices[i], features);
        if (item.length != features) {
          throw new InvalidItemException(indices[i], "expected " + features + " values, got " + item.length);
        }
        for (int f = 0; f < features; f++) {
          x[i * features + f] = normalized(item[f], normalization);
        }
      }
      int[] steps = new int[n];
      Arrays.fill(steps, 1);
      return new Batch(Tensor.of(x, n, features), null, steps);
    }
    int[] steps = new int[n];
    for (int i = 0; i < n; i++) {
      float[] item = checked(items.get(i), indices[i], features);
      if (item.length % features != 0) {
        throw new InvalidItemException(indices[i], item.length + " values do not make whole time steps of " + features
            + " features each");
      }
      steps[i] = item.length / features;
    }
    int longest = Arrays.stream(steps).max().orElse(0);
    boolean ragged = Arrays.stream(steps).anyMatch(s -> s != longest);
    float[] x = new float[n * longest * features];
    float[] mask = ragged ? new float[n * longest] : null;
    for (int i = 0; i < n; i++) {
      float[] item = items.get(i);
      for (int k = 0; k < item.length; k++) {
        x[i * longest * features + k] = normalized(item[k], normalization);
      }
      if (mask != null) {
        Arrays.fill(mask, i * longest, i * longest + steps[i], 1f);
      }
    }
    return new Batch(Tensor.of(x, n, longest, features), mask == null ? null : Tensor.of(mask, n, longest), steps);
  }

  private static float[] checked(float[] item, int index, int features) {
    requireNonNull(item, "item is null");
    if (item.length == 0) {
      throw new InvalidItemException(index, "no values; expected at least " + features);
    }
    for (int k = 0; k < item.length; k++) {
      if (!Float.isFinite(item[k])) {
        throw new InvalidItemException(index, "value " + (k + 1) + " is " + item[k] + "; expected a finite number");
      }
    }
    return item;
  }

  private static float normalized(float x, Normalization normalization) {
    return normalization == null ? x : (float) normalization.apply(x);
  }

  /**
   * The numbers of a line of text: comma-separated (spaces around them allowed), each a finite
   * decimal number.
   */
  static float[] parseNumbers(String line, int index) {
    String[] fields = line.strip().split("\\s*,\\s*", -1);
    float[] out = new float[fields.length];
    for (int k = 0; k < fields.length; k++) {
      try {
        out[k] = Float.parseFloat(fields[k]);
      } catch (NumberFormatException e) {
        throw new InvalidItemException(index, "value " + (k + 1) + " '" + fields[k] + "' is not a number; expected"
            + " comma-separated numbers such as 0.5, 1.25, -3");
      }
      if (!Float.isFinite(out[k])) {
        throw new InvalidItemException(index, "value " + (k + 1) + " '" + fields[k] + "' is not a finite number");
      }
    }
    return out;
  }
}
