package io.recur.datasets.tabular;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DelimitedDatasetFactoryTest {
  private static final List<Double> ALL_TRAIN = List.of(1.0, 0.0, 0.0);

  @TempDir Path dir;

  private Dataset load(DelimitedDatasetFactory f, String fileName, String content, Map<String, ?> overrides)
      throws Exception {
    Files.createDirectories(dir.resolve(fileName).getParent());
    Files.writeString(dir.resolve(fileName), content);
    return load(f, fileName, overrides, 1);
  }

  private Dataset load(DelimitedDatasetFactory f, String fileName, Map<String, ?> overrides, long seed) {
    Map<String, Object> p = new HashMap<>(overrides);
    p.put("path", fileName);
    return f.create(TestParams.resolve(f, p), TestContexts.data(dir, seed));
  }

  /** Each sample of a split decoded back to "tokens|class", sorted, so shuffling does not matter. */
  private static List<String> decode(Dataset d, String split) {
    Split s = d.splits().get(split);
    DataSchema schema = d.schema();
    String sep = schema.codec().tokenizer().equals("char") ? "" : " ";
    List<String> out = new ArrayList<>();
    int t = s.inputs().dim(1);
    for (int i = 0; i < s.size(); i++) {
      List<String> tokens = new ArrayList<>();
      for (int j = 0; j < t; j++) {
        if (s.mask() == null || s.mask().get(i, j) == 1f) {
          tokens.add(schema.codec().vocabulary().get((int) s.inputs().get(i, j)));
        }
      }
      out.add(String.join(sep, tokens) + "|" + schema.classes().get((int) s.targets().get(i)));
    }
    out.sort(null);
    return out;
  }

  @Test
  void readsATsvWithItsHeaderAndSortedClassesAndVocabulary() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "data/dna.tsv",
        "sequence\tlabel\nGACT\tpos\nTTAA\tneg\nCCGA\tpos\n", Map.of("split", ALL_TRAIN));
    assertEquals(List.of("train"), List.copyOf(d.splits().keySet()));
    DataSchema s = d.schema();
    assertEquals(List.of("neg", "pos"), s.classes());
    assertEquals(List.of("A", "C", "G", "T"), s.codec().vocabulary());
    assertEquals(4, s.inputVocabulary());
    assertArrayEquals(new int[] {4}, s.inputShape());
    assertEquals(4, s.codec().length());
    assertNull(d.splits().get("train").mask());
    assertEquals(List.of("CCGA|pos", "GACT|pos", "TTAA|neg"), decode(d, "train"));
  }

  @Test
  void findsCustomColumnsAmongOthers() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "x.tsv",
        "id\tclass\ttext\n1\tb\tab\n2\ta\tba\n",
        Map.of("sequence_column", "text", "label_column", "class", "split", ALL_TRAIN));
    assertEquals(List.of("ab|b", "ba|a"), decode(d, "train"));
  }

  @Test
  void readsACsvWithQuotedFieldsAndWhitespaceTokens() throws Exception {
    String csv = "label,sequence\r\n"
        + "\"pos, strong\",\"the cat sat\"\r\n"
        + "neg,\"a \"\"quoted\"\" word\"\r\n"
        + "neg,\"two\nlines\"\r\n";
    Dataset d = load(DelimitedDatasetFactory.csv(), "t.csv", csv,
        Map.of("tokenizer", "whitespace", "split", ALL_TRAIN));
    assertEquals(List.of("neg", "pos, strong"), d.schema().classes());
    assertEquals(List.of("\"quoted\"", "a", "cat", "lines", "sat", "the", "two", "word"), d.schema().codec().vocabulary());
    assertEquals(List.of("a \"quoted\" word|neg", "the cat sat|pos, strong", "two lines|neg"), decode(d, "train"));
  }

  @Test
  void padsVariableLengthsWithIdZeroAndAMask() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "v.tsv", "sequence\tlabel\nAB\t0\nABBA\t1\nB\t0\n",
        Map.of("split", ALL_TRAIN));
    Split train = d.splits().get("train");
    assertArrayEquals(new int[] {3, 4}, train.inputs().shape());
    assertArrayEquals(new int[] {3, 4}, train.mask().shape());
    assertArrayEquals(new int[] {4}, d.schema().inputShape());
    assertEquals(0, d.schema().codec().length());
    for (int i = 0; i < 3; i++) {
      int real = 0;
      for (int t = 0; t < 4; t++) {
        if (train.mask().get(i, t) == 0f) {
          assertEquals(0f, train.inputs().get(i, t), "padding holds id 0");
        } else {
          assertEquals(real, t, "real steps come first");
          real++;
        }
      }
    }
    assertEquals(List.of("ABBA|1", "AB|0", "B|0"), decode(d, "train"));
  }

  @Test
  void maxLengthTruncatesAndCanMakeLengthsFixed() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.tsv(), "m.tsv", "sequence\tlabel\nABCDE\t0\nABC\t1\n",
        Map.of("split", ALL_TRAIN, "max_length", 3));
    assertNull(d.splits().get("train").mask());
    assertEquals(3, d.schema().codec().length());
    assertEquals(List.of("ABC|0", "ABC|1"), decode(d, "train"));
  }

  @Test
  void integerLabelsSortAsNumbers() throws Exception {
    Dataset d = load(DelimitedDatasetFactory.csv(), "n.csv", "sequence,label\na,10\nb,2\nc,0\n",
        Map.of("split", ALL_TRAIN));
    assertEquals(List.of("0", "2", "10"), d.schema().classes());
  }

  @Test
  void tokensOnlyInValidationMapToUnknownAtTheEndOfTheVocabulary() throws Exception {
    StringBuilder tsv = new StringBuilder("sequence\tlabel\n");
    for (int i = 0; i < 20; i++) {
      tsv.append(i % 2 == 0 ? "AB" : "BA").append('\t').append(i % 2).append('\n');
    }
    tsv.append("AZ\t1\n");
    Files.writeString(dir.resolve("u.tsv"), tsv);
    boolean sawUnknown = false;
    boolean sawZ = false;
    for (long seed = 1; seed <= 20 && !(sawUnknown && sawZ); seed++) {
      Dataset d = load(DelimitedDatasetFactory.tsv(), "u.tsv", Map.of(), seed);
      List<String> vocab = d.schema().codec().vocabulary();
      boolean zInTrain = decode(d, "train").contains("AZ|1");
      if (zInTrain) {
        sawZ = true;
        assertEquals(List.of("A", "B", "Z"), vocab);
      } else {
        sawUnknown = true;
        assertEquals(List.of("A", "B", "<unk>"), vocab);
        assertTrue(decode(d, "val").contains("A<unk>|1"), decode(d, "val").toString());
      }
      assertEquals(vocab.size(), d.schema().inputVocabulary());
    }
    assertTrue(sawUnknown && sawZ, "some seed puts the Z row in train, some in val");
  }

  @Test
  void sameSeedSameDatasetDifferentSeedDifferentSplit() throws Exception {
    StringBuilder tsv = new StringBuilder("sequence\tlabel\n");
    for (int i = 0; i < 30; i++) {
      tsv.append("AC".repeat(1 + i % 3)).append(i).append('\t').append(i % 2).append('\n');
    }
    Files.writeString(dir.resolve("s.tsv"), tsv);
    Dataset a = load(DelimitedDatasetFactory.tsv(), "s.tsv", Map.of(), 5);
    Dataset b = load(DelimitedDatasetFactory.tsv(), "s.tsv", Map.of(), 5);
    Dataset c = load(DelimitedDatasetFactory.tsv(), "s.tsv", Map.of(), 6);
    assertEquals(a.fingerprint(), b.fingerprint());
    assertArrayEquals(a.splits().get("val").mask().data(), b.splits().get("val").mask().data());
    assertTrue(!a.fingerprint().equals(c.fingerprint()));
    assertEquals(20, a.splits().get("train").size());
    assertEquals(10, a.splits().get("val").size());
  }

  // ---------------------------------------------------------------- errors

  @Test
  void aMissingFileNamesTheResolvedPath() {
    RecurException e = assertThrows(RecurException.class,
        () -> load(DelimitedDatasetFactory.tsv(), "data/../missing.tsv", Map.of(), 1));
    assertEquals(dir.resolve("missing.tsv") + ": file not found (the path is relative to the experiment file's"
        + " folder)", e.getMessage());
  }

  @Test
  void aRowWithTheWrongNumberOfColumnsNamesFileAndLine() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.tsv(), "w.tsv",
        "sequence\tlabel\nAC\t0\n\nAC\t1\textra\n", Map.of()));
    assertEquals(dir.resolve("w.tsv") + ":4: expected 2 columns as in the header (sequence, label), got 3",
        e.getMessage());
  }

  @Test
  void csvLineNumbersCountLinesInsideQuotedFields() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.csv(), "q.csv",
        "sequence,label\n\"A\nC\",0\nAC\n", Map.of()));
    assertEquals(dir.resolve("q.csv") + ":4: expected 2 columns as in the header (sequence, label), got 1",
        e.getMessage());
  }

  @Test
  void anEmptySequenceNamesFileAndLine() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.csv(), "e.csv",
        "sequence,label\nAC,0\n,1\n", Map.of()));
    assertEquals(dir.resolve("e.csv") + ":3: empty sequence in column 'sequence'; expected at least one token",
        e.getMessage());
  }

  @Test
  void aBlankSequenceIsEmptyForTheWhitespaceTokenizer() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.tsv(), "b.tsv",
        "sequence\tlabel\n  \t1\n", Map.of("tokenizer", "whitespace")));
    assertEquals(dir.resolve("b.tsv") + ":2: empty sequence in column 'sequence'; expected at least one token",
        e.getMessage());
  }

  @Test
  void anEmptyLabelNamesFileAndLine() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.tsv(), "l.tsv",
        "sequence\tlabel\nAC\t \n", Map.of()));
    assertEquals(dir.resolve("l.tsv") + ":2: empty label in column 'label'; expected a class name", e.getMessage());
  }

  @Test
  void aCsvWithoutTheLabelColumnSaysWhichColumnsItHas() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.csv(), "h.csv",
        "sequence,class\nAC,0\n", Map.of()));
    assertEquals(dir.resolve("h.csv") + ":1: no column 'label' in the header; found sequence, class"
        + " (set label_column to the column to use)", e.getMessage());
  }

  @Test
  void aMissingSequenceColumnNamesTheParameterToSet() throws Exception {
    RecurException e = assertThrows(RecurException.class, () -> load(DelimitedDatasetFactory.tsv(), "h.tsv",
        "seq\tlabel\nAC\t0\n", Map.of()));
    assertEquals(dir.resolve("h.tsv") + ":1: no column 'sequence' in the header; found seq, label"
        + " (set sequence_column to the column to use)", e.getMessage());
  }

  @Test
  void anEmptyFileAsksForAHeader() throws Exception {
    RecurException e = assertThrows(RecurException.class,
        () -> load(DelimitedDatasetFactory.csv(), "empty.csv", "\n\n", Map.of()));
    assertEquals(dir.resolve("empty.csv") + ": the file is empty; expected a header row naming the columns"
        + " 'sequence' and 'label'", e.getMessage());
  }

  @Test
  void aHeaderWithoutRowsIsAnError() throws Exception {
    RecurException e = assertThrows(RecurException.class,
        () -> load(DelimitedDatasetFactory.csv(), "hdr.csv", "sequence,label\n", Map.of()));
    assertEquals(dir.resolve("hdr.csv") + ": no data rows after the header", e.getMessage());
  }

  @Test
  void aFileThatIsNotUtf8IsNamed() throws Exception {
    Files.write(dir.resolve("latin1.tsv"), "sequence\tlabel\ncaf\u00e9\t1\n".getBytes(StandardCharsets.ISO_8859_1));
    RecurException e = assertThrows(RecurException.class,
        () -> load(DelimitedDatasetFactory.tsv(), "latin1.tsv", Map.of(), 1));
    assertEquals(dir.resolve("latin1.tsv") + ": not UTF-8 text; save the file as UTF-8", e.getMessage());
  }

  @Test
  void declaresItsParameters() {
    assertEquals(List.of("path", "sequence_column", "label_column", "tokenizer", "split", "max_length", "labels"),
        DelimitedDatasetFactory.csv().params().stream().map(p -> p.name()).toList());
    assertTrue(DelimitedDatasetFactory.PATH.required());
    assertTrue(DelimitedDatasetFactory.MAX_LENGTH.nullable());
    assertEquals(List.of("char", "whitespace"), DelimitedDatasetFactory.TOKENIZER.choices());
  }
}
