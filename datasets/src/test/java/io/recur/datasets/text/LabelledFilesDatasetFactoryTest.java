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
import io.recur.testkit.TestContexts;
import io.recur.testkit.TestParams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabelledFilesDatasetFactoryTest {
  private static final LabelledFilesDatasetFactory FACTORY =
      new LabelledFilesDatasetFactory(new NamedData(LoopbackServer.unreachable(), s -> { }));

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

  /** Writes {@code count} distinct lines to {@code folder/name.txt}. */
  private static void file(Path folder, String name, int count) throws Exception {
    Files.createDirectories(folder);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < count; i++) {
      b.append(name.toLowerCase(), 0, 2).append(i).append('\n');
    }
    Files.writeString(folder.resolve(name + ".txt"), b.toString());
  }

  private static int[] perClass(Split s, int classes) {
    int[] counts = new int[classes];
    for (float t : s.targets().data()) {
      counts[(int) t]++;
    }
    return counts;
  }

  @Test
  void everyFileIsAClassAndTheSplitIsStratified(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("langs");
    file(folder, "Russian", 100);
    file(folder, "English", 50);
    file(folder, "Korean", 10);
    Files.writeString(folder.resolve("README.md"), "not a class\n");
    Dataset d = create(dir, 5, with("path", "langs", "split", List.of(8.0, 1.0, 1.0)));
    assertEquals(List.of("English", "Korean", "Russian"), d.schema().classes());
    assertArrayEquals(new int[] {40, 8, 80}, perClass(d.splits().get(Dataset.TRAIN), 3));
    assertArrayEquals(new int[] {5, 1, 10}, perClass(d.splits().get(Dataset.VALIDATION), 3));
    assertArrayEquals(new int[] {5, 1, 10}, perClass(d.splits().get(Dataset.TEST), 3));
    // the majority class of training is Russian: 80 of 128, 10 of 16, 10 of 16
    assertEquals(Map.of("train.majority-accuracy", 80 / 128.0, "val.majority-accuracy", 10 / 16.0,
        "test.majority-accuracy", 10 / 16.0), d.baselines());
  }

  @Test
  void encodesCharactersPaddedWithAMask(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("f");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("A.txt"), " Ab \n\nabc\n");
    Files.writeString(folder.resolve("B.txt"), "b\n");
    Dataset d = create(dir, 1, with("path", "f", "split", List.of(1.0)));
    Split train = d.splits().get(Dataset.TRAIN);
    assertArrayEquals(new int[] {3, 3}, train.inputs().shape());
    assertArrayEquals(new int[] {3}, train.targets().shape());
    assertArrayEquals(new int[] {3, 3}, train.mask().shape());
    assertEquals(List.of("A", "a", "b", "c"), d.schema().codec().vocabulary());
    float maskSum = 0;
    for (float m : train.mask().data()) {
      maskSum += m;
    }
    assertEquals(2 + 3 + 1, maskSum, "stripped \"Ab\", \"abc\" and \"b\"");
    assertEquals(0, d.schema().codec().length(), "variable length");
  }

  @Test
  void foldsAccentsLowerCasesAndDropsRepeats(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("f");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("French.txt"), "Éloïse\nÉloïse\nÉLOÏSE\n");
    Dataset d = create(dir, 1, with("path", "f", "ascii", true, "lowercase", true, "distinct", true,
        "split", List.of(1.0)));
    Split train = d.splits().get(Dataset.TRAIN);
    assertEquals(1, train.size());
    assertEquals(List.of("e", "i", "l", "o", "s"), d.schema().codec().vocabulary());
    assertNull(train.mask());
  }

  @Test
  void theSameSeedGivesTheSameSplit(@TempDir Path dir) throws Exception {
    Path folder = dir.resolve("f");
    file(folder, "One", 30);
    file(folder, "Two", 30);
    Map<String, Object> p = with("path", "f");
    assertEquals(create(dir, 3, p).fingerprint(), create(dir, 3, p).fingerprint());
    assertNotEquals(create(dir, 3, p).fingerprint(), create(dir, 4, p).fingerprint());
  }

  @Test
  void namesWhatIsWrongWithTheFolder(@TempDir Path dir) throws Exception {
    Files.createDirectories(dir.resolve("empty"));
    RecurException none = assertThrows(RecurException.class, () -> create(dir, 1, with("path", "empty")));
    assertEquals("dataset 'labelled-files': " + dir.resolve("empty") + ": no files match '*.txt'; expected one text"
        + " file per class", none.getMessage());
    Path folder = dir.resolve("f");
    file(folder, "Good", 3);
    Files.writeString(folder.resolve("Blank.txt"), "\n \n");
    RecurException blank = assertThrows(RecurException.class, () -> create(dir, 1, with("path", "f")));
    assertEquals("dataset 'labelled-files': " + folder.resolve("Blank.txt") + ": no samples; expected one sample per"
        + " line and every line is blank", blank.getMessage());
    RecurException glob = assertThrows(RecurException.class, () -> create(dir, 1, with("path", "f", "pattern", "[a")));
    assertTrue(glob.getMessage().startsWith("dataset 'labelled-files': pattern '[a' is not a valid glob: "),
        glob.getMessage());
    RecurException missing = assertThrows(RecurException.class, () -> create(dir, 1, with("path", "nowhere")));
    assertEquals("dataset 'labelled-files': " + dir.resolve("nowhere") + ": folder not found (path is relative to"
        + " the experiment file's folder)", missing.getMessage());
  }

  @Test
  void readsTheNamesOfSeed003FromTheDataDirectory() {
    Path data = SharedData.directory("names");
    Dataset d = FACTORY.create(TestParams.resolve(FACTORY, with("source", "names")),
        TestContexts.data(data, 1));
    assertEquals(18, d.schema().classes().size());
    assertEquals("Arabic", d.schema().classes().get(0));
    int total = 0;
    for (Split s : d.splits().values()) {
      total += s.size();
    }
    assertEquals(16041, total);
    int russian = d.schema().classes().indexOf("Russian");
    int[] test = perClass(d.splits().get(Dataset.TEST), 18);
    assertEquals(753, test[russian], "a tenth of Russian's 7533 lines");
    assertTrue(test[d.schema().classes().indexOf("Vietnamese")] >= 5);
    assertEquals(7533 * 0.8 / (16041 * 0.8), d.baselines().get("train.majority-accuracy"), 0.001);
  }
}
