package io.recur.cli;

import static java.util.Objects.requireNonNull;

import io.recur.api.Prediction;
import io.recur.io.Json;
import io.recur.predict.PredictionRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes answers as they come, one line each, in one of {@code recur predict}'s formats: {@code
 * tsv} (a header, then tab-separated fields with backslashes, tabs and line breaks written as
 * {@code \\}, {@code \t}, {@code \n}, {@code \r}), {@code csv} (RFC 4180: fields holding a comma, a
 * quote or a line break are quoted) or {@code jsonl} (one JSON object a line, no header).
 */
abstract class PredictionWriter {
  static final List<String> FORMATS = List.of("tsv", "csv", "jsonl");

  final Writer out;
  final PredictionRecords records;

  private PredictionWriter(Writer out, PredictionRecords records) {
    this.out = requireNonNull(out, "out is null");
    this.records = requireNonNull(records, "records is null");
  }

  /** A writer for {@code format}, one of {@link #FORMATS}. */
  static PredictionWriter of(String format, Writer out, PredictionRecords records) {
    return switch (format) {
      case "tsv" -> new Delimited(out, records, '\t');
      case "csv" -> new Delimited(out, records, ',');
      case "jsonl" -> new JsonLines(out, records);
      default -> throw new IllegalArgumentException("unknown format '" + format + "'; known: " + FORMATS);
    };
  }

  /** Writes whatever comes before the first answer (a table's header). */
  abstract void begin();

  /** Writes the answer for the item at {@code index} (0-based, in input order). */
  abstract void write(long index, Prediction prediction);

  final void line(String text) {
    try {
      out.write(text);
      out.write('\n');
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class Delimited extends PredictionWriter {
    private final char separator;

    Delimited(Writer out, PredictionRecords records, char separator) {
      super(out, records);
      this.separator = separator;
    }

    @Override
    void begin() {
      line(join(records.header()));
    }

    @Override
    void write(long index, Prediction prediction) {
      line(join(records.row(index, prediction)));
    }

    private String join(List<String> fields) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < fields.size(); i++) {
        if (i > 0) {
          b.append(separator);
        }
        b.append(separator == '\t' ? escaped(fields.get(i)) : quoted(fields.get(i)));
      }
      return b.toString();
    }

    /** Tabs and line breaks would break the table; backslashes are escaped too, so every field reads back exactly. */
    private static String escaped(String field) {
      return field.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String quoted(String field) {
      boolean needs = field.indexOf(',') >= 0 || field.indexOf('"') >= 0 || field.indexOf('\n') >= 0
          || field.indexOf('\r') >= 0;
      return needs ? '"' + field.replace("\"", "\"\"") + '"' : field;
    }
  }

  private static final class JsonLines extends PredictionWriter {
    JsonLines(Writer out, PredictionRecords records) {
      super(out, records);
    }

    @Override
    void begin() {
      // JSON lines have no header
    }

    @Override
    void write(long index, Prediction prediction) {
      line(Json.write(records.json(prediction)));
    }
  }
}
