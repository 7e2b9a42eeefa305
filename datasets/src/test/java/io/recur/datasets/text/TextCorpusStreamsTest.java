package io.recur.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.named.LoopbackServer;
import io.recur.datasets.named.NamedData;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What truncated back-propagation through time needs from a corpus (issue 4): windows that
 * follow one another exactly when the stride is the window, and a way to read only the start of
 * a large text.
 */
class TextCorpusStreamsTest {
  private static final TextDatasetFactory FACTORY =
      new TextDatasetFactory(new NamedData(LoopbackServer.unreachable(), s -> { }));

  private static Dataset create(Path dir, Map<String, Object> params) {
    return FACTORY.create(TestParams.resolve(FACTORY, params), TestContexts.data(dir, 1));
  }

  @Test
  void backToBackWindowsAreConsecutiveAndEachStartsWhereThePreviousEnds(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abcdefghijklmnopqrstuvwxyz".repeat(4));
    Dataset d = create(dir, Map.of("path", "c.txt", "sequence_length", 5, "split", List.of(1.0)));
    assertTrue(d.consecutive());
    Split train = d.splits().get(Dataset.TRAIN);
    float[] x = train.inputs().data();
    float[] y = train.targets().data();
    for (int w = 0; w + 1 < train.size(); w++) {
      assertEquals(y[w * 5 + 4], x[(w + 1) * 5], "window " + (w + 1) + " starts with window " + w + "'s last target");
    }
  }

  @Test
  void overlappingWindowsAndLineItemsAreNotConsecutive(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abcdefghijklmnopqrstuvwxyz".repeat(4));
    assertFalse(create(dir, Map.of("path", "c.txt", "sequence_length", 5, "stride", 2, "split", List.of(1.0)))
        .consecutive());
    Files.writeString(dir.resolve("n.txt"), "abc\nde\n");
    assertFalse(create(dir, Map.of("path", "n.txt", "mode", "lines", "split", List.of(1.0))).consecutive());
  }

  @Test
  void maxCharsReadsOnlyTheStartOfTheText(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abcdefghij".repeat(10) + "XYZ");
    Dataset d = create(dir, Map.of("path", "c.txt", "sequence_length", 4, "max_chars", 41, "split", List.of(1.0)));
    // 41 characters: windows of 4 every 4 while 5 fit: 10
    assertArrayEquals(new int[] {10, 4}, d.splits().get(Dataset.TRAIN).inputs().shape());
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), d.schema().codec().vocabulary(),
        "X, Y and Z are past the limit");
  }
}
