package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.recur.spi.RecurException;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputLinesTest {
  @TempDir Path dir;

  private Path file(byte[] bytes) throws Exception {
    Path f = dir.resolve("in.txt");
    Files.write(f, bytes);
    return f;
  }

  private Path file(String text) throws Exception {
    return file(text.getBytes(UTF_8));
  }

  private static List<InputLines.Line> read(Path f) {
    List<InputLines.Line> out = new ArrayList<>();
    try (InputLines lines = InputLines.open(f)) {
      for (InputLines.Line l : lines) {
        out.add(l);
      }
    }
    return out;
  }

  /** The message of reading every line of {@code f}, which must fail. */
  private static String failure(Path f) {
    return assertThrows(RecurException.class, () -> read(f)).getMessage();
  }

  private static byte[] concat(Object... parts) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (Object p : parts) {
      byte[] bytes = p instanceof String s ? s.getBytes(UTF_8) : (byte[]) p;
      b.writeBytes(bytes);
    }
    return b.toByteArray();
  }

  @Test
  void everyLineIsReturnedWithItsNumberBlankOnesIncluded() throws Exception {
    Path f = file("first\n\n  \nfourth\nlast without newline");
    assertEquals(List.of(new InputLines.Line(1, "first"), new InputLines.Line(2, ""), new InputLines.Line(3, "  "),
        new InputLines.Line(4, "fourth"), new InputLines.Line(5, "last without newline")), read(f));
  }

  @Test
  void aFinalNewlineDoesNotMakeAnotherLine() throws Exception {
    assertEquals(List.of(new InputLines.Line(1, "a"), new InputLines.Line(2, "b")), read(file("a\nb\n")));
    assertEquals(List.of(new InputLines.Line(1, "")), read(file("\n")));
  }

  @Test
  void crlfLinesLoseTheirCrAndALoneCrStays() throws Exception {
    assertEquals(List.of(new InputLines.Line(1, "one"), new InputLines.Line(2, ""), new InputLines.Line(3, "a\rb")),
        read(file("one\r\n\r\na\rb\r\n")));
  }

  @Test
  void aByteOrderMarkAtTheStartIsSkippedAndElsewhereKept() throws Exception {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    assertEquals(List.of(new InputLines.Line(1, "héllo"), new InputLines.Line(2, "\uFEFFx")),
        read(file(concat(bom, "héllo\n", bom, "x\n"))));
  }

  @Test
  void multiByteTextAcrossTheReadBufferDecodes() throws Exception {
    // 3-byte chars make sequences straddle every 64 KiB buffer boundary at some point
    String line = "€".repeat(50_000);
    List<InputLines.Line> lines = read(file(line + "\n" + line + "\n"));
    assertEquals(2, lines.size());
    assertEquals(line, lines.get(0).text());
    assertEquals(line, lines.get(1).text());
  }

  @Test
  void anEmptyFileHasNoLinesAndRequireAnySaysSo() throws Exception {
    Path f = file("");
    try (InputLines lines = InputLines.open(f)) {
      assertNull(lines.next());
      RecurException e = assertThrows(RecurException.class, lines::requireAny);
      assertEquals(f + ": no input lines (the file is empty or every line is blank); expected one item a line",
          e.getMessage());
    }
  }

  @Test
  void onlyBlankLinesAreNoInputEither() throws Exception {
    Path f = file("\n   \r\n\t\n");
    try (InputLines lines = InputLines.open(f)) {
      int n = 0;
      for (InputLines.Line l : lines) {
        assertTrue(l.isBlank());
        n++;
      }
      assertEquals(3, n);
      assertFalse(lines.sawNonBlank());
      assertEquals(f + ": " + InputLines.NO_LINES, assertThrows(RecurException.class, lines::requireAny).getMessage());
    }
  }

  @Test
  void aFileOfOneByteOrderMarkIsEmpty() throws Exception {
    Path f = file(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
    assertEquals(List.of(), read(f));
  }

  @Test
  void requireAnyPassesOnceANonBlankLineWasReadAndNotBeforeTheEnd() throws Exception {
    try (InputLines lines = InputLines.open(file("\nx\n"))) {
      assertEquals(new InputLines.Line(1, ""), lines.next());
      assertThrows(IllegalStateException.class, lines::requireAny);
      assertEquals(new InputLines.Line(2, "x"), lines.next());
      assertNull(lines.next());
      lines.requireAny();
      assertTrue(lines.sawNonBlank());
    }
  }

  @Test
  void bytesThatAreNotUtf8NameTheLineAndTheByteOffsetOfTheFirstBadByte() throws Exception {
    // "ok\n" (3 bytes) + "é\n" (3 bytes) + "ab" then Latin-1 é (0xE9) at offset 8
    Path f = file(concat("ok\n", "é\n", "ab", new byte[] {(byte) 0xE9}, "t\n"));
    try (InputLines lines = InputLines.open(f)) {
      assertEquals("ok", lines.next().text());
      assertEquals("é", lines.next().text());
      RecurException e = assertThrows(RecurException.class, lines::next);
      assertEquals(f + ":3: not UTF-8 text (byte offset 8); save the file as UTF-8", e.getMessage());
    }
  }

  @Test
  void aBadByteAfterCrlfLinesAndABomCountsEveryByte() throws Exception {
    // BOM (3) + "a\r\n" (3) + "\r\n" (2) = 8; 0xFF is never UTF-8
    Path f = file(concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, "a\r\n\r\n", new byte[] {(byte) 0xFF}));
    assertEquals(f + ":3: not UTF-8 text (byte offset 8); save the file as UTF-8", failure(f));
  }

  @Test
  void aBadByteFarIntoTheFileHasItsExactOffset() throws Exception {
    // 200,000 lines of "0123456789" + LF: 2,200,000 bytes over many read buffers
    String lines = "0123456789\n".repeat(200_000);
    Path f = file(concat(lines, "xy", new byte[] {(byte) 0xC3, (byte) 0x28}, "\n"));
    assertEquals(f + ":200001: not UTF-8 text (byte offset 2200002); save the file as UTF-8", failure(f));
  }

  @Test
  void aTruncatedSequenceAtTheEndIsNotUtf8() throws Exception {
    Path f = file(concat("a\nb", new byte[] {(byte) 0xE2, (byte) 0x82}));
    assertEquals(f + ":2: not UTF-8 text (byte offset 3); save the file as UTF-8", failure(f));
  }

  @Test
  void aNulByteIsBinaryData() throws Exception {
    Path f = file(concat("text\nmore", new byte[] {0, 1, 2}, "\n"));
    try (InputLines lines = InputLines.open(f)) {
      assertEquals("text", lines.next().text());
      RecurException e = assertThrows(RecurException.class, lines::next);
      assertEquals(f + ":2: binary data (a NUL byte at byte offset 9); expected text, one item a line", e.getMessage());
    }
  }

  @Test
  void aBadSequenceBeforeANulIsReportedFirst() throws Exception {
    Path f = file(concat("ab", new byte[] {(byte) 0xE2, 0, 0}));
    assertEquals(f + ":1: not UTF-8 text (byte offset 2); save the file as UTF-8", failure(f));
  }

  @Test
  void aLineOverTheLimitIsRefusedAndOneAtTheLimitRead() throws Exception {
    String atLimit = "x".repeat(InputLines.MAX_LINE_CHARS);
    List<InputLines.Line> ok = read(file("a\n" + atLimit + "\r\n"));
    assertEquals(InputLines.MAX_LINE_CHARS, ok.get(1).text().length());

    Path f = file("a\n" + atLimit + "y\nb\n");
    assertEquals(f + ":2: a line of more than 1000000 characters; expected one item a line", failure(f));
    Path g = file("a\n" + atLimit + "y");
    assertEquals(g + ":2: a line of more than 1000000 characters; expected one item a line", failure(g));
  }

  @Test
  void aMissingFile() {
    Path f = dir.resolve("nope.txt");
    assertEquals(f + ": no such file", assertThrows(RecurException.class, () -> InputLines.open(f)).getMessage());
  }

  @Test
  void aFileUnderAMissingFolder() {
    Path f = dir.resolve("nope/in.txt");
    assertEquals(f + ": no such file", assertThrows(RecurException.class, () -> InputLines.open(f)).getMessage());
  }

  @Test
  void aDirectory() {
    assertEquals(dir + ": is a directory; expected a text file, one item a line",
        assertThrows(RecurException.class, () -> InputLines.open(dir)).getMessage());
  }

  @Test
  void aLoopOfSymbolicLinks() throws Exception {
    Path a = dir.resolve("a");
    Path b = dir.resolve("b");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    assertEquals(a + ": a loop of symbolic links; expected a text file, one item a line",
        assertThrows(RecurException.class, () -> InputLines.open(a)).getMessage());
  }

  @Test
  void aBrokenSymbolicLink() throws Exception {
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, dir.resolve("gone"));
    assertEquals(link + ": a symbolic link to a file that does not exist; expected a text file, one item a line",
        assertThrows(RecurException.class, () -> InputLines.open(link)).getMessage());
  }

  @Test
  void aSymbolicLinkToAFileIsRead() throws Exception {
    Path f = file("x\n");
    Path link = dir.resolve("link");
    Files.createSymbolicLink(link, f);
    assertEquals(List.of(new InputLines.Line(1, "x")), read(link));
  }

  @Test
  void aDeviceIsNotARegularFile() {
    Path zero = Path.of("/dev/zero");
    assumeTrue(Files.exists(zero), "no /dev/zero here");
    assertEquals("/dev/zero: is not a regular file (a device, a FIFO or a socket); expected a text file, one item a line",
        assertThrows(RecurException.class, () -> InputLines.open(zero)).getMessage());
  }

  @Test
  void aFifoIsRefusedWithoutBlocking() throws Exception {
    Path fifo = dir.resolve("pipe");
    boolean made;
    try {
      Process p = new ProcessBuilder("mkfifo", fifo.toString()).start();
      made = p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (java.io.IOException e) {
      made = false;
    }
    assumeTrue(made, "mkfifo is not available");
    assertEquals(fifo + ": is not a regular file (a device, a FIFO or a socket); expected a text file, one item a line",
        assertThrows(RecurException.class, () -> InputLines.open(fifo)).getMessage());
  }

  @Test
  void anUnreadableFile() throws Exception {
    Path f = file("x\n");
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
    // root reads any file: nothing to check there
    assumeTrue(!Files.isReadable(f), "running with permissions that read any file");
    assertEquals(f + ": cannot be read (permission denied)",
        assertThrows(RecurException.class, () -> InputLines.open(f)).getMessage());
  }

  @Test
  void theLinesCanBeIteratedOnce() throws Exception {
    try (InputLines lines = InputLines.open(file("x\n"))) {
      lines.iterator();
      assertThrows(IllegalStateException.class, lines::iterator);
    }
  }
}
