package io.recur.io;

import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 digests as lowercase hex strings, for provenance (plugin jars, datasets, weights). The
 * same digests {@code sha256sum} and Python's {@code hashlib} print, so users can check them.
 */
public final class Sha256 {
  private static final int CHUNK_FLOATS = 16 * 1024;

  private Sha256() {}

  public static String of(byte[] bytes) {
    requireNonNull(bytes, "bytes is null");
    MessageDigest md = newDigest();
    md.update(bytes);
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The digest of a file's bytes, read in a stream so large files need no memory.
   *
   * @throws RecurException naming the file when it does not exist
   * @throws UncheckedIOException naming the file when it cannot be read
   */
  public static String ofFile(Path file) {
    requireNonNull(file, "file is null");
    MessageDigest md = newDigest();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n; (n = in.read(buf)) > 0; ) {
        md.update(buf, 0, n);
      }
    } catch (NoSuchFileException e) {
      throw new RecurException(file + ": file not found");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /**
   * The digest of the arrays' values as little-endian float32, one array after the other with
   * nothing in between: for one array it equals {@code hashlib.sha256(a.astype('<f4').tobytes())}.
   * Callers that need array boundaries to count hash the shapes too.
   */
  public static String ofFloats(float[]... arrays) {
    requireNonNull(arrays, "arrays is null");
    MessageDigest md = newDigest();
    ByteBuffer chunk = ByteBuffer.allocate(CHUNK_FLOATS * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
    for (float[] a : arrays) {
      requireNonNull(a, "array is null");
      for (int from = 0; from < a.length; from += CHUNK_FLOATS) {
        int n = Math.min(CHUNK_FLOATS, a.length - from);
        chunk.clear();
        chunk.asFloatBuffer().put(a, from, n);
        md.update(chunk.array(), 0, n * Float.BYTES);
      }
    }
    return HexFormat.of().formatHex(md.digest());
  }

  private static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // every Java platform is required to provide SHA-256
      throw new IllegalStateException("SHA-256 is not available", e);
    }
  }
}
