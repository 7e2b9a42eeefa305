package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicOutputTest {
  @TempDir Path dir;

  private List<Path> listing() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.sorted().toList();
    }
  }

  @Test
  void commitReplacesTheTargetWholeAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("predictions.tsv");
    Files.writeString(target, "old content that is longer than the new\n");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      Writer w = out.writer();
      w.write("1\tpositive\n");
      // until the commit the old file is what readers see
      assertEquals("old content that is longer than the new\n", Files.readString(target));
      w.write("2\tnégatif\n");
      out.commit();
    }
    assertEquals("1\tpositive\n2\tnégatif\n", Files.readString(target, UTF_8));
    assertEquals(List.of(target), listing());
  }

  @Test
  void closeWithoutCommitKeepsTheOldFileAndDeletesTheTemporaryOne() throws Exception {
    Path target = dir.resolve("predictions.tsv");
    Files.writeString(target, "old\n");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.writer().write("half of the new output".repeat(10_000));
      out.writer().flush();
      assertEquals(2, listing().size(), "the temporary file exists while writing");
      // no commit: a failure part-way
    }
    assertEquals("old\n", Files.readString(target));
    assertEquals(List.of(target), listing());
  }

  @Test
  void closeWithoutCommitCreatesNoTarget() throws Exception {
    Path target = dir.resolve("new.tsv");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.stream().write(new byte[] {1, 2, 3});
    }
    assertFalse(Files.exists(target));
    assertEquals(List.of(), listing());
  }

  @Test
  void bytesThroughTheStreamAndMissingFoldersAreMade() throws Exception {
    Path target = dir.resolve("sub/folder/out.bin");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      try (OutputStream s = out.stream()) {
        s.write(new byte[] {4, 5});
        s.write(6);
      }
      // closing the stream only flushed it: the output still commits
      out.commit();
    }
    assertArrayEquals(new byte[] {4, 5, 6}, Files.readAllBytes(target));
  }

  @Test
  void closingTheWriterDoesNotEndTheOutput() throws Exception {
    Path target = dir.resolve("out.txt");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      try (Writer w = out.writer()) {
        w.write("a\n");
      }
      out.commit();
    }
    assertEquals("a\n", Files.readString(target));
  }

  @Test
  void aDirectoryTargetIsRefusedAtOpen() throws Exception {
    Path target = dir.resolve("taken");
    Files.createDirectories(target);
    RecurException e = assertThrows(RecurException.class, () -> AtomicOutput.open(target));
    assertEquals(target + ": is a directory; give the name of a file to write", e.getMessage());
  }

  @Test
  void aFailedRenameNamesTheTargetAndLeavesNoTemporaryFile() throws Exception {
    Path target = dir.resolve("out.txt");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.writer().write("x");
      // a folder with content appears where the file goes: the rename cannot replace it
      Files.createDirectories(target.resolve("child"));
      RecurException e = assertThrows(RecurException.class, out::commit);
      assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
    }
    assertEquals(List.of(target), listing());
    assertTrue(Files.isDirectory(target.resolve("child")));
  }

  @Test
  void aFolderThatCannotBeMadeNamesTheTarget() throws Exception {
    Files.writeString(dir.resolve("file"), "x");
    Path target = dir.resolve("file/out.txt");
    RecurException e = assertThrows(RecurException.class, () -> AtomicOutput.open(target));
    assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
  }

  @Test
  void writingAfterCommitOrTwiceCommittingIsAMistake() throws Exception {
    Path target = dir.resolve("out.txt");
    try (AtomicOutput out = AtomicOutput.open(target)) {
      out.commit();
      assertThrows(IllegalStateException.class, out::commit);
      assertThrows(IllegalStateException.class, out::writer);
      out.close();
    }
    assertEquals("", Files.readString(target));
  }
}
