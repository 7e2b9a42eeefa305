package org.example.recurplugin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.DataContext;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FastaDatasetFactoryTest {
  private static final FastaDatasetFactory FASTA = new FastaDatasetFactory();

  @TempDir Path tmp;

  private DataContext context(long seed) {
    return TestContexts.data(tmp, seed);
  }

  private Dataset load(Map<String, ?> params) {
    return FASTA.create(TestParams.resolve(FASTA, params), context(1));
  }

  private void write(String name, String... lines) throws IOException {
    Files.writeString(tmp.resolve(name), String.join("\n", lines) + "\n");
  }

  @Test
  void readsRecordsWithLabelsFromTheirHeaders() throws IOException {
    write("a.fa", "; a promoter and a background", ">p1 promoter", "acgt", "AC", "", ">b1 some words background", "TTGGCC");
    write("b.fa", ">b2 background", "GGTTAA");
    Dataset d = load(Map.of("files", List.of("a.fa", "b.fa"), "split", List.of(1.0, 0.0, 0.0), "shuffle", false));
    assertEquals(List.of("background", "promoter"), d.schema().classes());
    assertEquals(List.of("A", "C", "G", "T"), d.schema().codec().vocabulary());
    assertArrayEquals(new int[] {6}, d.schema().inputShape());
    assertEquals(4, d.schema().inputVocabulary());
    assertEquals(6, d.schema().codec().length(), "all records have 6 symbols: text prediction works");
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new float[] {1, 0, 0}, train.targets().data());
    assertArrayEquals(new float[] {0, 1, 2, 3, 0, 1}, java.util.Arrays.copyOf(train.inputs().data(), 6));
    assertNull(train.mask(), "no padding, no mask");
  }

  @Test
  void raggedSequencesArePaddedWithAMask() throws IOException {
    write("r.fa", ">a x", "ACGT", ">b y", "AC");
    Dataset d = load(Map.of("files", List.of("r.fa"), "split", List.of(1.0, 0.0, 0.0), "shuffle", false));
    Split train = d.splits().get(Dataset.TRAIN);
    assertNotNull(train.mask());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, train.mask().data());
    assertEquals(0, d.schema().codec().length(), "variable length");
  }

  @Test
  void theSameSeedGivesTheSameSplits() throws IOException {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      b.append(">s").append(i).append(' ').append(i % 2 == 0 ? "even" : "odd").append('\n').append("ACGT".repeat(1 + i % 3)).append('\n');
    }
    Files.writeString(tmp.resolve("s.fa"), b);
    Map<String, ?> params = Map.of("files", List.of("s.fa"));
    Dataset one = FASTA.create(TestParams.resolve(FASTA, params), context(5));
    Dataset two = FASTA.create(TestParams.resolve(FASTA, params), context(5));
    assertEquals(List.of(Dataset.TRAIN, Dataset.VALIDATION, Dataset.TEST), List.copyOf(one.splits().keySet()));
    assertEquals(16, one.splits().get(Dataset.TRAIN).size());
    assertArrayEquals(one.splits().get(Dataset.TEST).inputs().data(), two.splits().get(Dataset.TEST).inputs().data());
    assertEquals(one.fingerprint(), two.fingerprint());
  }

  @Test
  void aSymbolOutsideTheAlphabetIsNamedWithItsRecord() throws IOException {
    write("n.fa", ">ok x", "ACGT", ">bad y", "ACNT");
    RecurException e = assertThrows(RecurException.class,
        () -> load(Map.of("files", List.of("n.fa"), "alphabet", "ACGT")));
    assertEquals("n.fa:3: record 'bad' has symbol 'N', which is not in the alphabet 'ACGT'", e.getMessage());
  }

  @Test
  void aHeaderWithoutTheLabelFieldIsNamed() throws IOException {
    write("h.fa", ">onlyid", "ACGT");
    RecurException e = assertThrows(RecurException.class, () -> load(Map.of("files", List.of("h.fa"), "label_field", 1)));
    assertEquals("h.fa:1: header '>onlyid' has no field 1 to take the label from (label_field: 1; fields count from 0, "
        + "negatives from the end)", e.getMessage());
  }

  @Test
  void sequenceBeforeAnyHeaderIsNamed() throws IOException {
    write("s.fa", "ACGT", ">a x", "AC");
    RecurException e = assertThrows(RecurException.class, () -> load(Map.of("files", List.of("s.fa"))));
    assertEquals("s.fa:1: sequence data before the first '>' header line", e.getMessage());
  }

  @Test
  void aMissingFileIsNamed() {
    RecurException e = assertThrows(RecurException.class, () -> load(Map.of("files", List.of("missing.fa"))));
    assertEquals("missing.fa: no such FASTA file", e.getMessage());
  }
}
