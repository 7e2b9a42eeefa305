package org.example.recurapi;

import io.recur.api.InvalidItemException;
import io.recur.api.Prediction;
import io.recur.api.RecurModel;
import io.recur.spi.RecurException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Prints a saved model's answer for every line of standard input:
 *
 * <pre>
 * java -cp target/classes:target/lib/* org.example.recurapi.PredictLines runs/names-…/model &lt; names.txt
 * </pre>
 *
 * One item a line; blank lines are skipped. For a classifier each answer is {@code
 * LABEL<TAB>PROBABILITY}, the probability printed as {@code recur predict --format tsv} prints it.
 */
public final class PredictLines {
  /** Items sent to the model at once: input is streamed, so memory stays bounded for any input. */
  private static final int BATCH = 64;

  public static void main(String[] args) throws IOException {
    if (args.length != 1) {
      System.err.println("usage: PredictLines MODEL_DIR < items.txt");
      System.exit(2);
    }
    // Standard output in UTF-8 whatever the platform's default, as the items may be any text.
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8));
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    try {
      // One model, loaded once; it is thread-safe, so a server would share it between requests.
      RecurModel model = RecurModel.load(Path.of(args[0]));
      List<String> items = new ArrayList<>();
      List<Integer> lineNumbers = new ArrayList<>();
      int lineNumber = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        lineNumber++;
        if (line.isBlank()) {
          continue;
        }
        items.add(line);
        lineNumbers.add(lineNumber);
        if (items.size() == BATCH) {
          predict(model, items, lineNumbers, out);
        }
      }
      predict(model, items, lineNumbers, out);
    } catch (RecurException e) {
      // A bad model directory, or an item the model cannot take (InvalidItemException, below):
      // the message says what and where.
      out.flush();
      System.err.println("error: " + e.getMessage());
      System.exit(2);
    }
  }

  private static void predict(RecurModel model, List<String> items, List<Integer> lineNumbers, PrintWriter out) {
    if (items.isEmpty()) {
      return;
    }
    List<Prediction> answers;
    try {
      answers = model.predictBatch(items);
    } catch (InvalidItemException e) {
      // index() is the item's place in this batch: name it by its line of the input instead.
      throw new RecurException("line " + lineNumbers.get(e.index()) + ": " + e.detail(), e);
    }
    for (Prediction p : answers) {
      out.println(format(p));
    }
    out.flush();
    items.clear();
    lineNumbers.clear();
  }

  /** One answer as a line of tab-separated fields; which fields depends on the model's kind. */
  static String format(Prediction p) {
    if (p instanceof Prediction.Classification c) {
      return c.label() + "\t" + fixed(c.probability());
    } else if (p instanceof Prediction.PositionLabels l) {
      return String.join(" ", l.labels());
    } else if (p instanceof Prediction.Likelihood l) {
      StringBuilder next = new StringBuilder();
      for (Prediction.Scored s : l.top(3)) {
        next.append(next.length() > 0 ? " " : "").append(printable(s.label())).append(':').append(fixed(s.probability()));
      }
      return fixed(l.logLikelihood()) + "\t" + fixed(l.bitsPerCharacter()) + "\t" + next;
    } else if (p instanceof Prediction.Transduction t) {
      return t.output();
    } else if (p instanceof Prediction.Values v) {
      StringBuilder values = new StringBuilder();
      for (float[] row : v.output()) {
        for (float x : row) {
          values.append(values.length() > 0 ? "," : "").append(x);
        }
      }
      return values.toString();
    } else {
      // A later minor version of Recur may add kinds of prediction.
      return p.toString();
    }
  }

  /** Six decimals with a dot in any locale: what {@code recur predict} prints. */
  private static String fixed(double v) {
    return String.format(Locale.ROOT, "%.6f", v);
  }

  /** A token that is a line break or a tab (a language model's end symbol) written as an escape. */
  private static String printable(String token) {
    return token.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t");
  }

  private PredictLines() {}
}
