package io.recur.predict;

import static java.util.Objects.requireNonNull;

import io.recur.api.ModelSignature;
import io.recur.api.Prediction;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The printed forms of a {@link Prediction}: one JSON object (what {@code recur predict --format
 * jsonl} writes per line and {@code recur serve} answers per input) and one table row (the {@code
 * tsv} and {@code csv} formats), with the header that goes with the model's kind.
 *
 * @param topK how many classes or next tokens the {@code top}/{@code next} lists hold
 * @param positionProbabilities whether a labeller's JSON carries every position's probabilities
 */
public record PredictionRecords(ModelSignature signature, int topK, boolean positionProbabilities) {
  public PredictionRecords {
    requireNonNull(signature, "signature is null");
    if (topK < 1) {
      throw new IllegalArgumentException("topK must be 1 or more, got " + topK);
    }
  }

  /** The JSON object of one answer, keys in a fixed order. */
  public Map<String, Object> json(Prediction prediction) {
    Map<String, Object> o = new LinkedHashMap<>();
    if (prediction instanceof Prediction.Classification c) {
        o.put("input", c.input());
        o.put("label", c.label());
        o.put("probability", c.probability());
        o.put("top", scored(c.top(topK), "label"));
    } else if (prediction instanceof Prediction.PositionLabels p) {
        o.put("input", p.input());
        o.put("labels", p.labels());
        if (positionProbabilities) {
          List<List<Float>> rows = new ArrayList<>();
          for (float[] row : p.probabilities()) {
            rows.add(floats(row));
          }
          o.put("probabilities", rows);
        }
    } else if (prediction instanceof Prediction.Likelihood l) {
        o.put("input", l.input());
        o.put("log_likelihood", l.logLikelihood());
        o.put("bits_per_character", l.bitsPerCharacter());
        o.put("next", scored(l.top(topK), "token"));
    } else if (prediction instanceof Prediction.Transduction t) {
        o.put("input", t.input());
        o.put("output", t.output());
    } else if (prediction instanceof Prediction.Values v) {
        o.put("input", floats(v.input()));
        o.put("output", outputValues(v.output()));
    } else {
      throw new IllegalArgumentException("no JSON form for " + prediction.getClass().getSimpleName());
    }
    return o;
  }

  /** The column names of the table formats for this model's kind. */
  public List<String> header() {
    List<String> h = new ArrayList<>(List.of("index", "input"));
    switch (signature.kind()) {
      case CLASSIFIER -> {
        h.add("prediction");
        for (String c : signature.classes()) {
          h.add("p(" + c + ")");
        }
      }
      case LABELLER -> h.add("prediction");
      case LANGUAGE_MODEL -> h.addAll(List.of("log_likelihood", "bits_per_character", "next"));
      case ENCODER_DECODER, REAL_VALUED -> h.add("prediction");
      default -> throw new IllegalStateException("no table for " + signature.kind());
    }
    return h;
  }

  /** One table row, fields in {@link #header()}'s order, unescaped (the writer quotes or escapes). */
  public List<String> row(long index, Prediction prediction) {
    List<String> r = new ArrayList<>();
    r.add(Long.toString(index));
    if (prediction instanceof Prediction.Classification c) {
        r.add(c.input());
        r.add(c.label());
        for (float p : c.probabilities()) {
          r.add(fixed(p));
        }
    } else if (prediction instanceof Prediction.PositionLabels p) {
        r.add(p.input());
        r.add(joinedLabels(p.labels()));
    } else if (prediction instanceof Prediction.Likelihood l) {
        r.add(l.input());
        r.add(fixed(l.logLikelihood()));
        r.add(fixed(l.bitsPerCharacter()));
        StringBuilder next = new StringBuilder();
        for (Prediction.Scored s : l.top(topK)) {
          next.append(next.length() > 0 ? " " : "").append(s.label()).append(':')
              .append(fixed(s.probability()));
        }
        r.add(next.toString());
    } else if (prediction instanceof Prediction.Transduction t) {
        r.add(t.input());
        r.add(t.output());
    } else if (prediction instanceof Prediction.Values v) {
        r.add(commaJoined(floats(v.input())));
        List<Float> out = new ArrayList<>();
        for (float[] row : v.output()) {
          out.addAll(floats(row));
        }
        r.add(commaJoined(out));
    } else {
      throw new IllegalArgumentException("no table row for " + prediction.getClass().getSimpleName());
    }
    return r;
  }

  /** Written together when every class is one character ({@code HHLLH}), else separated by spaces. */
  private String joinedLabels(List<String> labels) {
    boolean oneChar = signature.classes().stream().allMatch(c -> c.codePointCount(0, c.length()) == 1);
    return String.join(oneChar ? "" : " ", labels);
  }

  private static List<Map<String, Object>> scored(List<Prediction.Scored> top, String key) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Prediction.Scored s : top) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put(key, s.label());
      m.put("probability", s.probability());
      out.add(m);
    }
    return out;
  }

  /** A single output row as a flat list; one value per step as a flat list; else a list of rows. */
  private static Object outputValues(float[][] rows) {
    if (rows.length == 1) {
      return floats(rows[0]);
    }
    boolean oneFeature = rows.length == 0 || rows[0].length == 1;
    List<Object> out = new ArrayList<>();
    for (float[] row : rows) {
      out.add(oneFeature ? (Object) row[0] : floats(row));
    }
    return out;
  }

  private static List<Float> floats(float[] values) {
    List<Float> out = new ArrayList<>(values.length);
    for (float v : values) {
      out.add(v);
    }
    return out;
  }

  private static String commaJoined(List<Float> values) {
    StringBuilder b = new StringBuilder();
    for (Float v : values) {
      b.append(b.length() > 0 ? "," : "").append(v);
    }
    return b.toString();
  }

  /** Six decimals, as the table formats have always printed probabilities. */
  public static String fixed(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }
}
