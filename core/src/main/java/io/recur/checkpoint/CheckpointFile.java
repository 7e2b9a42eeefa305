package io.recur.checkpoint;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.io.InputFiles;
import io.recur.io.Safetensors;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One checkpoint on disk: a safetensors file whose tensors are the weights, the optimizer state
 * and the data order, and whose {@code __metadata__} holds everything else as strings (epoch,
 * position, random streams, schedule). The metadata carries {@value #FORMAT_KEY} and a {@value
 * #CHECKSUM_KEY}: the sha256 of every tensor's name, shape and bytes and every other metadata
 * entry, so a file that parses but was altered or half-copied is still caught.
 *
 * <p>Written atomically ({@link Safetensors#write}: temporary file, sync, rename), so a crash
 * leaves either the previous file or the new one.
 */
public final class CheckpointFile {
  public static final String FORMAT = "recur-checkpoint-1";
  public static final String FORMAT_KEY = "format";
  public static final String CHECKSUM_KEY = "checksum";

  private CheckpointFile() {}

  /**
   * A checkpoint read back and verified.
   *
   * @param tensors by name, in file order
   * @param metadata without the format and checksum entries
   */
  public record Contents(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    /** A metadata entry that must be there. */
    public String require(String key) {
      String v = metadata.get(key);
      if (v == null) {
        throw new RecurException(file + ": checkpoint entry '" + key + "' is missing");
      }
      return v;
    }
  }

  /** Writes {@code tensors} and {@code metadata} (plus format and checksum) to {@code file} atomically. */
  public static void write(Path file, Map<String, Tensor> tensors, Map<String, String> metadata) {
    requireNonNull(file, "file is null");
    Map<String, String> meta = new LinkedHashMap<>();
    meta.put(FORMAT_KEY, FORMAT);
    meta.putAll(metadata);
    meta.put(CHECKSUM_KEY, checksum(tensors, meta));
    Safetensors.write(file, tensors, meta);
  }

  /**
   * Reads and verifies a checkpoint.
   *
   * @throws RecurException naming the file when it is missing, truncated, not a checkpoint, or
   *     its checksum does not match its content
   */
  public static Contents read(Path file) {
    requireNonNull(file, "file is null");
    if (Files.notExists(file) && !Files.isSymbolicLink(file)) {
      throw new RecurException(file + ": checkpoint not found");
    }
    byte[] bytes = InputFiles.readBytes(file, InputFiles.MAX_BINARY_BYTES, "a Recur checkpoint (safetensors)");
    Safetensors.Contents c = Safetensors.decode(bytes, file.toString());
    Map<String, String> meta = new LinkedHashMap<>(c.metadata());
    String format = meta.get(FORMAT_KEY);
    if (!FORMAT.equals(format)) {
      throw new RecurException(file + ": not a Recur checkpoint (format " + (format == null ? "missing" : "'" + format + "'")
          + ", expected '" + FORMAT + "')");
    }
    String stored = meta.remove(CHECKSUM_KEY);
    if (stored == null) {
      throw new RecurException(file + ": the checkpoint has no checksum");
    }
    String actual = checksum(c.tensors(), meta);
    if (!actual.equals(stored)) {
      throw new RecurException(file + ": bad checksum (stored " + stored + ", content gives " + actual
          + "); the checkpoint is damaged");
    }
    meta.remove(FORMAT_KEY);
    return new Contents(file, c.tensors(), meta);
  }

  /** sha256 over every tensor's name, shape and float32 bytes, then every metadata key and value, in order. */
  static String checksum(Map<String, Tensor> tensors, Map<String, String> metadata) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
    for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
      md.update(e.getKey().getBytes(UTF_8));
      md.update((byte) 0);
      int[] shape = e.getValue().shape();
      ByteBuffer head = ByteBuffer.allocate(Integer.BYTES * (shape.length + 1)).order(ByteOrder.LITTLE_ENDIAN);
      head.putInt(shape.length);
      for (int d : shape) {
        head.putInt(d);
      }
      md.update(head.array());
      float[] data = e.getValue().data();
      ByteBuffer chunk = ByteBuffer.allocate(Float.BYTES * 4096).order(ByteOrder.LITTLE_ENDIAN);
      for (int from = 0; from < data.length; from += 4096) {
        int n = Math.min(4096, data.length - from);
        chunk.clear();
        chunk.asFloatBuffer().put(data, from, n);
        md.update(chunk.array(), 0, n * Float.BYTES);
      }
    }
    for (Map.Entry<String, String> e : metadata.entrySet()) {
      if (e.getKey().equals(CHECKSUM_KEY)) {
        continue;
      }
      md.update(e.getKey().getBytes(UTF_8));
      md.update((byte) 0);
      md.update(e.getValue().getBytes(UTF_8));
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** Wraps I/O failures of the checkpoint folder as user-facing errors. */
  static RecurException io(Path where, IOException e) {
    return new RecurException(where + ": " + e.getMessage(), new UncheckedIOException(e));
  }
}
