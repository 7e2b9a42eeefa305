package io.recur.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.encoding.Splits;
import io.recur.datasets.named.LoopbackServer;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.series.SeriesDatasetFactory;
import io.recur.datasets.tabular.DelimitedDatasetFactory;
import io.recur.datasets.text.LabelledFilesDatasetFactory;
import io.recur.datasets.text.TextDatasetFactory;
import io.recur.spi.DataContext;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.DatasetFactory;
import io.recur.spi.Normalization;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.spi.TextPreparation;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Datasets asked to encode with a saved model's schema ({@link DataContext#savedSchema()}). */
class SavedSchemaEncodingTest {
  private static final NamedData OFFLINE = new NamedData(LoopbackServer.unreachable(), s -> { });
  private static final List<Double> ALL_TEST = List.of(0.0, 0.0, 1.0);

  /** A model over fixed-length char sequences of 4 tokens from a, b, c; classes x and y. */
  private static final DataSchema XY = new DataSchema(new int[] {4}, 3, List.of("x", "y"),
      new TextCodec(TextCodec.CHAR, List.of("a", "b", "c"), 4));

  @TempDir Path dir;

  private Dataset create(DatasetFactory factory, Map<String, Object> overrides, DataSchema saved) {
    DataContext context = saved == null ? TestContexts.data(dir, 1) : TestContexts.data(dir, 1, saved);
    return factory.create(TestParams.resolve(factory, overrides), context);
  }

  private Map<String, Object> tsv(String content) throws Exception {
    Files.writeString(dir.resolve("d.tsv"), content);
    Map<String, Object> p = new HashMap<>();
    p.put("path", "d.tsv");
    p.put("split", ALL_TEST);
    return p;
  }

  @Test
  void aTsvOfOneClassGetsTheModelsIndexOfThatClassNotIndexZero() throws Exception {
    Dataset d = create(DelimitedDatasetFactory.tsv(), tsv("sequence\tlabel\ncaba\ty\nabca\ty\n"), XY);
    assertEquals(List.of("x", "y"), d.schema().classes());
    assertFalse(d.splits().containsKey(Dataset.TRAIN));
    Split test = d.splits().get(Dataset.TEST);
    assertArrayEquals(new float[] {1, 1}, test.targets().data());
    // ids are the model's: a=0, b=1, c=2, whatever the file's own sorted tokens would give
    assertEquals(List.of("a", "b", "c"), d.schema().codec().vocabulary());
  }

  @Test
  void aLabelOutsideTheModelsClassesNamesFileLineAndLabel() throws Exception {
    RecurException e = assertThrows(RecurException.class,
        () -> create(DelimitedDatasetFactory.tsv(), tsv("sequence\tlabel\nabca\tx\ncaba\tz\n"), XY));
    assertTrue(e.getMessage().contains(dir.resolve("d.tsv") + ":3: label 'z' is not one of the model's classes [x, y]"),
        e.getMessage());
  }

  @Test
  void aTokenOutsideAVocabularyWithoutUnknownNamesFileLineAndToken() throws Exception {
    RecurException e = assertThrows(RecurException.class,
        () -> create(DelimitedDatasetFactory.tsv(), tsv("sequence\tlabel\nabca\tx\nabqa\ty\n"), XY));
    assertTrue(e.getMessage().contains(dir.resolve("d.tsv") + ":3: token 'q' is not in the model's vocabulary [a, b, c]"),
        e.getMessage());
  }

  @Test
  void aTokenOutsideAVocabularyWithUnknownTakesItsId() throws Exception {
    DataSchema withUnknown = new DataSchema(new int[] {4}, 4, List.of("x", "y"),
        new TextCodec(TextCodec.CHAR, List.of("a", "b", "c", TextCodec.UNKNOWN), 4));
    Dataset d = create(DelimitedDatasetFactory.tsv(), tsv("sequence\tlabel\nabqa\ty\n"), withUnknown);
    assertArrayEquals(new float[] {0, 1, 3, 0}, d.splits().get(Dataset.TEST).inputs().data());
  }

  @Test
  void aSequenceOfAnotherLengthForAFixedLengthModelNamesItsLine() throws Exception {
    RecurException e = assertThrows(RecurException.class,
        () -> create(DelimitedDatasetFactory.tsv(), tsv("sequence\tlabel\nabca\tx\nabcab\ty\n"), XY));
    assertTrue(e.getMessage().contains(dir.resolve("d.tsv") + ":3: a sequence of 5 tokens; the model takes exactly 4"),
        e.getMessage());
  }

  @Test
  void perPositionLabelsAreTheModelsClassesToo() throws Exception {
    DataSchema hl = new DataSchema(new int[] {3}, 2, List.of("H", "L"),
        new TextCodec(TextCodec.CHAR, List.of("A", "C"), 0));
    Map<String, Object> p = tsv("sequence\tlabel\nAC\tLL\nACA\tLHL\n");
    p.put("labels", "per-position");
    Dataset d = create(DelimitedDatasetFactory.tsv(), p, hl);
    Split test = d.splits().get(Dataset.TEST);
    assertEquals(3, test.inputs().dim(1));
    assertEquals(List.of("H", "L"), d.schema().classes());
    p = tsv("sequence\tlabel\nAC\tLL\nACA\tLXL\n");
    p.put("labels", "per-position");
    Map<String, Object> bad = p;
    RecurException e = assertThrows(RecurException.class, () -> create(DelimitedDatasetFactory.tsv(), bad, hl));
    assertTrue(e.getMessage().contains("d.tsv:3: label 'X' is not one of the model's classes [H, L]"), e.getMessage());
  }

  @Test
  void aLabelledFilesClassTheModelLacksNamesTheFile() throws Exception {
    Path names = Files.createDirectories(dir.resolve("names"));
    Files.writeString(names.resolve("x.txt"), "abc\n");
    Files.writeString(names.resolve("w.txt"), "cab\n");
    DataSchema model = new DataSchema(new int[] {3}, 3, List.of("x", "y"),
        new TextCodec(TextCodec.CHAR, List.of("a", "b", "c"), 0));
    LabelledFilesDatasetFactory factory = new LabelledFilesDatasetFactory(OFFLINE);
    RecurException e = assertThrows(RecurException.class,
        () -> create(factory, Map.of("path", "names", "split", ALL_TEST), model));
    assertTrue(e.getMessage().contains(names.resolve("w.txt") + ": class 'w' is not one of the model's classes [x, y]"),
        e.getMessage());
    Files.delete(names.resolve("w.txt"));
    Files.writeString(names.resolve("y.txt"), "ba\n\nbcd\n");
    e = assertThrows(RecurException.class, () -> create(factory, Map.of("path", "names", "split", ALL_TEST), model));
    assertTrue(e.getMessage().contains(names.resolve("y.txt") + ":3: token 'd' is not in the model's vocabulary"),
        e.getMessage());
  }

  @Test
  void textNamesTheLineOfACharacterOutsideTheVocabulary() throws Exception {
    Files.writeString(dir.resolve("t.txt"), "ab\nba\nab\tc\n");
    DataSchema model = new DataSchema(new int[] {5}, 3, List.of("\n", "a", "b"),
        new TextCodec(TextCodec.CHAR, List.of("\n", "a", "b"), 0, new TextCodec.Symbols("\n", "\n", null),
            TextPreparation.NONE));
    TextDatasetFactory factory = new TextDatasetFactory(OFFLINE);
    RecurException e = assertThrows(RecurException.class,
        () -> create(factory, Map.of("path", "t.txt", "mode", "lines", "split", ALL_TEST), model));
    assertTrue(e.getMessage().contains(dir.resolve("t.txt") + ":3: token '\\t' is not in the model's vocabulary"),
        e.getMessage());
    e = assertThrows(RecurException.class, () -> create(factory,
        Map.of("path", "t.txt", "mode", "corpus", "sequence_length", 2, "split", ALL_TEST), model));
    assertTrue(e.getMessage().contains(dir.resolve("t.txt") + ":3: token '\\t'"), e.getMessage());
  }

  @Test
  void aSeriesIsScaledWithTheModelsNormalizationNotOneFittedOnThisFile() throws Exception {
    StringBuilder b = new StringBuilder("t,y\n");
    for (int i = 0; i < 10; i++) {
      b.append(i).append(',').append(100 + i).append('\n');
    }
    Files.writeString(dir.resolve("s.csv"), b.toString());
    Normalization saved = new Normalization(50, 10);
    DataSchema model = new DataSchema(new int[] {3, 1}, 0, List.of(), null, null, saved);
    SeriesDatasetFactory factory = new SeriesDatasetFactory(OFFLINE);
    // every forecast step is a test step: no training part, which only a saved schema allows
    Map<String, Object> p = Map.of("path", "s.csv", "window", 3, "val_steps", 0, "test_steps", 10);
    Dataset d = create(factory, p, model);
    assertEquals(saved, d.schema().normalization());
    Split test = d.splits().get(Dataset.TEST);
    assertEquals(7, test.size());
    assertEquals((100 - 50) / 10.0, test.inputs().data()[0], 1e-6);
    assertEquals((103 - 50) / 10.0, test.targets().data()[0], 1e-6);
    assertThrows(RecurException.class, () -> create(factory, p, null));
    DataSchema unnormalised = new DataSchema(new int[] {3, 1}, 0, List.of(), null, null, null);
    assertNull(create(factory, p, unnormalised).schema().normalization());
  }

  @Test
  void anEmptyTrainingSplitIsAllowedOnlyWithASavedSchema() {
    RecurException e = assertThrows(RecurException.class,
        () -> Splits.shuffled(ALL_TEST, 10, new Well19937c(1), "dataset 'd'"));
    assertTrue(e.getMessage().contains("leaves the training split empty"), e.getMessage());
    assertThrows(RecurException.class, () -> Splits.shuffled(ALL_TEST, 10, new Well19937c(1), "dataset 'd'", null));
    Splits s = Splits.shuffled(ALL_TEST, 10, new Well19937c(1), "dataset 'd'", XY);
    assertEquals(0, s.train().length);
    assertEquals(10, s.indices(Dataset.TEST).length);
    assertThrows(RecurException.class,
        () -> Splits.stratified(ALL_TEST, new int[] {0, 1, 0}, new Well19937c(1), "dataset 'd'"));
    assertEquals(3, Splits.stratified(ALL_TEST, new int[] {0, 1, 0}, new Well19937c(1), "dataset 'd'", XY)
        .indices(Dataset.TEST).length);
    assertArrayEquals(new int[] {0, 0, 10}, Splits.sizes(ALL_TEST, 10, "dataset 'd'", XY));
  }
}
