package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystemLoopException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Whole input files read into memory (configs, {@code model.yaml}, weights, checkpoints, data
 * files), with the checks that keep a wrong path from hanging or exhausting the JVM: only a
 * regular file is read (a directory, a loop of symbolic links, a device such as {@code /dev/zero},
 * a FIFO or a socket is refused before it is opened), its size is compared with a limit before a
 * byte is read, and no more than that size is read even if the file grows meanwhile. Every problem
 * is a {@link RecurException} naming the file and saying what was expected.
 *
 * <p>Limits: {@link #MAX_CONFIG_BYTES} for YAML (experiment files, {@code model.yaml}), {@link
 * #MAX_BINARY_BYTES} for safetensors files, {@link #MAX_TEXT_BYTES} for data files read whole.
 */
public final class InputFiles {
  /** The largest YAML file read (10 MiB): real configs are a few KiB; SnakeYAML is slow on huge scalars. */
  public static final long MAX_CONFIG_BYTES = 10L << 20;
  /** The largest safetensors file read whole: a Java array holds at most 2 GiB. */
  public static final long MAX_BINARY_BYTES = Integer.MAX_VALUE - 8;
  /** The largest text data file read whole (1 GiB: it takes 1 to 2 GiB of heap as a string). */
  public static final long MAX_TEXT_BYTES = 1L << 30;

  private InputFiles() {}

  /**
   * Checks that {@code file} is a regular file that can be read, following symbolic links.
   *
   * @param expected what the file should be, for messages: {@code "a YAML experiment file"}
   * @return its size in bytes
   * @throws RecurException naming the file when it does not exist, is a directory, a loop of
   *     symbolic links, a symbolic link to nothing, or not a regular file
   */
  public static long requireRegularFile(Path file, String expected) {
    return requireRegularFile(file, expected, "file not found; expected " + expected);
  }

  /**
   * As {@link #requireRegularFile(Path, String)}, with {@code missing} as what a missing file's
   * message says after its name.
   */
  static long requireRegularFile(Path file, String expected, String missing) {
    requireNonNull(file, "file is null");
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (NoSuchFileException | NotDirectoryException e) {
      if (Files.isSymbolicLink(file)) {
        throw new RecurException(file + ": a symbolic link to a file that does not exist; expected " + expected, e);
      }
      throw new RecurException(file + ": " + missing, e);
    } catch (AccessDeniedException e) {
      throw new RecurException(file + ": cannot be read (permission denied)", e);
    } catch (FileSystemException e) {
      if (isLinkLoop(e)) {
        throw new RecurException(file + ": a loop of symbolic links; expected " + expected, e);
      }
      throw new RecurException(file + ": cannot be read: " + reason(e), e);
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + reason(e), e);
    }
    if (attributes.isDirectory()) {
      throw new RecurException(file + ": is a directory; expected " + expected);
    }
    // checked before opening: opening a FIFO blocks until a writer comes, and /dev/zero never ends
    if (!attributes.isRegularFile()) {
      throw new RecurException(file + ": is not a regular file (a device, a FIFO or a socket); expected " + expected);
    }
    return attributes.size();
  }

  /**
   * The bytes of a regular file of at most {@code maxBytes}.
   *
   * @throws RecurException naming the file as {@link #requireRegularFile} does, and when it is
   *     larger than {@code maxBytes} or more than the JVM's free heap can hold
   */
  public static byte[] readBytes(Path file, long maxBytes, String expected) {
    long size = requireRegularFile(file, expected);
    if (size > maxBytes) {
      throw new RecurException(file + ": " + size + " bytes, more than the " + maxBytes + " bytes (" + human(maxBytes)
          + ") Recur reads; expected " + expected);
    }
    requireHeap(file, size);
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      // the size read above, plus one byte to tell a file that grew meanwhile
      ByteBuffer buf = ByteBuffer.allocate((int) size + 1);
      while (buf.hasRemaining()) {
        if (ch.read(buf) < 0) {
          break;
        }
      }
      if (buf.position() > size) {
        throw new RecurException(file + ": the file grew while it was read; expected " + expected);
      }
      byte[] bytes = new byte[buf.position()];
      buf.flip().get(bytes);
      return bytes;
    } catch (AccessDeniedException e) {
      throw new RecurException(file + ": cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + reason(e), e);
    } catch (OutOfMemoryError e) {
      throw new RecurException(file + ": " + size + " bytes do not fit in the memory the JVM has left"
          + " (raise -Xmx); expected " + expected, e);
    }
  }

  /**
   * The text of a regular UTF-8 file of at most {@code maxBytes}, decoded strictly.
   *
   * @throws RecurException as {@link #readBytes} does, and when the file is not UTF-8
   */
  public static String readUtf8(Path file, long maxBytes, String expected) {
    byte[] bytes = readBytes(file, maxBytes, expected);
    try {
      return UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new RecurException(file + ": not UTF-8 text; save the file as UTF-8", e);
    }
  }

  /** Refuses to read {@code size} bytes when they (and a copy as text) cannot fit in the heap. */
  private static void requireHeap(Path file, long size) {
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (size > free / 2) {
      throw new RecurException(file + ": " + size + " bytes (" + human(size) + ") need more memory than the JVM has left ("
          + human(free) + "); raise the heap (-Xmx, JAVA_OPTS) or use a smaller file");
    }
  }

  /** {@code 10 MiB}, {@code 2.0 GiB}: a byte count for messages. */
  public static String human(long bytes) {
    if (bytes < 1024) {
      return bytes + " bytes";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double v = bytes;
    int u = -1;
    while (v >= 1024 && u < units.length - 1) {
      v /= 1024;
      u++;
    }
    return (v == Math.rint(v) ? String.valueOf((long) v) : String.format(java.util.Locale.ROOT, "%.1f", v)) + " " + units[u];
  }

  /** ELOOP: the JDK reports it as a plain FileSystemException whose reason names it. */
  static boolean isLinkLoop(FileSystemException e) {
    if (e instanceof FileSystemLoopException) {
      return true;
    }
    String reason = String.valueOf(e.getReason());
    return reason.contains("Too many levels of symbolic links") || reason.contains("ELOOP");
  }

  static String reason(IOException e) {
    if (e instanceof FileSystemException f && f.getReason() != null) {
      return f.getReason();
    }
    return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
  }
}
