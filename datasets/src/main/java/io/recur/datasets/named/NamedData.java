package io.recur.datasets.named;

import static java.util.Objects.requireNonNull;

import io.recur.datasets.named.NamedDataset.RemoteFile;
import io.recur.io.AtomicFiles;
import io.recur.spi.RecurException;
import io.recur.spi.Suggestions;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Finds the files of named datasets in the data directory ({@code --data-dir}, {@code
 * RECUR_DATA}, or {@code ~/.cache/recur/data}), downloading a missing file from its pinned public
 * source the way Keras' {@code get_file} and torchvision's {@code download=True} do. When the
 * download cannot be made (no network, a server error, a digest that does not match) it stops
 * with a {@link RecurException} saying where to get the file and where to put it. Files already
 * present are used as they are: a user may keep their own copy.
 *
 * <p>Thread-safe; files are written atomically, so two runs fetching the same file at once each
 * leave a whole file. EXPERIMENTAL (issue 4).
 */
public final class NamedData {
  private final Downloader downloader;
  private final Consumer<String> log;

  /**
   * @param log receives one line per download started and finished (the CLI prints them to
   *     stderr, as Keras prints "Downloading data from …")
   */
  public NamedData(Downloader downloader, Consumer<String> log) {
    this.downloader = requireNonNull(downloader, "downloader is null");
    this.log = requireNonNull(log, "log is null");
  }

  /** Downloads from raw.githubusercontent.com and reports on stderr. */
  public static NamedData standard() {
    return new NamedData(Downloader.github(), line -> System.err.println("recur: " + line));
  }

  /**
   * The named dataset {@code name}.
   *
   * @param who names the asker in messages, e.g. {@code dataset 'text'}
   * @throws RecurException listing the known names, with a suggestion for a near miss
   */
  public static NamedDataset dataset(String name, String who) {
    return NamedDatasets.find(name).orElseThrow(() -> new RecurException(who + ": unknown named dataset '" + name
        + "'" + Suggestions.knownAndSuggestion(name, NamedDatasets.names())));
  }

  /** Whether {@code file} is in the data directory. */
  public static boolean present(NamedDataset dataset, RemoteFile file, Path dataDirectory) {
    return Files.isRegularFile(dataset.path(dataDirectory, file));
  }

  /** The files of {@code dataset} missing from the data directory, in catalog order. */
  public static List<RemoteFile> missing(NamedDataset dataset, Path dataDirectory) {
    List<RemoteFile> out = new ArrayList<>();
    for (RemoteFile f : dataset.files()) {
      if (!present(dataset, f, dataDirectory)) {
        out.add(f);
      }
    }
    return out;
  }

  /**
   * The path of the single file of {@code dataset} (its first file), downloaded first when it is
   * missing.
   */
  public Path file(NamedDataset dataset, Path dataDirectory) {
    RemoteFile f = dataset.primary();
    if (!present(dataset, f, dataDirectory)) {
      download(dataset, List.of(f), dataDirectory);
    }
    return dataset.path(dataDirectory, f);
  }

  /** The folder of {@code dataset}, every missing file downloaded first. */
  public Path folder(NamedDataset dataset, Path dataDirectory) {
    download(dataset, missing(dataset, dataDirectory), dataDirectory);
    return dataset.folder(dataDirectory);
  }

  /**
   * Downloads every file of {@code dataset} that is missing; with {@code replace}, every file.
   *
   * @return the files written
   */
  public List<Path> fetch(NamedDataset dataset, Path dataDirectory, boolean replace) {
    List<RemoteFile> files = replace ? dataset.files() : missing(dataset, dataDirectory);
    download(dataset, files, dataDirectory);
    return files.stream().map(f -> dataset.path(dataDirectory, f)).toList();
  }

  private void download(NamedDataset dataset, List<RemoteFile> files, Path dataDirectory) {
    for (RemoteFile f : files) {
      Path target = dataset.path(dataDirectory, f);
      log.accept("downloading " + dataset.folder() + "/" + f.file() + " from " + downloader.url(dataset, f));
      byte[] bytes;
      try {
        bytes = downloader.fetch(dataset, f);
      } catch (Downloader.Failure e) {
        throw new RecurException(unavailable(dataset, f, dataDirectory, e.getMessage()));
      }
      try {
        AtomicFiles.write(target, bytes);
      } catch (UncheckedIOException e) {
        throw new RecurException(unavailable(dataset, f, dataDirectory, "cannot save it: " + e.getCause().getMessage()),
            e);
      }
      log.accept(String.format(Locale.ROOT, "saved %s (%,d bytes, %s)", target, bytes.length,
          f.sha256() == null ? "no pinned sha256 to check" : "sha256 verified"));
    }
  }

  /** "where to get it and where to put it", for a file that is missing and could not be fetched. */
  String unavailable(NamedDataset dataset, RemoteFile f, Path dataDirectory, String reason) {
    String relative = dataset.folder() + "/" + f.file();
    return "named dataset '" + dataset.name() + "': " + relative + " is not in the data directory " + dataDirectory
        + " and could not be downloaded (" + reason + "). Download it from " + downloader.url(dataset, f)
        + " (" + dataset.repository() + ", " + f.remotePath() + " at commit " + dataset.commit() + ") and save it as "
        + dataset.path(dataDirectory, f) + ", or point --data-dir or RECUR_DATA at a folder that holds " + relative;
  }
}
