package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;

/**
 * One jar of a loaded plugin and its SHA-256, as provenance and saved models record it.
 *
 * @param path the jar as the user gave it (relative paths stay relative, for messages)
 * @param sha256 lowercase hex digest of the jar's bytes, as {@code sha256sum} prints it
 */
public record PluginJar(Path path, String sha256) {
  public PluginJar {
    requireNonNull(path, "path is null");
    requireNonNull(sha256, "sha256 is null");
  }

  /** The jar's file name, e.g. {@code recur-plugin-example-0.1.0.jar}. */
  public String fileName() {
    return path.getFileName().toString();
  }
}
