package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Writes whole files so that readers see either the old content or the new, never a mix: the
 * bytes go to a temporary file in the same folder, are forced to disk, and the temporary file is
 * renamed over the target in one atomic step. A crash (or a full disk) at any point leaves the
 * previous file intact and at worst a stray {@code .NAME.*.tmp} beside it.
 */
public final class AtomicFiles {
  private AtomicFiles() {}

  /**
   * Replaces {@code target} with {@code bytes}, creating missing parent folders.
   *
   * @throws RecurException {@code "TARGET: cannot write: REASON"} when the folder is not writable,
   *     the disk is full, or the file system cannot rename atomically: like every write failure, a
   *     problem of the place the user chose (exit 2), not an internal error
   */
  public static void write(Path target, byte[] bytes) {
    requireNonNull(target, "target is null");
    requireNonNull(bytes, "bytes is null");
    Path file = target.toAbsolutePath();
    Path tmp = temporaryFor(file);
    try {
      Files.createDirectories(file.getParent());
      try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        while (buf.hasRemaining()) {
          ch.write(buf);
          Predicate<Path> full = fullDisk;
          if (full != null && full.test(file)) {
            throw new FileSystemException(tmp.toString(), null, "No space left on device");
          }
        }
        // without this the rename can reach the disk before the data, and a crash leaves an empty file
        ch.force(true);
      }
      replace(tmp, file);
    } catch (IOException e) {
      deleteQuietly(tmp);
      throw failure(target, e);
    } catch (RuntimeException | Error e) {
      deleteQuietly(tmp);
      throw e;
    }
  }

  /**
   * The one message of a failed write: {@code "TARGET: cannot write: REASON"}, the reason as the
   * operating system gives it ({@code No space left on device}, {@code permission denied (…)}).
   */
  public static RecurException failure(Path target, IOException e) {
    String why;
    if (e instanceof AccessDeniedException a) {
      why = "permission denied (" + a.getFile() + ")";
    } else if (e instanceof FileSystemException f && f.getReason() != null) {
      why = f.getReason();
    } else {
      why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
    return new RecurException(target + ": cannot write: " + why, e);
  }

  /** Files whose writes fail as on a full disk; null for none (the normal case). */
  private static volatile Predicate<Path> fullDisk;

  /**
   * For tests: until the returned handle is closed, writing a file that {@code which} accepts (its
   * absolute path) fails after its first bytes with {@code No space left on device}, as a full
   * disk does. Lets the whole CLI be run against a full disk without mounting one.
   */
  public static AutoCloseable simulateFullDisk(Predicate<Path> which) {
    requireNonNull(which, "which is null");
    fullDisk = which;
    return () -> fullDisk = null;
  }

  /** {@link #write(Path, byte[])} of {@code text} in UTF-8. */
  public static void write(Path target, String text) {
    write(target, requireNonNull(text, "text is null").getBytes(UTF_8));
  }

  /**
   * The temporary file {@code .NAME.<uuid>.tmp} for the absolute path {@code file}. It lives in
   * the target's folder because a rename is only atomic within one file system.
   */
  static Path temporaryFor(Path file) {
    return file.getParent().resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
  }

  /**
   * Renames the finished, synced temporary file {@code tmp} over {@code file} in one atomic step
   * and makes the rename durable.
   */
  static void replace(Path tmp, Path file) throws IOException {
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    syncDirectory(file.getParent());
  }

  /**
   * Makes the rename itself durable. Best effort: some platforms (Windows) cannot open a folder
   * as a channel, and there the rename is already as durable as the file system makes it.
   */
  private static void syncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // not fatal: the file content is already on disk and the rename has happened
    }
  }

  static void deleteQuietly(Path tmp) {
    try {
      Files.deleteIfExists(tmp);
    } catch (IOException e) {
      // the original error matters more than a leftover temporary file
    }
  }
}
