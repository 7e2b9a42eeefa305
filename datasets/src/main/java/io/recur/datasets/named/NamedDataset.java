package io.recur.datasets.named;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.util.List;

/**
 * A public dataset that configs name instead of a path ({@code source: dinos}): the folder it
 * lives in under the data directory, its files, and the public repository and commit they are
 * downloaded from. The layout under the data directory is the one of the course's data mirror
 * ({@code ../shared/data}): {@code dinos/dinos.txt}, {@code names/*.txt}, {@code
 * tinyshakespeare/input.txt}, {@code airline_passengers/airline_passengers.csv}.
 *
 * <p>EXPERIMENTAL (issue 4).
 *
 * @param name the name configs use, kebab case ({@code airline-passengers})
 * @param folder the folder under the data directory ({@code airline_passengers})
 * @param repository the GitHub repository the files come from, {@code owner/name}
 * @param commit the commit the files are pinned to (as the data README names it)
 * @param license the license of the source, for {@code recur data list}
 * @param files the files, at least one
 */
public record NamedDataset(String name, String folder, String repository, String commit, String license,
    List<RemoteFile> files) {
  public NamedDataset {
    requireNonNull(name, "name is null");
    requireNonNull(folder, "folder is null");
    requireNonNull(repository, "repository is null");
    requireNonNull(commit, "commit is null");
    requireNonNull(license, "license is null");
    files = List.copyOf(requireNonNull(files, "files is null"));
    if (files.isEmpty()) {
      throw new IllegalArgumentException("dataset '" + name + "' lists no files");
    }
  }

  /**
   * One file of a named dataset.
   *
   * @param file its name inside the dataset's folder ({@code dinos.txt})
   * @param remotePath its path inside the repository at the commit
   * @param sha256 the digest the saved file must have (lowercase hex), or {@code null} when the
   *     upstream file cannot be pinned (see {@link NamedDatasets#NAMES})
   * @param unixLineEnds whether a download is converted to LF line ends, every line ending with
   *     one, before the digest is checked (the source uses CR line ends, the mirror LF)
   */
  public record RemoteFile(String file, String remotePath, String sha256, boolean unixLineEnds) {
    public RemoteFile {
      requireNonNull(file, "file is null");
      requireNonNull(remotePath, "remotePath is null");
    }
  }

  /** The dataset's folder under {@code dataDirectory}. */
  public Path folder(Path dataDirectory) {
    return dataDirectory.resolve(folder);
  }

  /** Where {@code f} lives under {@code dataDirectory}. */
  public Path path(Path dataDirectory, RemoteFile f) {
    return folder(dataDirectory).resolve(f.file());
  }

  /** The file of a single-file dataset; the first file otherwise. */
  public RemoteFile primary() {
    return files.get(0);
  }

  /** {@code owner/name@commit}, as {@code recur data list} shows the source. */
  public String source() {
    return repository + "@" + commit;
  }
}
