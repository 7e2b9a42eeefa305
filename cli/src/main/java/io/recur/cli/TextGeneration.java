package io.recur.cli;

import static java.util.Objects.requireNonNull;

import io.recur.api.RecurModel;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code recur generate} for a language model over text: samples through {@link RecurModel#sample} and
 * prints each sample on a line of its own. Samples of a corpus model contain line breaks of their
 * own; then a blank line separates one sample from the next.
 */
final class TextGeneration {
  private final GenerateCommand options;
  private final RecurModel model;

  TextGeneration(GenerateCommand options, RecurModel model) {
    this.options = requireNonNull(options, "options is null");
    this.model = requireNonNull(model, "model is null");
  }

  int run(PrintWriter out) {
    List<String> samples = model.sample(new RecurModel.Sampling(options.prime, options.length, options.temperature,
        options.topK, options.count, options.seed));
    boolean multiline = samples.stream().anyMatch(s -> s.contains("\n"));
    for (int i = 0; i < samples.size(); i++) {
      if (multiline && i > 0) {
        out.println();
      }
      out.println(samples.get(i));
    }
    out.flush();
    return Main.OK;
  }
}
