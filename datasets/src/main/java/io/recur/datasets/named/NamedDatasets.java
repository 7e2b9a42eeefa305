package io.recur.datasets.named;

import io.recur.datasets.named.NamedDataset.RemoteFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The named datasets of issue 4, with the sources named in the course's {@code data/README.md}.
 * Digests are those of the mirror's files ({@code ../shared/data}), which equal the pinned
 * upstream files (airline passengers after its CR line ends become LF), except for {@code names}:
 * the mirror holds a stratified 80% of the upstream lines (the rest is held back for evaluation),
 * so no digest of the mirror can check the upstream files, and those downloads are not verified.
 *
 * <p>EXPERIMENTAL (issue 4).
 */
public final class NamedDatasets {
  public static final String DINOS = "dinos";
  public static final String NAMES = "names";
  public static final String TINY_SHAKESPEARE = "tinyshakespeare";
  public static final String AIRLINE_PASSENGERS = "airline-passengers";

  /** The 18 languages of the PyTorch names tutorial, one file each. */
  static final List<String> LANGUAGES = List.of("Arabic", "Chinese", "Czech", "Dutch", "English", "French",
      "German", "Greek", "Irish", "Italian", "Japanese", "Korean", "Polish", "Portuguese", "Russian", "Scottish",
      "Spanish", "Vietnamese");

  private static final List<NamedDataset> ALL = List.of(
      new NamedDataset(AIRLINE_PASSENGERS, "airline_passengers", "facebook/prophet", "181f447",
          "MIT (Copyright (c) Facebook, Inc. and its affiliates)",
          List.of(new RemoteFile("airline_passengers.csv", "examples/example_air_passengers.csv",
              "9b87193cce5f3381a1fb66bc9400d70cbde4e3ced87bce8888e0ac45dd47ab4e", true))),
      new NamedDataset(DINOS, "dinos", "botkop/scorch", "cdf2c33", "BSD-2-Clause (the repository's)",
          List.of(new RemoteFile("dinos.txt", "src/test/resources/dinos.txt",
              "23419fb654e9524af06752d7b8fbe0816300481dda4fbf1866bff07406c29781", false))),
      new NamedDataset(NAMES, "names", "spro/practical-pytorch", "ff2b4c4", "MIT (Copyright (c) 2017 Sean Robertson)",
          languageFiles()),
      new NamedDataset(TINY_SHAKESPEARE, "tinyshakespeare", "karpathy/char-rnn", "6f9487a",
          "MIT (the repository's); the text is in the public domain",
          List.of(new RemoteFile("input.txt", "data/tinyshakespeare/input.txt",
              "86c4e6aa9db7c042ec79f339dcb96d42b0075e16b8fc2e86bf0ca57e2dc565ed", false))));

  private NamedDatasets() {}

  /** Every named dataset, sorted by name. */
  public static List<NamedDataset> all() {
    return ALL;
  }

  /** The names, sorted. */
  public static List<String> names() {
    return ALL.stream().map(NamedDataset::name).toList();
  }

  public static Optional<NamedDataset> find(String name) {
    return ALL.stream().filter(d -> d.name().equals(name)).findFirst();
  }

  private static List<RemoteFile> languageFiles() {
    List<RemoteFile> files = new ArrayList<>();
    for (String language : LANGUAGES) {
      // NOTE: no digest: the mirror's copy is a subset of the upstream file, see the class comment
      files.add(new RemoteFile(language + ".txt", "data/names/" + language + ".txt", null, false));
    }
    return List.copyOf(files);
  }
}
