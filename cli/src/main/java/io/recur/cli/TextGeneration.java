package io.recur.cli;

import static java.util.Objects.requireNonNull;

import io.recur.generate.TextSampler;
import io.recur.run.SavedModel;
import java.io.PrintWriter;
import java.util.List;

/**
 * {@code recur generate} for a language model over text: samples with {@link TextSampler} and
 * prints each sample on a line of its own. Samples of a corpus model contain line breaks of their
 * own; then a blank line separates one sample from the next.
 */
final class TextGeneration {
  private final GenerateCommand options;
  private final SavedModel.Loaded model;

  TextGeneration(GenerateCommand options, SavedModel.Loaded model) {
    this.options = requireNonNull(options, "options is null");
    this.model = requireNonNull(model, "model is null");
  }

  int run(PrintWriter out) {
    TextSampler sampler = new TextSampler(model.model(), model.schema().codec(), model.lossType());
    List<String> samples = sampler.sample(new TextSampler.Options(options.prime, options.length, options.temperature,
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
