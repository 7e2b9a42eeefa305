package io.recur.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.RecurException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole files are read only when they are regular files within their limit. */
class InputFilesTest {
  @TempDir Path dir;

  private static String refusal(Path file, long max) {
    return assertThrows(RecurException.class, () -> InputFiles.readBytes(file, max, "a test file")).getMessage();
  }

  @Test
  void readsARegularFile() throws Exception {
    Path f = Files.writeString(dir.resolve("a.txt"), "héllo");
    assertEquals("héllo", InputFiles.readUtf8(f, 100, "a test file"));
  }

  @Test
  void refusesADirectoryALinkLoopADeviceAndAMissingFile() throws Exception {
    assertEquals(dir + ": is a directory; expected a test file", refusal(dir, 100));
    Path loop = dir.resolve("loop");
    Files.createSymbolicLink(loop, loop);
    assertEquals(loop + ": a loop of symbolic links; expected a test file", refusal(loop, 100));
    assertEquals("/dev/zero: is not a regular file (a device, a FIFO or a socket); expected a test file",
        refusal(Path.of("/dev/zero"), 100));
    Path dangling = dir.resolve("dangling");
    Files.createSymbolicLink(dangling, dir.resolve("nothing"));
    assertEquals(dangling + ": a symbolic link to a file that does not exist; expected a test file",
        refusal(dangling, 100));
    assertEquals(dir.resolve("nothing") + ": file not found; expected a test file", refusal(dir.resolve("nothing"), 100));
  }

  @Test
  void refusesAFileOverTheLimitBeforeReadingIt() throws Exception {
    Path f = Files.write(dir.resolve("big.txt"), new byte[2048]);
    assertEquals(f + ": 2048 bytes, more than the 1024 bytes (1 KiB) Recur reads; expected a test file",
        refusal(f, 1024));
  }

  @Test
  void refusesTextThatIsNotUtf8() throws Exception {
    Path f = Files.write(dir.resolve("latin1.txt"), "caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
    RecurException e = assertThrows(RecurException.class, () -> InputFiles.readUtf8(f, 100, "a test file"));
    assertEquals(f + ": not UTF-8 text; save the file as UTF-8", e.getMessage());
  }
}
