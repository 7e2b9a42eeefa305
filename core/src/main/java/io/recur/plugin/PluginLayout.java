package io.recur.plugin;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Turns plugin sources into plugins: a jar is one plugin; in a plugins folder each jar is one
 * plugin and each sub-folder of jars is one plugin with its own dependencies. Other files in a
 * plugins folder (a README) and hidden entries are skipped. A plugin named twice (by {@code
 * --plugins} and by {@code RECUR_PLUGINS}, say) is loaded once.
 */
final class PluginLayout {
  static final String JAR_SUFFIX = ".jar";

  /**
   * One plugin to load.
   *
   * @param name the jar or folder as messages show it ({@code plugins/example.jar})
   * @param jars the plugin's class path, sorted by file name
   * @param origin who named the source it came from
   */
  record Unit(String name, Path location, List<Path> jars, String origin) {
    Unit {
      jars = List.copyOf(jars);
    }
  }

  private PluginLayout() {}

  static List<Unit> expand(List<PluginSource> sources) {
    List<Unit> units = new ArrayList<>();
    Set<Path> seen = new HashSet<>();
    for (PluginSource source : sources) {
      Path path = source.path();
      if (!Files.exists(path)) {
        throw new RecurException(source.origin() + ": no plugin jar or folder at '" + path + "'");
      }
      List<Unit> found = Files.isDirectory(path) ? folder(path, source.origin())
          : List.of(new Unit(path.toString(), path, List.of(path), source.origin()));
      for (Unit u : found) {
        if (seen.add(realPath(u.location()))) {
          units.add(u);
        }
      }
    }
    return units;
  }

  private static List<Unit> folder(Path folder, String origin) {
    List<Unit> units = new ArrayList<>();
    for (Path entry : list(folder)) {
      String name = entry.getFileName().toString();
      if (name.startsWith(".")) {
        continue;
      }
      if (Files.isDirectory(entry)) {
        List<Path> jars = list(entry).stream().filter(PluginLayout::isJarFile).toList();
        if (jars.isEmpty()) {
          throw new RecurException(entry + ": a plugin folder must hold the plugin's jar and its dependencies' jars; "
              + "found no .jar file in it");
        }
        units.add(new Unit(entry.toString(), entry, jars, origin));
      } else if (isJarFile(entry)) {
        units.add(new Unit(entry.toString(), entry, List.of(entry), origin));
      }
    }
    return units;
  }

  private static boolean isJarFile(Path p) {
    return Files.isRegularFile(p) && p.getFileName().toString().endsWith(JAR_SUFFIX)
        && !p.getFileName().toString().startsWith(".");
  }

  /** The folder's entries sorted by name, so plugins load in the same order on every machine. */
  private static List<Path> list(Path folder) {
    try (Stream<Path> s = Files.list(folder)) {
      return s.sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list plugin folder " + folder + ": " + e.getMessage(), e);
    }
  }

  private static Path realPath(Path p) {
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return p.toAbsolutePath().normalize();
    }
  }
}
