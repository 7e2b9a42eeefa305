package io.recur.datasets.named;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.datasets.named.NamedDataset.RemoteFile;
import io.recur.io.Sha256;
import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NamedDataTest {
  private static final byte[] TINY = "aachenosaurus\naardonyx\n".getBytes(UTF_8);
  private static final String TINY_PATH = "/owner/repo/abc1234/data/tiny.txt";

  private static NamedDataset tiny(String sha256, boolean unixLineEnds) {
    return new NamedDataset("tiny", "tiny", "owner/repo", "abc1234", "MIT",
        List.of(new RemoteFile("tiny.txt", "data/tiny.txt", sha256, unixLineEnds)));
  }

  @Test
  void downloadsAMissingFileChecksItAndSavesItAtomically(@TempDir Path data) throws Exception {
    try (LoopbackServer server = new LoopbackServer().serve(TINY_PATH, TINY)) {
      List<String> log = new ArrayList<>();
      NamedData named = new NamedData(server.downloader(), log::add);
      Path file = named.file(tiny(Sha256.of(TINY), false), data);
      assertEquals(data.resolve("tiny").resolve("tiny.txt"), file);
      assertArrayEquals(TINY, Files.readAllBytes(file));
      assertEquals(List.of(TINY_PATH), server.requests());
      assertEquals("downloading tiny/tiny.txt from " + server.base() + "owner/repo/abc1234/data/tiny.txt", log.get(0));
      assertEquals("saved " + file + " (23 bytes, sha256 verified)", log.get(1));
      try (Stream<Path> left = Files.list(file.getParent())) {
        assertEquals(List.of(file), left.toList(), "no temporary file is left behind");
      }
      // present now: used as it is, nothing asked of the server
      named.file(tiny(Sha256.of(TINY), false), data);
      assertEquals(1, server.requests().size());
    }
  }

  @Test
  void convertsCrLineEndsBeforeCheckingTheDigest(@TempDir Path data) throws Exception {
    byte[] cr = "ds,y\r1949-01-01,112\r1949-02-01,118".getBytes(UTF_8);
    byte[] lf = "ds,y\n1949-01-01,112\n1949-02-01,118\n".getBytes(UTF_8);
    try (LoopbackServer server = new LoopbackServer().serve(TINY_PATH, cr)) {
      Path file = new NamedData(server.downloader(), s -> { }).file(tiny(Sha256.of(lf), true), data);
      assertArrayEquals(lf, Files.readAllBytes(file));
    }
    assertArrayEquals("a\nb\nc\n".getBytes(UTF_8), Downloader.unixLineEnds("a\r\nb\rc".getBytes(UTF_8)));
    assertArrayEquals(new byte[0], Downloader.unixLineEnds(new byte[0]));
  }

  @Test
  void refusesADownloadWhoseDigestDiffersAndSavesNothing(@TempDir Path data) {
    try (LoopbackServer server = new LoopbackServer().serve(TINY_PATH, "tampered\n".getBytes(UTF_8))) {
      NamedData named = new NamedData(server.downloader(), s -> { });
      String want = Sha256.of(TINY);
      RecurException e = assertThrows(RecurException.class, () -> named.file(tiny(want, false), data));
      String url = server.base() + "owner/repo/abc1234/data/tiny.txt";
      Path target = data.resolve("tiny").resolve("tiny.txt");
      assertEquals("named dataset 'tiny': tiny/tiny.txt is not in the data directory " + data
          + " and could not be downloaded (the download from " + url + " has sha256 "
          + Sha256.of("tampered\n".getBytes(UTF_8)) + ", expected " + want + "; nothing was saved). Download it from "
          + url + " (owner/repo, data/tiny.txt at commit abc1234) and save it as " + target
          + ", or point --data-dir or RECUR_DATA at a folder that holds tiny/tiny.txt", e.getMessage());
      assertFalse(Files.exists(target));
    }
  }

  @Test
  void saysWhereToGetTheFileWhenTheServerFails(@TempDir Path data) {
    try (LoopbackServer server = new LoopbackServer().fail(TINY_PATH, 500)) {
      NamedData named = new NamedData(server.downloader(), s -> { });
      RecurException e = assertThrows(RecurException.class, () -> named.file(tiny(null, false), data));
      String url = server.base() + "owner/repo/abc1234/data/tiny.txt";
      assertTrue(e.getMessage().startsWith("named dataset 'tiny': tiny/tiny.txt is not in the data directory " + data
          + " and could not be downloaded (HTTP 500 from " + url + "). Download it from " + url), e.getMessage());
      assertTrue(e.getMessage().endsWith(" and save it as " + data.resolve("tiny").resolve("tiny.txt")
          + ", or point --data-dir or RECUR_DATA at a folder that holds tiny/tiny.txt"), e.getMessage());
    }
  }

  @Test
  void saysWhereToGetTheFileWhenOffline(@TempDir Path data) {
    Downloader offline = LoopbackServer.unreachable();
    NamedData named = new NamedData(offline, s -> { });
    NamedDataset dinos = NamedDatasets.find("dinos").orElseThrow();
    RecurException e = assertThrows(RecurException.class, () -> named.file(dinos, data));
    assertTrue(e.getMessage().startsWith("named dataset 'dinos': dinos/dinos.txt is not in the data directory " + data
        + " and could not be downloaded (cannot connect to 127.0.0.1:"), e.getMessage());
    assertTrue(e.getMessage().endsWith("/botkop/scorch/cdf2c33/src/test/resources/dinos.txt (botkop/scorch,"
        + " src/test/resources/dinos.txt at commit cdf2c33) and save it as " + data.resolve("dinos/dinos.txt")
        + ", or point --data-dir or RECUR_DATA at a folder that holds dinos/dinos.txt"), e.getMessage());
  }

  @Test
  void acceptsAnUnpinnedFileAndFetchesOnlyWhatIsMissing(@TempDir Path data) throws Exception {
    NamedDataset two = new NamedDataset("two", "two", "o/r", "c0ffee0", "MIT", List.of(
        new RemoteFile("A.txt", "names/A.txt", null, false), new RemoteFile("B.txt", "names/B.txt", null, false)));
    Files.createDirectories(data.resolve("two"));
    Files.writeString(data.resolve("two/A.txt"), "mine\n");
    try (LoopbackServer server = new LoopbackServer().serve("/o/r/c0ffee0/names/B.txt", "b\n".getBytes(UTF_8))
        .serve("/o/r/c0ffee0/names/A.txt", "a\n".getBytes(UTF_8))) {
      List<String> log = new ArrayList<>();
      NamedData named = new NamedData(server.downloader(), log::add);
      assertEquals(List.of(two.files().get(1)), NamedData.missing(two, data));
      assertEquals(data.resolve("two"), named.folder(two, data));
      assertEquals("mine\n", Files.readString(data.resolve("two/A.txt")), "a present file is kept");
      assertEquals("b\n", Files.readString(data.resolve("two/B.txt")));
      assertTrue(log.get(1).endsWith("(2 bytes, no pinned sha256 to check)"), log.get(1));
      named.fetch(two, data, true);
      assertEquals("a\n", Files.readString(data.resolve("two/A.txt")), "fetch with replace downloads again");
    }
  }

  @Test
  void suggestsANamedDatasetForATypo() {
    RecurException e = assertThrows(RecurException.class, () -> NamedData.dataset("dino", "dataset 'text'"));
    assertEquals("dataset 'text': unknown named dataset 'dino'; known: airline-passengers, dinos, names,"
        + " tinyshakespeare. Did you mean 'dinos'?", e.getMessage());
  }
}
