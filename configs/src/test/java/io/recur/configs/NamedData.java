package io.recur.configs;

import io.recur.testkit.DataMirror;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Which file of the data mirror a shipped config's {@code source:} reads, for skipping (or failing) without it. */
final class NamedData {
  /** A file each named dataset needs in the mirror. */
  private static final Map<String, String> FILES = Map.of(
      "names", "names/Japanese.txt",
      "dinos", "dinos/dinos.txt",
      "tinyshakespeare", "tinyshakespeare/input.txt",
      "airline-passengers", "airline_passengers/airline_passengers.csv");
  private static final Pattern SOURCE = Pattern.compile("(?m)^\\s*source:\\s*([\\w-]+)");
  private static final Pattern EXTENDS = Pattern.compile("(?m)^extends:\\s*(\\S+)");

  private NamedData() {}

  /** Skips the calling test (or fails it where the mirror is required) when {@code config}'s named data is missing. */
  static void requireFor(Path config) {
    String text;
    try {
      text = Files.readString(config);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Matcher m = SOURCE.matcher(text);
    while (m.find()) {
      String file = FILES.get(m.group(1));
      if (file != null) {
        DataMirror.require(file);
      }
    }
    Matcher base = EXTENDS.matcher(text);
    if (base.find()) {
      requireFor(config.resolveSibling(base.group(1)));
    }
  }
}
