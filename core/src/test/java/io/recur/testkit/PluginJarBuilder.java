package io.recur.testkit;

import static java.util.Objects.requireNonNull;

import io.recur.plugin.PluginManager;
import io.recur.plugin.SpiVersion;
import io.recur.spi.RecurPlugin;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Writes plugin jars for tests: classes taken from the test class path (with their nested
 * classes), a {@code META-INF/services/io.recur.spi.RecurPlugin} naming the providers, and a
 * manifest with {@code Recur-Spi-Version} (the current one unless told otherwise). Loader tests
 * use it to build good and broken plugins; a plugin's own tests use {@link #addClassesOf} to pack
 * its compiled classes into a jar before the build has made one.
 *
 * <pre>{@code
 * Path jar = PluginJarBuilder.create().addClassesOf(MyPlugin.class).writeTo(tmp.resolve("my.jar"));
 * }</pre>
 */
public final class PluginJarBuilder {
  private final Map<String, byte[]> entries = new LinkedHashMap<>();
  private final List<String> providers = new ArrayList<>();
  private String spiVersion = String.valueOf(SpiVersion.CURRENT);

  private PluginJarBuilder() {}

  public static PluginJarBuilder create() {
    return new PluginJarBuilder();
  }

  /** The manifest's {@code Recur-Spi-Version}, written as given (tests write bad ones on purpose). */
  public PluginJarBuilder spiVersion(String version) {
    this.spiVersion = requireNonNull(version, "version is null");
    return this;
  }

  /** Leaves {@code Recur-Spi-Version} out of the manifest. */
  public PluginJarBuilder withoutSpiVersion() {
    this.spiVersion = null;
    return this;
  }

  /** Adds {@code plugin}'s class (and nested classes) and names it in the service file. */
  public PluginJarBuilder provider(Class<? extends RecurPlugin> plugin) {
    addClass(plugin);
    return provider(plugin.getName());
  }

  /** Names a provider class in the service file without adding it (it may be missing on purpose). */
  public PluginJarBuilder provider(String className) {
    providers.add(requireNonNull(className, "className is null"));
    return this;
  }

  /** Adds the bytes of {@code type} and of its nested and anonymous classes. */
  public PluginJarBuilder addClass(Class<?> type) {
    String binary = type.getName().replace('.', '/');
    String outer = binary.substring(binary.lastIndexOf('/') + 1);
    String folder = binary.substring(0, binary.lastIndexOf('/') + 1);
    forEachEntry(type, (name, bytes) -> {
      if (name.startsWith(folder) && name.endsWith(".class")) {
        String simple = name.substring(folder.length());
        if (simple.equals(outer + ".class") || (simple.startsWith(outer + "$") && !simple.contains("/"))) {
          entries.put(name, bytes.get());
        }
      }
    });
    if (!entries.containsKey(binary + ".class")) {
      throw new IllegalArgumentException("no class file found for " + type.getName());
    }
    return this;
  }

  /**
   * Adds everything of the class folder or jar {@code anyClass} was loaded from: a plugin's whole
   * {@code target/classes}, its service file included.
   */
  public PluginJarBuilder addClassesOf(Class<?> anyClass) {
    forEachEntry(anyClass, (name, bytes) -> {
      if (!name.equals(JarFile.MANIFEST_NAME)) {
        entries.put(name, bytes.get());
      }
    });
    return this;
  }

  /** Adds every file under {@code root} (a classes folder), named by its path relative to it. */
  public PluginJarBuilder addTree(Path root) {
    forEachFile(root, (name, bytes) -> {
      if (!name.equals(JarFile.MANIFEST_NAME)) {
        entries.put(name, bytes.get());
      }
    });
    return this;
  }

  /** Adds an entry as is (a resource, a corrupt class file). */
  public PluginJarBuilder entry(String name, byte[] bytes) {
    entries.put(requireNonNull(name, "name is null"), bytes.clone());
    return this;
  }

  /** Writes the jar (creating parent folders) and returns its path. */
  public Path writeTo(Path jar) {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (spiVersion != null) {
      manifest.getMainAttributes().putValue(SpiVersion.MANIFEST_ATTRIBUTE, spiVersion);
    }
    Map<String, byte[]> all = new LinkedHashMap<>(entries);
    if (!providers.isEmpty()) {
      String existing = all.containsKey(PluginManager.SERVICE_FILE)
          ? new String(all.get(PluginManager.SERVICE_FILE), StandardCharsets.UTF_8) : "";
      all.put(PluginManager.SERVICE_FILE, (existing + String.join("\n", providers) + "\n").getBytes(StandardCharsets.UTF_8));
    }
    try {
      if (jar.getParent() != null) {
        Files.createDirectories(jar.getParent());
      }
      try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
        for (Map.Entry<String, byte[]> e : all.entrySet()) {
          out.putNextEntry(new JarEntry(e.getKey()));
          out.write(e.getValue());
          out.closeEntry();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + jar, e);
    }
    return jar;
  }

  @FunctionalInterface
  private interface EntryVisitor {
    void visit(String name, BytesSupplier bytes) throws IOException;
  }

  @FunctionalInterface
  private interface BytesSupplier {
    byte[] get() throws IOException;
  }

  /** Visits every file of the class folder or jar that {@code type} came from, by entry name. */
  private static void forEachEntry(Class<?> type, EntryVisitor visitor) {
    Path root;
    try {
      root = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException | NullPointerException e) {
      throw new IllegalArgumentException("cannot tell where " + type.getName() + " was loaded from", e);
    }
    forEachFile(root, visitor);
  }

  /** Visits every file of a class folder or jar, by entry name. */
  private static void forEachFile(Path root, EntryVisitor visitor) {
    try {
      if (Files.isDirectory(root)) {
        try (Stream<Path> files = Files.walk(root)) {
          for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
            String name = root.relativize(f).toString().replace(f.getFileSystem().getSeparator(), "/");
            visitor.visit(name, () -> Files.readAllBytes(f));
          }
        }
      } else {
        try (JarFile jar = new JarFile(root.toFile())) {
          Enumeration<JarEntry> e = jar.entries();
          while (e.hasMoreElements()) {
            JarEntry entry = e.nextElement();
            if (!entry.isDirectory()) {
              visitor.visit(entry.getName(), () -> {
                try (InputStream in = jar.getInputStream(entry)) {
                  return in.readAllBytes();
                }
              });
            }
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the classes of " + root, e);
    }
  }
}
