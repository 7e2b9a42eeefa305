package io.recur.datasets.named;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.DataContext;
import io.recur.spi.RecurException;
import io.recur.testkit.TestContexts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataSourcesTest {
  private static final List<String> KNOWN = List.of("dinos", "tinyshakespeare");

  @Test
  void resolvesAPathAgainstTheConfigFolder(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("corpus.txt"), "hello\n");
    NamedData offline = new NamedData(LoopbackServer.unreachable(), s -> { });
    assertEquals(dir.resolve("corpus.txt"), DataSources.file("dataset 'text'", null, "corpus.txt", KNOWN,
        TestContexts.data(dir, 1), offline));
  }

  @Test
  void wantsExactlyOneOfSourceAndPath(@TempDir Path dir) {
    NamedData offline = new NamedData(LoopbackServer.unreachable(), s -> { });
    DataContext context = TestContexts.data(dir, 1);
    RecurException both = assertThrows(RecurException.class,
        () -> DataSources.file("dataset 'text'", "dinos", "x.txt", KNOWN, context, offline));
    assertEquals("dataset 'text': give either source (a named dataset) or path (a file), not both; got source"
        + " 'dinos' and path 'x.txt'", both.getMessage());
    RecurException neither = assertThrows(RecurException.class,
        () -> DataSources.folder("dataset 'labelled-files'", null, null, List.of("names"), context, offline));
    assertEquals("dataset 'labelled-files': no data given; set source to a named dataset (names) or path to a folder"
        + " relative to the experiment file's folder", neither.getMessage());
  }

  @Test
  void namesAMissingPath(@TempDir Path dir) throws Exception {
    NamedData offline = new NamedData(LoopbackServer.unreachable(), s -> { });
    DataContext context = TestContexts.data(dir, 1);
    RecurException missing = assertThrows(RecurException.class,
        () -> DataSources.file("dataset 'series'", null, "data/air.csv", KNOWN, context, offline));
    assertEquals("dataset 'series': " + dir.resolve("data/air.csv") + ": file not found (path is relative to the"
        + " experiment file's folder)", missing.getMessage());
    Files.createDirectories(dir.resolve("folder"));
    RecurException notAFile = assertThrows(RecurException.class,
        () -> DataSources.file("dataset 'series'", null, "folder", KNOWN, context, offline));
    assertEquals("dataset 'series': " + dir.resolve("folder") + ": not a file (path is relative to the experiment"
        + " file's folder)", notAFile.getMessage());
  }

  @Test
  void readsUtf8WithoutBomAndWithLfLineEnds(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("t.txt");
    Files.write(f, new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', '\r', '\n', 'b'});
    assertEquals("a\nb", DataSources.readText(f));
    Files.write(f, new byte[] {(byte) 0xC3, (byte) 0x28});
    RecurException e = assertThrows(RecurException.class, () -> DataSources.readText(f));
    assertEquals(f + ": not UTF-8 text; save the file as UTF-8", e.getMessage());
  }
}
