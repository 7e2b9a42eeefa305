package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A file written piece by piece (predictions streamed as they are made) that replaces its target
 * only whole: the bytes go to a temporary file {@code .NAME.<uuid>.tmp} in the target's folder
 * (as {@link AtomicFiles} does), and only {@link #commit()} syncs it and renames it over the
 * target in one atomic step. {@link #close()} without a commit deletes the temporary file, so a
 * failed run leaves an existing output as it was and no half-written file behind.
 *
 * <pre>{@code
 * try (AtomicOutput out = AtomicOutput.open(target)) {
 *   Writer w = out.writer();
 *   ... w.write(line) ...
 *   out.commit();
 * }
 * }</pre>
 *
 * <p>Failures to write (a full disk, a folder that cannot be written) are thrown as {@link
 * RecurException} naming the target, also from the {@link #stream()} and {@link #writer()}
 * methods that declare {@link IOException}. Not thread-safe.
 */
public final class AtomicOutput implements Closeable {
  private static final int BUFFER = 1 << 16;

  private enum State { OPEN, COMMITTED, CLOSED }

  private final Path target;
  private final Path file;
  private final Path tmp;
  private final FileChannel channel;
  private final OutputStream stream;
  private Writer writer;
  private State state = State.OPEN;

  private AtomicOutput(Path target, Path file, Path tmp, FileChannel channel) {
    this.target = target;
    this.file = file;
    this.tmp = tmp;
    this.channel = channel;
    this.stream = new BufferedOutputStream(new Guarded(Channels.newOutputStream(channel)), BUFFER) {
      @Override
      public void close() {
        // a caller's try-with-resources on the stream must not end the output before commit()
        flush();
      }

      @Override
      public void flush() {
        try {
          super.flush();
        } catch (IOException e) {
          throw failure(AtomicOutput.this.target, e);
        }
      }
    };
  }

  /**
   * Starts writing {@code target}, creating missing parent folders; nothing visible changes at
   * {@code target} until {@link #commit()}.
   *
   * @throws RecurException naming {@code target} when it is a directory or its folder cannot be
   *     written
   */
  public static AtomicOutput open(Path target) {
    requireNonNull(target, "target is null");
    Path file = target.toAbsolutePath();
    if (Files.isDirectory(file)) {
      throw new RecurException(target + ": is a directory; give the name of a file to write");
    }
    Path tmp = AtomicFiles.temporaryFor(file);
    try {
      Files.createDirectories(file.getParent());
      FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      return new AtomicOutput(target, file, tmp, channel);
    } catch (IOException e) {
      AtomicFiles.deleteQuietly(tmp);
      throw failure(target, e);
    }
  }

  /** The file that {@link #commit()} replaces, as given to {@link #open}. */
  public Path target() {
    return target;
  }

  /**
   * The bytes of the output, buffered; closing it only flushes it. Use either this or {@link #writer()}, not both: the writer
   * buffers characters of its own.
   */
  public OutputStream stream() {
    requireOpen();
    return stream;
  }

  /**
   * A UTF-8 writer over {@link #stream()}, buffered; the same writer on every call. Closing it
   * only flushes it.
   */
  public Writer writer() {
    requireOpen();
    if (writer == null) {
      writer = new BufferedWriter(new OutputStreamWriter(stream, UTF_8), BUFFER) {
        @Override
        public void close() throws IOException {
          // closing the writer only flushes it: the output ends with commit() or close() of this
          flush();
        }
      };
    }
    return writer;
  }

  /**
   * Flushes what was written, forces it to disk and renames the temporary file over the target.
   * Afterwards the output is closed; {@link #close()} does nothing more.
   *
   * @throws RecurException naming the target when the data cannot be written or renamed; the
   *     temporary file is then deleted and an existing target left as it was
   * @throws IllegalStateException when already committed or closed
   */
  public void commit() {
    requireOpen();
    try {
      if (writer != null) {
        writer.flush();
      }
      stream.flush();
      // without this the rename can reach the disk before the data, and a crash leaves an empty file
      channel.force(true);
      channel.close();
      AtomicFiles.replace(tmp, file);
      state = State.COMMITTED;
    } catch (IOException e) {
      abandon();
      throw failure(target, e);
    } catch (RuntimeException | Error e) {
      abandon();
      throw e;
    }
  }

  /** Without a {@link #commit()}, deletes the temporary file; the target keeps what it had. Idempotent. */
  @Override
  public void close() {
    if (state == State.OPEN) {
      abandon();
    }
  }

  private void abandon() {
    state = State.CLOSED;
    try {
      channel.close();
    } catch (IOException e) {
      // the temporary file is deleted below either way
    }
    AtomicFiles.deleteQuietly(tmp);
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new IllegalStateException(target + ": output already " + (state == State.COMMITTED ? "committed" : "closed"));
    }
  }

  private static RecurException failure(Path target, IOException e) {
    return AtomicFiles.failure(target, e);
  }

  /**
   * Turns the channel's {@link IOException}s (a full disk) into a {@link RecurException} naming
   * the target, so they reach the user the same way whichever layer of buffering hits them.
   */
  private final class Guarded extends FilterOutputStream {
    Guarded(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
      if (state != State.OPEN) {
        throw new IllegalStateException(target + ": output already " + (state == State.COMMITTED ? "committed" : "closed"));
      }
      try {
        out.write(b, off, len);
      } catch (IOException e) {
        throw failure(target, e);
      }
    }

    @Override
    public void flush() {
      try {
        out.flush();
      } catch (IOException e) {
        throw failure(target, e);
      }
    }

    @Override
    public void close() {
      // the channel is closed by commit() or close() of the AtomicOutput, not by a wrapping writer
    }
  }
}
