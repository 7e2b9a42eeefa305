package io.recur.datasets.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.named.LoopbackServer;
import io.recur.datasets.named.NamedData;
import io.recur.datasets.named.SharedData;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TextCodec;
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDatasetFactoryTest {
  private static final TextDatasetFactory FACTORY =
      new TextDatasetFactory(new NamedData(LoopbackServer.unreachable(), s -> { }));

  private static Dataset create(Path dir, long seed, Map<String, Object> params) {
    return FACTORY.create(TestParams.resolve(FACTORY, params), TestContexts.data(dir, seed));
  }

  private static Map<String, Object> with(Object... kv) {
    Map<String, Object> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put((String) kv[i], kv[i + 1]);
    }
    return m;
  }

  /** The text of row {@code row} of an id tensor [N, T]. */
  private static String row(Dataset d, float[] ids, int t, int row) {
    TextCodec codec = d.schema().codec();
    int[] r = new int[t];
    for (int k = 0; k < t; k++) {
      r[k] = (int) ids[row * t + k];
    }
    return codec.decode(r);
  }

  @Test
  void corpusWindowsShiftTargetsByOneCharacterAndSplitByPosition(@TempDir Path dir) throws Exception {
    // 100 characters: train the first 80, val the next 10, test the last 10
    String text = "abcdefghij".repeat(8) + "ABCDEFGHIJ" + "jihgfedcba";
    Files.writeString(dir.resolve("c.txt"), text);
    Dataset d = create(dir, 1, with("path", "c.txt", "sequence_length", 4, "split", List.of(8.0, 1.0, 1.0)));
    Split train = d.splits().get(Dataset.TRAIN);
    // windows every 4 characters while 5 fit in 80: starts 0, 4, …, 72 → 19 windows
    assertArrayEquals(new int[] {19, 4}, train.inputs().shape());
    assertArrayEquals(new int[] {19, 4}, train.targets().shape());
    assertNull(train.mask());
    assertEquals("abcd", row(d, train.inputs().data(), 4, 0));
    assertEquals("bcde", row(d, train.targets().data(), 4, 0));
    assertEquals("efgh", row(d, train.inputs().data(), 4, 1));
    // val holds "ABCDEFGHIJ", never seen in training: every character is <unk>
    Split val = d.splits().get(Dataset.VALIDATION);
    assertArrayEquals(new int[] {2, 4}, val.inputs().shape());
    assertEquals("<unk><unk><unk><unk>", row(d, val.inputs().data(), 4, 0));
    assertEquals("jihg", row(d, d.splits().get(Dataset.TEST).inputs().data(), 4, 0));
    List<String> vocabulary = d.schema().codec().vocabulary();
    assertEquals("<unk>", vocabulary.get(vocabulary.size() - 1));
    assertEquals(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j", "<unk>"), vocabulary);
    assertEquals(vocabulary, d.schema().classes());
    assertEquals(vocabulary.size(), d.schema().inputVocabulary());
    assertArrayEquals(new int[] {4}, d.schema().inputShape());
    assertEquals(TextCodec.Symbols.NONE, d.schema().codec().symbols());
    assertEquals(0, d.schema().codec().length());
  }

  @Test
  void strideSetsTheDistanceBetweenWindows(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abcdefghij");
    Dataset d = create(dir, 1, with("path", "c.txt", "sequence_length", 3, "stride", 2, "split", List.of(1.0)));
    Split train = d.splits().get(Dataset.TRAIN);
    // starts 0, 2, 4, 6 (6 + 3 + 1 = 10 fits)
    assertEquals(4, train.size());
    assertEquals("ghi", row(d, train.inputs().data(), 3, 3));
    assertEquals("hij", row(d, train.targets().data(), 3, 3));
    assertEquals(List.of(Dataset.TRAIN), List.copyOf(d.splits().keySet()));
  }

  @Test
  void refusesAPartTooShortForOneWindow(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abcdefghij".repeat(10));
    RecurException e = assertThrows(RecurException.class,
        () -> create(dir, 1, with("path", "c.txt", "sequence_length", 20)));
    assertEquals("dataset 'text' (" + dir.resolve("c.txt") + "): the val part holds 5 characters, too few for one"
        + " window of sequence_length + 1 = 21; lower sequence_length or give val a larger share of split"
        + " [90.0, 5.0, 5.0]", e.getMessage());
  }

  @Test
  void linesEndWithTheEndSymbolWhichAlsoStartsThem(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("names.txt"), "Abc\r\nde\n\n  \nfghij\n");
    Dataset d = create(dir, 3, with("path", "names.txt", "mode", "lines", "lowercase", true, "split", List.of(1.0)));
    TextCodec codec = d.schema().codec();
    assertEquals(List.of("\n", "a", "b", "c", "d", "e", "f", "g", "h", "i", "j"), codec.vocabulary());
    assertEquals(0, codec.endId());
    assertEquals(0, codec.startId());
    assertEquals(new TextCodec.Symbols("\n", "\n", null), codec.symbols());
    Split train = d.splits().get(Dataset.TRAIN);
    // 3 items, the longest "fghij" gives 6 steps
    assertArrayEquals(new int[] {3, 6}, train.inputs().shape());
    assertArrayEquals(new int[] {3, 6}, train.mask().shape());
    Map<String, String> pairs = new HashMap<>();
    for (int i = 0; i < 3; i++) {
      int steps = 0;
      for (int k = 0; k < 6; k++) {
        steps += (int) train.mask().data()[i * 6 + k];
      }
      String in = row(d, train.inputs().data(), 6, i).substring(0, steps);
      String out = row(d, train.targets().data(), 6, i).substring(0, steps);
      pairs.put(in, out);
    }
    assertEquals(Map.of("\nabc", "abc\n", "\nde", "de\n", "\nfghij", "fghij\n"), pairs);
    assertArrayEquals(new int[] {6}, d.schema().inputShape());
  }

  @Test
  void linesWithAStartTokenOrNoStart(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("n.txt"), "ab\ncd\n");
    Dataset token = create(dir, 1, with("path", "n.txt", "mode", "lines", "start", "token", "split", List.of(1.0)));
    TextCodec codec = token.schema().codec();
    assertEquals(List.of("\n", "a", "b", "c", "d", "<start>"), codec.vocabulary());
    assertEquals(5, codec.startId());
    Split t = token.splits().get(Dataset.TRAIN);
    assertNull(t.mask(), "items of equal length need no mask");
    assertEquals(5f, t.inputs().data()[0]);

    Dataset none = create(dir, 1, with("path", "n.txt", "mode", "lines", "start", "none", "split", List.of(1.0)));
    assertEquals(-1, none.schema().codec().startId());
    Split n = none.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {2, 2}, n.inputs().shape());
    String in = row(none, n.inputs().data(), 2, 0);
    String out = row(none, n.targets().data(), 2, 0);
    assertEquals(in.substring(1) + "\n", out);
  }

  @Test
  void linesSplitByItemTheSameWayForTheSameSeed(@TempDir Path dir) throws Exception {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 50; i++) {
      b.append("item").append((char) ('a' + i % 26)).append(i).append('\n');
    }
    Files.writeString(dir.resolve("items.txt"), b.toString());
    Map<String, Object> p = with("path", "items.txt", "mode", "lines", "split", List.of(8.0, 1.0, 1.0));
    Dataset one = create(dir, 7, p);
    Dataset again = create(dir, 7, p);
    Dataset other = create(dir, 8, p);
    assertEquals(one.fingerprint(), again.fingerprint());
    assertNotEquals(one.fingerprint(), other.fingerprint());
    assertEquals(40, one.splits().get(Dataset.TRAIN).size());
    assertEquals(5, one.splits().get(Dataset.VALIDATION).size());
    assertEquals(5, one.splits().get(Dataset.TEST).size());
  }

  @Test
  void unigramBaselineIsTheEntropyOfTrainingFrequencies(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("c.txt"), "abababab" + "a");
    Dataset d = create(dir, 1, with("path", "c.txt", "sequence_length", 2, "split", List.of(1.0)));
    // targets of windows "ab|ba", "ab|ba", "ab|ba", "ab|ba": b a b a b a b a → 4 a, 4 b; add-one: 5/10 each
    assertEquals(Map.of("train.unigram-bits-per-character", 1.0), d.baselines());
  }

  @Test
  void readsTheDinosaurNamesOfSeed002FromTheDataDirectory() {
    Path data = SharedData.directory("dinos/dinos.txt");
    Dataset d = FACTORY.create(TestParams.resolve(FACTORY, with("source", "dinos", "mode", "lines", "lowercase", true)),
        TestContexts.data(data, 1));
    // seed 002: 27 symbols, '\n' first; 1536 names
    assertEquals(27, d.schema().inputVocabulary());
    assertEquals("\n", d.schema().codec().vocabulary().get(0));
    int items = 0;
    for (Split s : d.splits().values()) {
      items += s.size();
    }
    assertEquals(1536, items);
    // the longest names are the run-together ones, e.g. "lisboasaurusliubangosaurus" (26 letters) + \n
    assertEquals(27, d.schema().inputShape()[0]);
    assertTrue(d.baselines().get("test.unigram-bits-per-character") > 3.5);
  }

  @Test
  void aMissingNamedFileSaysWhereToGetIt(@TempDir Path empty) {
    RecurException e = assertThrows(RecurException.class, () -> create(empty, 1, with("source", "tinyshakespeare")));
    assertTrue(e.getMessage().startsWith("named dataset 'tinyshakespeare': tinyshakespeare/input.txt is not in the"
        + " data directory " + empty + " and could not be downloaded ("), e.getMessage());
    assertTrue(e.getMessage().contains("karpathy/char-rnn/6f9487a/data/tinyshakespeare/input.txt (karpathy/char-rnn,"
        + " data/tinyshakespeare/input.txt at commit 6f9487a) and save it as " + empty.resolve("tinyshakespeare/input.txt")),
        e.getMessage());
  }

  @Test
  void refusesATextOfBlankLines(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("blank.txt"), "\n  \n");
    RecurException e = assertThrows(RecurException.class, () -> create(dir, 1, with("path", "blank.txt", "mode", "lines")));
    assertEquals("dataset 'text' (" + dir.resolve("blank.txt") + "): no items; lines mode expects one item per line"
        + " and every line is blank", e.getMessage());
  }
}
