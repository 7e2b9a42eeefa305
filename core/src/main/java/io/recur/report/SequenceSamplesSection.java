package io.recur.report;

import io.recur.builtin.loss.MaskedPositions;
import io.recur.model.Contexts;
import io.recur.spi.DataSchema;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sample inputs, targets and outputs of a sequence-to-sequence model side by side (copy, reverse,
 * addition): the first {@value #SAMPLES} sequences of the evaluation split, each source as the
 * source codec writes it, its target and the model's argmax output as the target codec writes
 * them, each cut at its first end symbol (decoding stops there), with the output's wrong symbols
 * marked. A row is right when every position the mask keeps (the target symbols and the end
 * after them) is, as the {@code sequence-accuracy} metric counts it.
 *
 * <p>Applies when the dataset has a target codec ({@link DataSchema#targetCodec()}: targets are
 * token sequences over a vocabulary of their own) and the model outputs one score per target
 * token at every target position, {@code [N, T_out, V]}.
 */
public final class SequenceSamplesSection implements ReportSection {
  static final int SAMPLES = 20;

  /**
   * One row of the table.
   *
   * @param input the source text, cut at its end symbol
   * @param target the target tokens, cut at the end symbol
   * @param output the predicted tokens, cut at their first end symbol
   * @param right whether every unmasked position was predicted right
   */
  record Sample(String input, List<String> target, List<String> output, boolean right) {}

  @Override
  public String title() {
    return "Sample outputs";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    DataSchema schema = context.schema();
    String splitName = context.evaluationSplit();
    Split split = context.dataset().splits().get(splitName);
    if (schema == null || schema.targetCodec() == null || schema.codec() == null || split == null
        || split.size() == 0) {
      return Optional.empty();
    }
    int n = Math.min(SAMPLES, split.size());
    Tensor mask = split.mask() == null ? null : split.mask().rows(0, n);
    Tensor out;
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      out = context.model().forward(split.inputs().rows(0, n), Contexts.evaluation(mask));
    }
    List<Sample> samples = samples(schema.codec(), schema.targetCodec(), split.inputs().rows(0, n),
        split.targets().rows(0, n), mask, out);
    return samples.isEmpty() ? Optional.empty() : Optional.of(html(samples, splitName, schema.targetCodec()));
  }

  /**
   * The rows for a batch, or an empty list when the output is not one score per target token
   * per target position.
   */
  static List<Sample> samples(TextCodec source, TextCodec target, Tensor inputs, Tensor targets, Tensor mask,
      Tensor out) {
    int vocabulary = target.vocabulary().size();
    if (out.rank() != 3 || Shape.last(out.shape()) != vocabulary || !MaskedPositions.holdsClassIndices(out, targets)
        || inputs.rank() != 2) {
      return List.of();
    }
    float[] weights = MaskedPositions.weights("report section", out, mask);
    int batch = out.dim(0);
    int steps = out.dim(1);
    int inSteps = inputs.dim(1);
    float[] o = out.data();
    float[] t = targets.data();
    float[] x = inputs.data();
    List<Sample> samples = new ArrayList<>();
    for (int n = 0; n < batch; n++) {
      List<String> in = new ArrayList<>();
      for (int s = 0; s < inSteps; s++) {
        int id = (int) x[n * inSteps + s];
        if (id == source.endId() || id == source.padId()) {
          break;
        }
        in.add(source.token(id));
      }
      List<String> truth = new ArrayList<>();
      List<String> predicted = new ArrayList<>();
      boolean right = true;
      boolean truthEnded = false;
      boolean predictionEnded = false;
      for (int s = 0; s < steps; s++) {
        int p = n * steps + s;
        int best = argmax(o, p * vocabulary, vocabulary);
        int want = (int) t[p];
        if (weights[p] != 0f && best != want) {
          right = false;
        }
        truthEnded |= weights[p] == 0f || want == target.endId();
        predictionEnded |= best == target.endId();
        if (!truthEnded) {
          truth.add(target.token(want));
        }
        if (!predictionEnded) {
          predicted.add(target.token(best));
        }
      }
      samples.add(new Sample(String.join(separator(source), in), truth, predicted, right));
    }
    return samples;
  }

  /** What joins tokens: nothing for characters, a space for words. */
  private static String separator(TextCodec codec) {
    return TextCodec.WHITESPACE.equals(codec.tokenizer()) ? " " : "";
  }

  private static int argmax(float[] v, int offset, int n) {
    int best = 0;
    for (int j = 1; j < n; j++) {
      if (v[offset + j] > v[offset + best]) {
        best = j;
      }
    }
    return best;
  }

  static String html(List<Sample> samples, String split, TextCodec target) {
    long right = samples.stream().filter(Sample::right).count();
    String joiner = separator(target);
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">The first ").append(samples.size()).append(" sequences of the ").append(Html.escape(split))
        .append(" split; ").append(right).append(" of ").append(samples.size())
        .append(" decoded exactly. Outputs are cut at their first end symbol; wrong symbols are marked.</p>\n");
    b.append("<table class=\"samples\" style=\"font-family:monospace\"><tr><th>input</th><th>target</th>"
        + "<th>output</th><th>exact</th></tr>\n");
    for (Sample s : samples) {
      b.append("<tr><td>").append(Html.escape(s.input())).append("</td><td>")
          .append(Html.escape(String.join(joiner, s.target()))).append("</td><td>");
      for (int i = 0; i < s.output().size(); i++) {
        String token = Html.escape(s.output().get(i));
        boolean wrong = i >= s.target().size() || !s.output().get(i).equals(s.target().get(i));
        b.append(i > 0 ? joiner : "").append(wrong ? "<span style=\"background:#fecaca;color:#991b1b\">" + token
            + "</span>" : token);
      }
      if (s.output().size() < s.target().size()) {
        b.append("<span style=\"color:#991b1b\" title=\"ended early\">…</span>");
      }
      b.append(String.format(Locale.ROOT, "</td><td>%s</td></tr>%n", s.right() ? "✓" : "✗"));
    }
    return b.append("</table>\n").toString();
  }
}
