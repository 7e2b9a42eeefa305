package io.recur.datasets.named;

import static java.util.Objects.requireNonNull;

import io.recur.spi.DataContext;
import io.recur.spi.ParamSpec;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new RecurException(file + ": file not found");
    } catch (CharacterCodingException e) {
      throw new RecurException(file + ": not UTF-8 text; save the file as UTF-8");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text.replace("\r\n", "\n");
  }
}
