package io.recur.cli;

import static java.util.Objects.requireNonNull;

import io.recur.api.RecurModel;
import java.io.PrintWriter;

/**
 * {@code recur generate} for a language model over text: samples through {@link RecurModel#sample}
 * and prints each sample on a line of its own as it is drawn, so a sample of any length streams
 * out without being held in memory. Samples of a corpus model contain line breaks of their own;
 * once a sample has spanned several lines, a blank line separates it from the next.
 */
final class TextGeneration {
  /** Characters written before the output is flushed, so a long sample shows as it grows. */
  private static final int FLUSH_EVERY = 4096;

  private final GenerateCommand options;
  private final RecurModel model;

  TextGeneration(GenerateCommand options, RecurModel model) {
    this.options = requireNonNull(options, "options is null");
    this.model = requireNonNull(model, "model is null");
  }

  int run(PrintWriter out) {
    boolean[] multiline = {false};
    boolean[] startOfSample = {true};
    int[] unflushed = {0};
    int[] samples = {0};
    model.sample(new RecurModel.Sampling(options.prime, options.length, options.temperature, options.topK,
        options.count, options.seed), piece -> {
          if (startOfSample[0]) {
            if (multiline[0] && samples[0] > 0) {
              out.println();
            }
            startOfSample[0] = false;
          }
          multiline[0] |= piece.indexOf('\n') >= 0;
          out.print(piece);
          unflushed[0] += piece.length();
          if (unflushed[0] >= FLUSH_EVERY) {
            out.flush();
            unflushed[0] = 0;
          }
        }, index -> {
          out.println();
          out.flush();
          unflushed[0] = 0;
          samples[0]++;
          startOfSample[0] = true;
        });
    return Main.OK;
  }
}
