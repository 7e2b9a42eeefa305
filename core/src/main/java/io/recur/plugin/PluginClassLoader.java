package io.recur.plugin;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;

/**
 * The class loader of one plugin (Trino's {@code PluginClassLoader}). Classes whose names start
 * with one of the SPI packages come from Recur's own loader, so the plugin and Recur share one
 * {@code RecurPlugin}, {@code Tensor} and {@code RandomGenerator}; every other class comes from
 * the JDK or the plugin's own jars, so a plugin's dependencies never clash with Recur's or with
 * another plugin's.
 *
 * <p>The parent is the platform class loader, not the application class loader: a plugin must
 * not see Recur's internals or Recur's dependencies (SnakeYAML, picocli), or it would depend on
 * versions it does not control and break when they change.
 */
public final class PluginClassLoader extends URLClassLoader {
  static {
    ClassLoader.registerAsParallelCapable();
  }

  private final PluginInfo plugin;
  private final ClassLoader spiClassLoader;
  private final List<String> spiPackages;
  private final List<String> spiResources;

  /**
   * @param plugin the plugin whose jars make up this loader's class path
   * @param spiClassLoader Recur's loader, which defines the SPI classes
   * @param spiPackages package prefixes ending in '.', e.g. {@code io.recur.spi.}
   */
  public PluginClassLoader(PluginInfo plugin, ClassLoader spiClassLoader, List<String> spiPackages) {
    super("plugin " + requireNonNull(plugin, "plugin is null").name(), urls(plugin), ClassLoader.getPlatformClassLoader());
    this.plugin = plugin;
    this.spiClassLoader = requireNonNull(spiClassLoader, "spiClassLoader is null");
    this.spiPackages = List.copyOf(spiPackages);
    this.spiResources = this.spiPackages.stream().map(p -> p.replace('.', '/')).toList();
  }

  private static URL[] urls(PluginInfo plugin) {
    URL[] urls = new URL[plugin.jars().size()];
    for (int i = 0; i < urls.length; i++) {
      try {
        urls[i] = plugin.jars().get(i).path().toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("cannot form a URL for " + plugin.jars().get(i).path(), e);
      }
    }
    return urls;
  }

  /** The plugin this loader serves. */
  public PluginInfo plugin() {
    return plugin;
  }

  /** The plugin jar that defined {@code type}, if this loader defined it. */
  public Optional<PluginJar> jarOf(Class<?> type) {
    if (type.getClassLoader() != this) {
      return Optional.empty();
    }
    CodeSource cs = type.getProtectionDomain().getCodeSource();
    if (cs == null || cs.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path where = Path.of(cs.getLocation().toURI()).toAbsolutePath().normalize();
      return plugin.jars().stream().filter(j -> j.path().toAbsolutePath().normalize().equals(where)).findFirst();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** True for names the plugin shares with Recur instead of loading itself. */
  boolean isSpiClass(String name) {
    for (String p : spiPackages) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  private boolean isSpiResource(String name) {
    for (String p : spiResources) {
      if (name.startsWith(p)) {
        return true;
      }
    }
    return false;
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    synchronized (getClassLoadingLock(name)) {
      Class<?> c = findLoadedClass(name);
      if (c == null) {
        // SPI classes always come from Recur, even when a plugin jar bundles a copy of them
        c = isSpiClass(name) ? spiClassLoader.loadClass(name) : super.loadClass(name, false);
      }
      if (resolve) {
        resolveClass(c);
      }
      return c;
    }
  }

  @Override
  public URL getResource(String name) {
    return isSpiResource(name) ? spiClassLoader.getResource(name) : super.getResource(name);
  }

  @Override
  public Enumeration<URL> getResources(String name) throws IOException {
    return isSpiResource(name) ? spiClassLoader.getResources(name) : super.getResources(name);
  }

  @Override
  public String toString() {
    return "PluginClassLoader[" + plugin.name() + "]";
  }
}
