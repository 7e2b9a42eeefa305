package io.recur.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Reads an experiment file and the chain of files it {@code extends:}, merged with {@link
 * ConfigMerge} (each file over its base). The base path is relative to the extending file's
 * folder. The {@code extends} key is consumed here and never reaches validation.
 */
final class ExtendsResolver {
  static final String EXTENDS = "extends";

  private final YamlReader reader;

  ExtendsResolver(YamlReader reader) {
    this.reader = requireNonNull(reader, "reader is null");
  }

  /** The file merged over all its bases, as one top-level map without {@code extends}. */
  ConfigNode.Mapping read(Path file) {
    return read(file, file.toString(), new ArrayList<>());
  }

  private ConfigNode.Mapping read(Path file, String display, List<Visit> chain) {
    chain.add(new Visit(file.toAbsolutePath().normalize(), display));
    ConfigNode.Mapping top = topLevelMap(file, display);
    ConfigNode ext = top.get(EXTENDS);
    if (ext == null) {
      return top;
    }
    if (!(ext instanceof ConfigNode.Scalar s) || !(s.value() instanceof String name) || name.isBlank()) {
      throw new ConfigException(ext.location(), EXTENDS,
          "found " + Found.describe(ext) + "; expected the path of a base YAML file, relative to " + display);
    }
    Path base = file.resolveSibling(name).normalize();
    String baseDisplay = base.toString();
    Path baseKey = base.toAbsolutePath().normalize();
    for (Visit v : chain) {
      if (v.file().equals(baseKey)) {
        String cycle = chain.stream().map(Visit::display).collect(Collectors.joining(" -> "));
        throw new ConfigException(s.location(), EXTENDS, "cycle " + cycle + " -> " + baseDisplay
            + "; a file cannot extend itself, directly or through others");
      }
    }
    if (!Files.isRegularFile(base)) {
      throw new ConfigException(s.location(), EXTENDS, "file '" + name + "' not found (looked for "
          + baseDisplay + "); expected a YAML file path relative to " + display);
    }
    ConfigNode.Mapping merged = read(base, baseDisplay, chain);
    return (ConfigNode.Mapping) ConfigMerge.merge(merged, top.without(EXTENDS));
  }

  private ConfigNode.Mapping topLevelMap(Path file, String display) {
    String expected = "expected a map of experiment keys (" + String.join(", ", TopLevel.names()) + ")";
    ConfigNode root = reader.readFile(file, display)
        .orElseThrow(() -> new ConfigException(display, "", "the file is empty; " + expected));
    if (root instanceof ConfigNode.Mapping m) {
      return m;
    }
    throw new ConfigException(root.location(), "", "the top level is " + Found.describe(root) + "; " + expected);
  }

  private record Visit(Path file, String display) {}
}
