package io.recur.api;

import static java.util.Objects.requireNonNull;

import io.recur.run.SavedModel;
import io.recur.spi.DataSchema;
import io.recur.spi.Normalization;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.tensor.LogSoftmax;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Turns a model's raw output for an encoded batch into one {@link Prediction} per item. */
final class OutputDecoder {
  private final SavedModel.Loaded model;
  private final ModelKind kind;

  OutputDecoder(SavedModel.Loaded model, ModelKind kind) {
    this.model = requireNonNull(model, "model is null");
    this.kind = requireNonNull(kind, "kind is null");
  }

  /**
   * @param texts the items as given, for text models (null for numbers)
   * @param values the items' values, for real-valued input (null for text)
   */
  List<Prediction> decode(Tensor raw, ItemEncoder.Batch batch, List<String> texts, List<float[]> values) {
    int n = batch.steps().length;
    List<Prediction> out = new ArrayList<>(n);
    switch (kind) {
      case CLASSIFIER -> {
        float[] p = model.probabilities(raw).data();
        List<String> classes = model.schema().classes();
        int k = classes.size();
        for (int i = 0; i < n; i++) {
          out.add(new Prediction.Classification(texts == null ? numbersText(values.get(i)) : texts.get(i), classes,
              Arrays.copyOfRange(p, i * k, (i + 1) * k)));
        }
      }
      case LABELLER -> {
        Tensor p = model.probabilities(raw);
        List<String> classes = model.schema().classes();
        int k = classes.size();
        int steps = p.dim(1);
        for (int i = 0; i < n; i++) {
          float[][] rows = new float[batch.steps()[i]][];
          List<String> labels = new ArrayList<>();
          for (int t = 0; t < rows.length; t++) {
            int from = (i * steps + t) * k;
            rows[t] = Arrays.copyOfRange(p.data(), from, from + k);
            labels.add(classes.get(argmax(rows[t])));
          }
          out.add(new Prediction.PositionLabels(texts == null ? numbersText(values.get(i)) : texts.get(i), classes,
              labels, rows));
        }
      }
      case LANGUAGE_MODEL -> {
        for (int i = 0; i < n; i++) {
          out.add(likelihood(raw, batch, i, texts.get(i)));
        }
      }
      case ENCODER_DECODER -> {
        for (int i = 0; i < n; i++) {
          out.add(new Prediction.Transduction(texts.get(i), decoded(raw, i)));
        }
      }
      case REAL_VALUED -> {
        for (int i = 0; i < n; i++) {
          out.add(new Prediction.Values(values.get(i), realValues(raw, batch, i)));
        }
      }
      default -> throw new IllegalStateException("no decoder for " + kind);
    }
    return out;
  }

  private static String numbersText(float[] values) {
    StringBuilder b = new StringBuilder();
    for (int k = 0; k < values.length; k++) {
      b.append(k > 0 ? "," : "").append(values[k]);
    }
    return b.toString();
  }

  /**
   * The line's log-likelihood from the outputs at its real positions: position t predicts the
   * input at t + 1, and the last real position predicts the end symbol where the data has one
   * (a line item ends there) and gives the next-token distribution.
   */
  private Prediction.Likelihood likelihood(Tensor raw, ItemEncoder.Batch batch, int row, String text) {
    TextCodec codec = model.schema().codec();
    int steps = raw.dim(1);
    int v = raw.dim(2);
    int length = batch.steps()[row];
    float[] in = batch.inputs().data();
    float[] o = raw.data();
    double sum = 0;
    int scored = 0;
    for (int t = 0; t + 1 < length; t++) {
      int target = (int) in[row * steps + t + 1];
      sum += logProbability(o, (row * steps + t) * v, v, target);
      scored++;
    }
    int last = (row * steps + length - 1) * v;
    if (codec.endId() >= 0) {
      sum += logProbability(o, last, v, codec.endId());
      scored++;
    }
    float[] next = new float[v];
    for (int j = 0; j < v; j++) {
      next[j] = (float) Math.exp(logProbability(o, last, v, j));
    }
    return new Prediction.Likelihood(text, sum, scored, codec.vocabulary(), next);
  }

  /** {@code log p(target)} from one output row, in double: the row holds logits, log-probabilities or probabilities by the loss. */
  private double logProbability(float[] o, int from, int v, int target) {
    switch (model.outputKind()) {
      case LOGITS -> {
        return LogSoftmax.at(o, from, v, target);
      }
      case LOG_PROBABILITIES -> {
        return o[from + target];
      }
      default -> {
        return StrictMath.log(o[from + target]);
      }
    }
  }

  /** A decoder's tokens up to its first end symbol, as its target codec writes them. */
  private String decoded(Tensor raw, int row) {
    TextCodec target = model.schema().targetCodec();
    int steps = raw.dim(1);
    int k = Shape.last(raw.shape());
    if (k != target.vocabulary().size()) {
      throw new RecurException("the model outputs " + k + " values per position but its target vocabulary has "
          + target.vocabulary().size() + " tokens");
    }
    float[] o = raw.data();
    List<Integer> ids = new ArrayList<>();
    for (int t = 0; t < steps; t++) {
      int best = argmax(Arrays.copyOfRange(o, (row * steps + t) * k, (row * steps + t + 1) * k));
      if (best == target.endId()) {
        break;
      }
      ids.add(best);
    }
    return target.decode(ids.stream().mapToInt(Integer::intValue).toArray());
  }

  /**
   * One row of outputs per real step for a model that answers at every step, else the single
   * answer; in the units of the data.
   */
  private float[][] realValues(Tensor raw, ItemEncoder.Batch batch, int row) {
    DataSchema schema = model.schema();
    Normalization normalization = schema.normalization();
    int n = raw.dim(0);
    int perItem = raw.size() / n;
    int features = Shape.last(raw.shape());
    boolean perStep = raw.rank() == 3 && batch.inputs().rank() == 3 && raw.dim(1) == batch.inputs().dim(1);
    int rows = perStep ? batch.steps()[row] : perItem / features;
    float[][] out = new float[rows][features];
    for (int t = 0; t < rows; t++) {
      for (int f = 0; f < features; f++) {
        float z = raw.data()[row * perItem + t * features + f];
        out[t][f] = normalization == null ? z : (float) normalization.invert(z);
      }
    }
    return out;
  }

  static int argmax(float[] p) {
    int best = 0;
    for (int j = 1; j < p.length; j++) {
      if (p[j] > p[best]) {
        best = j;
      }
    }
    return best;
  }
}
