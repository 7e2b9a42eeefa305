package io.recur.datasets.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code labels: per-position}: seed 001's TSV, one state character per base. */
class PerPositionLabelsTest {
  private static final List<Double> ALL_TRAIN = List.of(1.0, 0.0, 0.0);

  @TempDir Path dir;

  private Dataset load(DelimitedDatasetFactory f, String content, Map<String, ?> overrides) throws Exception {
    Files.writeString(dir.resolve("data.tsv"), content);
    Map<String, Object> p = new HashMap<>(overrides);
    p.put("path", "data.tsv");
    p.put("labels", "per-position");
    p.putIfAbsent("split", ALL_TRAIN);
    p.putIfAbsent("sequence_column", "dna");
    p.putIfAbsent("label_column", "hidden_state");
    return f.create(TestParams.resolve(f, p), TestContexts.data(dir, 1));
  }

  @Test
  void eachBaseGetsTheClassOfItsStateCharacter() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "dna\thidden_state\nGGCA\tHHLL\n", Map.of());
    assertEquals(List.of("H", "L"), d.schema().classes());
    assertEquals(List.of("A", "C", "G"), d.schema().codec().vocabulary());
    Split s = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {1, 4}, s.inputs().shape());
    assertArrayEquals(new int[] {1, 4}, s.targets().shape());
    assertArrayEquals(new float[] {2, 2, 1, 0}, s.inputs().data());
    assertArrayEquals(new float[] {0, 0, 1, 1}, s.targets().data());
    assertNull(s.mask());
  }

  @Test
  void classesAreEveryLabelSeenAtAnyPositionSorted() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "dna\thidden_state\nAC\tLL\nCA\tLM\nAA\tKL\n", Map.of());
    assertEquals(List.of("K", "L", "M"), d.schema().classes());
  }

  @Test
  void variableLengthsArePaddedAndMaskedInTargetsToo() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "dna\thidden_state\nACGT\tHLHL\nAC\tLL\n",
        Map.of("split", List.of(1.0, 1.0, 0.0)));
    for (Split s : d.splits().values()) {
      assertArrayEquals(new int[] {1, 4}, s.targets().shape());
      float[] mask = s.mask().data();
      if (mask[3] == 0f) {
        assertArrayEquals(new float[] {1, 1, 0, 0}, s.targets().data(), "LL padded with class 0");
      } else {
        assertArrayEquals(new float[] {0, 1, 0, 1}, s.targets().data());
      }
    }
  }

  @Test
  void whitespaceTokensTakeWhitespaceSeparatedLabels() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.csv(), "text,tags\nthe cat sat,DET NOUN VERB\n",
        Map.of("tokenizer", "whitespace", "sequence_column", "text", "label_column", "tags"));
    assertEquals(List.of("DET", "NOUN", "VERB"), d.schema().classes());
    assertArrayEquals(new float[] {0, 1, 2}, d.splits().get(Dataset.TRAIN).targets().data());
  }

  @Test
  void maxLengthTruncatesLabelsWithTheSequence() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "dna\thidden_state\nACGT\tHHHL\n", Map.of("max_length", 3));
    assertEquals(List.of("H"), d.schema().classes());
    assertArrayEquals(new int[] {1, 3}, d.splits().get(Dataset.TRAIN).targets().shape());
  }

  @Test
  void aLabelStringOfTheWrongLengthNamesFileAndLine() {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.tsv(),
        "dna\thidden_state\nACGT\tHHLL\n\nACGTA\tHHLL\n", Map.of()));
    assertEquals(dir.resolve("data.tsv") + ":4: column 'hidden_state' holds 4 labels but column 'dna' holds 5"
        + " tokens; with labels: per-position every token needs exactly one label", e.getMessage());
  }

  @Test
  void perSequenceStaysTheDefault() throws Exception {
    Files.writeString(dir.resolve("data.tsv"), "dna\thidden_state\nACGT\tHHLL\n");
    DelimitedDatasetFactory f = DelimitedDatasetFactory.tsv();
    Dataset d = f.create(TestParams.resolve(f, Map.of("path", "data.tsv", "sequence_column", "dna",
        "label_column", "hidden_state", "split", ALL_TRAIN)), TestContexts.data(dir, 1));
    assertEquals(List.of("HHLL"), d.schema().classes());
    assertArrayEquals(new int[] {1}, d.splits().get(Dataset.TRAIN).targets().shape());
  }
}
