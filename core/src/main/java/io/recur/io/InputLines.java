package io.recur.io;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.recur.spi.RecurException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The lines of a text input file ({@code predict --input}, {@code evaluate}, {@code serve}), read
 * lazily as strict UTF-8: only the line being read is held in memory, so a file of any size can be
 * streamed.
 *
 * <pre>{@code
 * try (InputLines lines = InputLines.open(file)) {
 *   for (InputLines.Line line : lines) {
 *     if (!line.isBlank()) { ... line.number() ... line.text() ... }
 *   }
 *   lines.requireAny();
 * }
 * }</pre>
 *
 * <p>Every line is returned, blank ones included, numbered from 1, so callers can skip blanks and
 * still name lines as an editor numbers them. A line ends at LF; a CR before the LF is not part
 * of its text; a last line without LF counts; a UTF-8 byte order mark at the start of the file is
 * skipped. Problems are thrown as {@link RecurException}, naming the file and, for content, the
 * line and the byte offset (0-based, counted from the start of the file) of the first bad byte:
 * bytes that are not UTF-8, a NUL byte (binary data), a line longer than {@link
 * #MAX_LINE_CHARS}. They are thrown when iteration reaches the line that holds them; the lines
 * before have been returned. Not thread-safe; iterable once.
 */
public final class InputLines implements Closeable, Iterable<InputLines.Line> {
  /**
   * The longest line accepted, in chars. One item a line is a sentence or a sequence of numbers;
   * a longer line is almost surely a file of another kind (a minified JSON document, a file
   * without newlines), and refusing it keeps a wrong file from being built into one huge string.
   */
  public static final int MAX_LINE_CHARS = 1_000_000;

  /** What {@link #requireAny()} says after {@code "FILE: "}, for callers that check on their own. */
  public static final String NO_LINES = "no input lines (the file is empty or every line is blank); expected one item a line";

  private static final int BUFFER = 1 << 16;
  private static final char BOM = '\uFEFF';

  /**
   * One line of the file.
   *
   * @param number 1-based, blank lines counted
   * @param text without its LF or CRLF terminator
   */
  public record Line(long number, String text) {
    public Line {
      requireNonNull(text, "text is null");
    }

    /** True for an empty line or one of white space only. */
    public boolean isBlank() {
      return text.isBlank();
    }
  }

  private final Path file;
  private final FileChannel channel;
  private final CharsetDecoder decoder = UTF_8.newDecoder()
      .onMalformedInput(CodingErrorAction.REPORT)
      .onUnmappableCharacter(CodingErrorAction.REPORT);
  private final ByteBuffer in = ByteBuffer.allocate(BUFFER).flip();
  private final CharBuffer out = CharBuffer.allocate(BUFFER).flip();
  private final StringBuilder line = new StringBuilder();
  /** The file offset of {@code in}'s index 0. */
  private long base;
  private boolean endOfFile;
  /** Every byte has been decoded, the decoder flushed. */
  private boolean decoded;
  /** A problem found while decoding ahead, thrown once the lines before it have been returned. */
  private Problem pending;
  /** Lines returned so far. */
  private long lines;
  /** A char of the line in progress has been read (so a last line without LF is a line). */
  private boolean lineOpen;
  /** No char of the file has been read yet: the place of a byte order mark. */
  private boolean atStart = true;
  private boolean sawNonBlank;
  private boolean iterated;
  private boolean exhausted;
  private boolean closed;

  private record Problem(long offset, boolean nul) {}

  private InputLines(Path file, FileChannel channel) {
    this.file = file;
    this.channel = channel;
  }

  /**
   * Checks {@code file} and opens it for reading.
   *
   * @throws RecurException naming {@code file} when it does not exist, is a directory, a loop of
   *     symbolic links, not a regular file (a FIFO, a device, a socket) or cannot be read
   */
  public static InputLines open(Path file) {
    // checked before opening: opening a FIFO blocks until a writer comes, and /dev/zero never ends
    InputFiles.requireRegularFile(file, "a text file, one item a line", "no such file");
    try {
      return new InputLines(file, FileChannel.open(file, StandardOpenOption.READ));
    } catch (AccessDeniedException e) {
      throw new RecurException(file + ": cannot be read (permission denied)", e);
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + InputFiles.reason(e), e);
    }
  }

  /** The file, as given to {@link #open}. */
  public Path file() {
    return file;
  }

  /**
   * The next line, or null at the end of the file.
   *
   * @throws RecurException naming the file, the line and the byte offset for content that is not
   *     UTF-8 text, binary data, or a line longer than {@link #MAX_LINE_CHARS}
   */
  public Line next() {
    if (closed) {
      throw new IllegalStateException(file + ": already closed");
    }
    if (exhausted) {
      return null;
    }
    while (true) {
      while (out.hasRemaining()) {
        char c = out.get();
        if (c == '\n') {
          int end = line.length();
          if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
          }
          if (end > MAX_LINE_CHARS) {
            throw tooLong();
          }
          return emit(line.substring(0, end));
        }
        if (atStart) {
          atStart = false;
          if (c == BOM) {
            // the byte order mark some editors write first; it is not part of the text
            continue;
          }
        }
        // one char over the limit is kept for the CR of a CRLF line of exactly the limit
        if (line.length() > MAX_LINE_CHARS) {
          throw tooLong();
        }
        lineOpen = true;
        line.append(c);
      }
      if (pending != null) {
        throw pending.nul
            ? new RecurException(file + ":" + (lines + 1) + ": binary data (a NUL byte at byte offset " + pending.offset
                + "); expected text, one item a line")
            : new RecurException(file + ":" + (lines + 1) + ": not UTF-8 text (byte offset " + pending.offset
                + "); save the file as UTF-8");
      }
      if (decoded) {
        exhausted = true;
        if (line.length() > MAX_LINE_CHARS) {
          throw tooLong();
        }
        return lineOpen ? emit(line.toString()) : null;
      }
      decode();
    }
  }

  private RecurException tooLong() {
    return new RecurException(file + ":" + (lines + 1) + ": a line of more than " + MAX_LINE_CHARS
        + " characters; expected one item a line");
  }

  private Line emit(String text) {
    line.setLength(0);
    lineOpen = false;
    lines++;
    if (!sawNonBlank && !text.isBlank()) {
      sawNonBlank = true;
    }
    return new Line(lines, text);
  }

  /**
   * Decodes more bytes into {@code out} (which is empty), reading the file as needed; sets
   * {@link #pending} at the first bad byte and {@link #decoded} at the end.
   */
  private void decode() {
    out.clear();
    try {
      while (out.position() == 0 && pending == null && !decoded) {
        if (!in.hasRemaining() || (!endOfFile && in.remaining() < 4)) {
          // fewer than 4 bytes may be an incomplete sequence: read on before deciding
          fill();
        }
        int nul = indexOfNul();
        int limit = in.limit();
        if (nul >= 0) {
          // decode only up to the NUL, so that a bad sequence before it is reported first
          in.limit(nul);
        }
        CoderResult r = decoder.decode(in, out, endOfFile && nul < 0);
        in.limit(limit);
        if (r.isError()) {
          pending = new Problem(base + in.position(), false);
        } else if (r.isUnderflow() && nul >= 0) {
          // everything before the NUL is decoded unless an incomplete sequence stands right before it
          pending = new Problem(base + in.position(), in.position() == nul);
        } else if (r.isUnderflow() && endOfFile) {
          decoder.flush(out);
          decoded = true;
        }
      }
    } catch (IOException e) {
      throw new RecurException(file + ": cannot be read: " + InputFiles.reason(e), e);
    } finally {
      out.flip();
    }
  }

  /** Moves the unread bytes to the front of {@code in} and reads the file after them. */
  private void fill() throws IOException {
    base += in.position();
    in.compact();
    while (in.hasRemaining()) {
      int n = channel.read(in);
      if (n < 0) {
        endOfFile = true;
        break;
      }
      if (n == 0) {
        break;
      }
    }
    in.flip();
  }

  private int indexOfNul() {
    for (int i = in.position(); i < in.limit(); i++) {
      if (in.get(i) == 0) {
        return i;
      }
    }
    return -1;
  }

  /**
   * True when a line with text other than white space has been returned. With {@link
   * #requireAny()} callers tell an empty input apart after reading it.
   */
  public boolean sawNonBlank() {
    return sawNonBlank;
  }

  /**
   * Checks, after every line was read, that one of them was not blank.
   *
   * @throws RecurException {@code "FILE: "} + {@link #NO_LINES} when the file was empty or blank
   * @throws IllegalStateException when lines are left to read
   */
  public void requireAny() {
    if (!exhausted) {
      throw new IllegalStateException(file + ": requireAny() before the last line was read");
    }
    if (!sawNonBlank) {
      throw new RecurException(file + ": " + NO_LINES);
    }
  }

  /** The lines, for a for-each loop; may be called once. */
  @Override
  public Iterator<Line> iterator() {
    if (iterated) {
      throw new IllegalStateException(file + ": the lines can be iterated once");
    }
    iterated = true;
    return new Iterator<>() {
      private Line ahead;

      @Override
      public boolean hasNext() {
        if (ahead == null) {
          ahead = InputLines.this.next();
        }
        return ahead != null;
      }

      @Override
      public Line next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        Line l = ahead;
        ahead = null;
        return l;
      }
    };
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      try {
        channel.close();
      } catch (IOException e) {
        // nothing was written; a failure to close a file that was read changes nothing
      }
    }
  }
}
