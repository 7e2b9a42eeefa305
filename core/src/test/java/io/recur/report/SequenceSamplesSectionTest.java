package io.recur.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceSamplesSectionTest {
  private static final TextCodec.Symbols END = new TextCodec.Symbols(null, "<end>", "<end>");
  private static final TextCodec SOURCE = new TextCodec(TextCodec.CHAR, List.of("<end>", "+", "1", "2"), 0, END);
  private static final TextCodec TARGET = new TextCodec(TextCodec.CHAR, List.of("<end>", "1", "2", "3"), 0,
      new TextCodec.Symbols("<end>", "<end>", "<end>"));

  /** Scores [N, T, V] whose argmax is {@code ids}. */
  private static Tensor scores(int steps, int vocabulary, int... ids) {
    Tensor out = Tensor.zeros(ids.length / steps, steps, vocabulary);
    for (int p = 0; p < ids.length; p++) {
      out.data()[p * vocabulary + ids[p]] = 1f;
    }
    return out;
  }

  @Test
  void inputsTargetsAndOutputsAreCutAtTheirEndAndJudgedOnTheMaskedPositions() {
    // "1+2" → "3"; "12+1" → "13"
    Tensor inputs = Tensor.of(new float[] {2, 1, 3, 0, 0, 2, 3, 1, 2, 0}, 2, 5);
    Tensor targets = Tensor.of(new float[] {3, 0, 0, 1, 3, 0}, 2, 3);
    Tensor mask = Tensor.of(new float[] {1, 1, 0, 1, 1, 1}, 2, 3);
    // row 0: "3 <end> 2": right, the wrong padding step is masked; row 1: "1 2 <end>": wrong second digit
    Tensor out = scores(3, 4, 3, 0, 2, 1, 2, 0);
    List<SequenceSamplesSection.Sample> samples = SequenceSamplesSection.samples(SOURCE, TARGET, inputs, targets,
        mask, out);
    assertEquals(List.of(
        new SequenceSamplesSection.Sample("1+2", List.of("3"), List.of("3"), true),
        new SequenceSamplesSection.Sample("12+1", List.of("1", "3"), List.of("1", "2"), false)), samples);

    String html = SequenceSamplesSection.html(samples, "test", TARGET);
    assertTrue(html.contains("1 of 2 decoded exactly"), html);
    assertTrue(html.contains("<tr><td>12+1</td><td>13</td><td>1<span style=\"background:#fecaca;color:#991b1b\">2</span>"
        + "</td><td>✗</td></tr>"), html);
    assertTrue(html.contains("<tr><td>1+2</td><td>3</td><td>3</td><td>✓</td></tr>"), html);
  }

  @Test
  void fixedLengthDataWithoutEndSymbolShowsWholeRowsAndMarksAShortOutput() {
    TextCodec letters = new TextCodec(TextCodec.CHAR, List.of("a", "b"), 2);
    Tensor inputs = Tensor.of(new float[] {0, 1}, 1, 2);
    Tensor targets = Tensor.of(new float[] {1, 0}, 1, 2);
    List<SequenceSamplesSection.Sample> samples = SequenceSamplesSection.samples(letters, letters, inputs, targets,
        null, scores(2, 2, 1, 1));
    assertEquals(List.of(new SequenceSamplesSection.Sample("ab", List.of("b", "a"), List.of("b", "b"), false)), samples);

    TextCodec.Symbols end = new TextCodec.Symbols(null, "<end>", "<end>");
    TextCodec withEnd = new TextCodec(TextCodec.CHAR, List.of("<end>", "x", "<y>"), 0, end);
    List<SequenceSamplesSection.Sample> early = SequenceSamplesSection.samples(withEnd, withEnd,
        Tensor.of(new float[] {1, 2}, 1, 2), Tensor.of(new float[] {2, 1}, 1, 2), null, scores(2, 3, 2, 0));
    String html = SequenceSamplesSection.html(early, "val", withEnd);
    assertTrue(html.contains("<td>x&lt;y&gt;</td><td>&lt;y&gt;x</td><td>&lt;y&gt;<span style=\"color:#991b1b\" "
        + "title=\"ended early\">…</span></td><td>✗</td>"), html);
  }

  @Test
  void outputsThatAreNotPerTokenScoresDoNotApply() {
    Tensor inputs = Tensor.of(new float[] {2, 1}, 1, 2);
    assertTrue(SequenceSamplesSection.samples(SOURCE, TARGET, inputs, Tensor.zeros(1, 2), null, Tensor.zeros(1, 2, 5))
        .isEmpty());
    assertTrue(SequenceSamplesSection.samples(SOURCE, TARGET, inputs, Tensor.zeros(1), null, Tensor.zeros(1, 4))
        .isEmpty());
  }
}
