package io.recur.report;

import io.recur.generate.TextSampler;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.tensor.Shape;
import java.util.List;
import java.util.Optional;

/**
 * Text sampled from a language model (seeds 002 and 004): {@value #LINE_SAMPLES} items of a
 * line corpus (dinosaur names) or {@value #CORPUS_SAMPLES} passages of {@value #CORPUS_LENGTH}
 * characters of a corpus, drawn at temperature 1 with seed {@value #SEED} exactly as {@code
 * recur generate} draws them, so the command the section prints gives the same text.
 *
 * <p>Applies when the data is text whose targets are the inputs shifted by one position (a
 * next-token model: the first training sample says so) and the model outputs one score per
 * vocabulary token at every position.
 */
public final class GeneratedSamplesSection implements ReportSection {
  static final int LINE_SAMPLES = 12;
  static final int LINE_LENGTH = 100;
  static final int CORPUS_SAMPLES = 3;
  static final int CORPUS_LENGTH = 400;
  static final long SEED = 1;

  @Override
  public String title() {
    return "Generated samples";
  }

  @Override
  public Optional<String> render(ReportContext context) {
    DataSchema schema = context.schema();
    if (schema == null || schema.codec() == null || schema.targetCodec() != null || !nextToken(context)) {
      return Optional.empty();
    }
    TextCodec codec = schema.codec();
    int[] out = context.model().outputShape();
    if (out.length != 2 || out[1] != codec.vocabulary().size()) {
      return Optional.empty();
    }
    boolean lines = codec.endId() >= 0;
    int count = lines ? LINE_SAMPLES : CORPUS_SAMPLES;
    int length = lines ? LINE_LENGTH : CORPUS_LENGTH;
    TextSampler sampler = new TextSampler(context.model(), codec, context.outputKind());
    List<String> samples = sampler.sample(new TextSampler.Options("", length, 1.0, 0, count, SEED));
    StringBuilder b = new StringBuilder();
    b.append("<p class=\"note\">").append(count).append(lines ? " items" : " passages of up to " + length + " characters")
        .append(" sampled at temperature 1 with seed ").append(SEED).append("; the same with <code>recur generate --model ")
        .append(Html.escape(context.runDirectory() == null ? "RUN" : context.runDirectory().toString()))
        .append("/model --count ").append(count).append(lines ? "" : " --length " + length).append("</code>.</p>\n");
    b.append("<pre>");
    for (int i = 0; i < samples.size(); i++) {
      if (i > 0 && !lines) {
        b.append("\n\n");
      } else if (i > 0) {
        b.append('\n');
      }
      b.append(Html.escape(samples.get(i)));
    }
    b.append("</pre>\n");
    return Optional.of(b.toString());
  }

  /** Whether the first training sample's targets are its inputs moved one position ahead. */
  private static boolean nextToken(ReportContext context) {
    Split train = context.dataset().splits().get(Dataset.TRAIN);
    if (train == null || train.size() == 0 || train.inputs().rank() != 2
        || !Shape.toString(train.inputs().shape()).equals(Shape.toString(train.targets().shape()))) {
      return false;
    }
    int t = train.inputs().dim(1);
    float[] x = train.inputs().data();
    float[] y = train.targets().data();
    float[] m = train.mask() == null ? null : train.mask().data();
    for (int p = 0; p + 1 < t; p++) {
      if ((m == null || m[p + 1] != 0f) && y[p] != x[p + 1]) {
        return false;
      }
    }
    return t > 1;
  }
}
