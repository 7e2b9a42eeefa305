package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.RecurException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Sha256Test {
  @TempDir Path dir;

  @Test
  void matchesTheStandardTestVector() {
    assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", Sha256.of("abc".getBytes(UTF_8)));
    assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", Sha256.of(new byte[0]));
  }

  @Test
  void hashesAFileLikeItsBytes() throws Exception {
    byte[] bytes = new byte[200_003];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 31);
    }
    Path f = dir.resolve("plugin.jar");
    Files.write(f, bytes);
    assertEquals(Sha256.of(bytes), Sha256.ofFile(f));
  }

  @Test
  void rejectsAMissingFile() {
    Path f = dir.resolve("missing.jar");
    RecurException e = assertThrows(RecurException.class, () -> Sha256.ofFile(f));
    assertEquals(f + ": file not found", e.getMessage());
  }

  @Test
  void hashesFloatsAsLittleEndianFloat32AcrossChunks() {
    float[] a = new float[40_000];
    for (int i = 0; i < a.length; i++) {
      a[i] = i * 0.5f - 3;
    }
    ByteBuffer b = ByteBuffer.allocate(a.length * 4).order(ByteOrder.LITTLE_ENDIAN);
    b.asFloatBuffer().put(a);
    assertEquals(Sha256.of(b.array()), Sha256.ofFloats(a));
  }

  @Test
  void concatenatesArrays() {
    assertEquals(Sha256.ofFloats(new float[] {1, 2, 3}), Sha256.ofFloats(new float[] {1}, new float[] {2, 3}));
    assertNotEquals(Sha256.ofFloats(new float[] {1, 2, 3}), Sha256.ofFloats(new float[] {1, 2, 4}));
  }
}
