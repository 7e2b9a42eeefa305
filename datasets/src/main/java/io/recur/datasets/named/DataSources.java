package io.recur.datasets.named;

import static java.util.Objects.requireNonNull;

import io.recur.io.InputFiles;
import io.recur.io.InputLines;
import io.recur.spi.DataContext;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where a dataset's data comes from: {@code source:}, a named dataset in the data directory
 * (downloaded when missing), or {@code path:}, any local file or folder. Every dataset that reads
 * named data declares the two parameters through {@link #source} and {@link #path} and resolves
 * them here, so the rules and messages are the same everywhere.
 *
 * <p>EXPERIMENTAL (issue 4).
 */
public final class DataSources {
  private DataSources() {}

  /** {@code source:}, restricted to the named datasets that fit the dataset type. */
  public static ParamSpec<String> source(String... names) {
    return ParamSpec.ofChoice("source", names).optional()
        .doc("a named dataset, read from the data directory (--data-dir, RECUR_DATA, ~/.cache/recur/data) and"
            + " downloaded when missing; or give path");
  }

  /** {@code path:}, a file or folder relative to the experiment file's folder. */
  public static ParamSpec<String> path(String what) {
    return ParamSpec.ofString("path").optional()
        .doc(what + ", relative to the experiment file's folder; or give source");
  }

  /**
   * The file a dataset reads: the named dataset's (single) file, fetched when missing, or the
   * given path.
   *
   * @param who names the dataset in messages: {@code dataset 'text'}
   * @param known the named datasets {@code source} may name, for the message when neither is given
   * @throws RecurException when both or neither of source and path are given, or the file is missing
   */
  public static Path file(String who, String source, String path, List<String> known, DataContext context,
      NamedData named) {
    return resolve(who, source, path, known, context, named, false);
  }

  /** As {@link #file}, for datasets that read a folder of files (every file of the named dataset). */
  public static Path folder(String who, String source, String path, List<String> known, DataContext context,
      NamedData named) {
    return resolve(who, source, path, known, context, named, true);
  }

  private static Path resolve(String who, String source, String path, List<String> known, DataContext context,
      NamedData named, boolean folder) {
    requireNonNull(context, "context is null");
    requireNonNull(named, "named is null");
    if (source != null && path != null) {
      throw new RecurException(who + ": give either source (a named dataset) or path (a "
          + (folder ? "folder" : "file") + "), not both; got source '" + source + "' and path '" + path + "'");
    }
    if (source == null && path == null) {
      throw new RecurException(who + ": no data given; set source to a named dataset (" + String.join(", ", known)
          + ") or path to a " + (folder ? "folder" : "file") + " relative to the experiment file's folder");
    }
    if (source != null) {
      NamedDataset dataset = NamedData.dataset(source, who);
      return folder ? named.folder(dataset, context.dataDirectory()) : named.file(dataset, context.dataDirectory());
    }
    Path p = context.configDirectory().resolve(path).normalize();
    if (folder ? !Files.isDirectory(p) : !Files.isRegularFile(p)) {
      throw new RecurException(who + ": " + p + ": " + (Files.exists(p)
          ? (folder ? "not a folder" : "not a file")
          : (folder ? "folder" : "file") + " not found") + " (path is relative to the experiment file's folder)");
    }
    return p;
  }

  /**
   * The whole of a UTF-8 text file, a leading byte-order mark dropped and CR LF line ends turned
   * into LF.
   *
   * @throws RecurException naming the file when it is missing or not UTF-8
   */
  public static String readText(Path file) {
    if (Files.notExists(file) && !Files.isSymbolicLink(file)) {
      throw new RecurException(file + ": file not found");
    }
    // a regular file only (not a folder, a link loop, /dev/zero), of at most InputFiles.MAX_TEXT_BYTES
    String text = InputFiles.readUtf8(file, InputFiles.MAX_TEXT_BYTES, "a UTF-8 text file");
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.replace("\r\n", "\n");
  }

  /**
   * The longest line, in characters, that a dataset of one item a line takes when the config sets
   * no {@code max_length}: {@link InputLines#MAX_LINE_CHARS}, the limit {@code predict} and {@code
   * evaluate} read their input with. A longer line is almost surely a file of another kind (no line
   * breaks, minified JSON), and padding every item to its length would exhaust the memory.
   */
  public static final int MAX_LINE_CHARS = InputLines.MAX_LINE_CHARS;

  /**
   * Refuses a line of {@code text} longer than {@link #MAX_LINE_CHARS}, naming the file and line.
   *
   * @param hint what to do about it, appended to the message
   */
  public static void requireShortLines(String text, Path file, String hint) {
    int line = 1;
    int start = 0;
    int n = text.length();
    for (int i = 0; i <= n; i++) {
      if (i == n || text.charAt(i) == '\n') {
        int length = i - start;
        if (length > 0 && text.charAt(i - 1) == '\r') {
          length--;
        }
        if (length > MAX_LINE_CHARS) {
          throw new RecurException(file + ":" + line + ": a line of " + length + " characters, more than the "
              + MAX_LINE_CHARS + " one item may have; " + hint);
        }
        line++;
        start = i + 1;
      }
    }
  }

  /**
   * The number of cells of {@code arrays} padded {@code [n, longest]} float arrays, checked in long
   * arithmetic against what a Java array and the JVM's heap can hold.
   *
   * @param where names the dataset in messages
   * @param longestPlace names the longest item ({@code file:line})
   * @param hint what to do about it, appended to the message
   * @return {@code n * longest} as an int
   * @throws RecurException when the product overflows or cannot be allocated
   */
  public static int paddedCells(int n, int longest, int arrays, String where, String longestPlace, String hint) {
    long cells;
    long bytes;
    try {
      cells = Math.multiplyExact((long) n, (long) longest);
      bytes = Math.multiplyExact(Math.multiplyExact(cells, (long) Float.BYTES), (long) arrays);
    } catch (ArithmeticException e) {
      throw new RecurException(where + ": " + n + " items padded to the longest (" + longest + " steps, " + longestPlace
          + ") overflow 64-bit arithmetic; " + hint);
    }
    Runtime rt = Runtime.getRuntime();
    long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
    if (cells > Integer.MAX_VALUE - 8 || bytes > free) {
      throw new RecurException(where + ": " + n + " items padded to the longest (" + longest + " steps, " + longestPlace
          + ") take " + cells + " cells (" + InputFiles.human(bytes) + "), more than "
          + (cells > Integer.MAX_VALUE - 8 ? "one array holds (2^31 cells)" : "the memory the JVM has left ("
          + InputFiles.human(free) + ")") + "; " + hint);
    }
    return (int) cells;
  }
}
