package io.recur.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {
  @TempDir Path dir;

  @Test
  void writesANewFileAndCreatesItsFolder() throws Exception {
    Path file = dir.resolve("run/model/weights.bin");
    AtomicFiles.write(file, new byte[] {1, 2, 3});
    assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(file));
  }

  @Test
  void replacesAnExistingFileWholeAndLeavesNoTemporaryFile() throws Exception {
    Path file = dir.resolve("config.yaml");
    AtomicFiles.write(file, "old content that is longer");
    AtomicFiles.write(file, "new");
    assertEquals("new", Files.readString(file));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(file), s.toList());
    }
  }

  @Test
  void failsNamingTheTargetAndKeepsTheOldFileWhenTheTargetIsAFolder() throws Exception {
    Path target = dir.resolve("taken");
    Files.createDirectories(target.resolve("child"));
    RecurException e = assertThrows(RecurException.class, () -> AtomicFiles.write(target, new byte[1]));
    assertTrue(e.getMessage().startsWith(target + ": cannot write: "), e.getMessage());
    assertTrue(Files.isDirectory(target.resolve("child")));
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(target), s.toList());
    }
  }
}
