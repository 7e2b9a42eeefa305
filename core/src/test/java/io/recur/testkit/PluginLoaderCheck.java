package io.recur.testkit;

import static java.util.Objects.requireNonNull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.plugin.PluginClassLoader;
import io.recur.plugin.PluginManager;
import io.recur.plugin.PluginOrigin;
import io.recur.plugin.PluginProvenance;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.RecurException;
import io.recur.spi.RecurPlugin;
import io.recur.spi.TypeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Loads plugins the way {@code recur} does (own class loader, SPI version check, name clash
 * check, all or nothing) so a plugin's tests can prove it loads:
 *
 * <pre>{@code
 * @Test void loadsAsAPluginJar(@TempDir Path tmp) {
 *   LoadedPlugins loaded = PluginLoaderCheck.loadAsJar(MyPlugin.class, tmp);
 *   loaded.assertFromPlugin(Kind.LAYER, "my-layer", "MyPlugin.jar");
 * }
 * }</pre>
 *
 * <p>Name clashes are checked against the built-ins of the test class path, as {@code recur}
 * does, and also against every built-in of a full Recur ({@link BuiltinTypes}): a plugin
 * project's tests see only {@code recur-core}, and a plugin layer named {@code dropout} must fail
 * here, not first in {@code recur plugins}.
 */
public final class PluginLoaderCheck {
  private PluginLoaderCheck() {}

  /**
   * The built-ins of the test class path plus the plugin jars or folders at {@code paths}. Your
   * own plugin's classes are on the test class path too, so they count as built-ins here; load
   * your own plugin with {@link #loadAsJar} instead.
   */
  public static LoadedPlugins load(Path... paths) {
    return new LoadedPlugins(load(PluginLoaderCheck.class.getClassLoader(), paths));
  }

  private static Registry load(ClassLoader recur, Path... paths) {
    List<PluginSource> sources = new ArrayList<>();
    for (Path p : paths) {
      sources.add(new PluginSource(p, "test"));
    }
    Registry registry = new PluginManager(recur, line -> { }).load(sources);
    refuseBuiltinNames(registry);
    return registry;
  }

  /**
   * The loader's own clash check sees only the built-ins on the class path; this one also knows
   * the built-ins a plugin project's tests do not have, with the loader's wording.
   */
  private static void refuseBuiltinNames(Registry registry) {
    for (Kind kind : Kind.values()) {
      for (Registry.Entry e : registry.entries(kind)) {
        PluginProvenance.origin(e.factory()).filter(o -> BuiltinTypes.contains(kind, e.name())).ifPresent(o -> {
          throw new RecurException(o.plugin().name() + ": " + kind.key() + " type '" + e.name()
              + "' is already registered by a built-in of Recur (recur plugins refuses it, even though this test "
              + "class path lacks that built-in); plugin types need their own names");
        });
      }
    }
  }

  /**
   * Packs the classes {@code plugin} was compiled with (its {@code target/classes}, service file
   * included) into {@code <SimpleName>.jar} under {@code tempDir} and loads that jar as a plugin.
   * The same classes are on the test class path; they are hidden from the built-ins here, so the
   * plugin does not clash with itself.
   */
  public static LoadedPlugins loadAsJar(Class<? extends RecurPlugin> plugin, Path tempDir) {
    Path jar = PluginJarBuilder.create().addClassesOf(plugin).writeTo(tempDir.resolve(plugin.getSimpleName() + ".jar"));
    return new LoadedPlugins(load(new HidingLoader(PluginLoaderCheck.class.getClassLoader(), codeSource(plugin)), jar));
  }

  /**
   * Asserts that {@code kind/name} is registered, came from a plugin jar named {@code jarFileName},
   * and that its factory was defined by that plugin's own class loader (so it is isolated from
   * the test class path's copy of the same class).
   *
   * <p>Takes Recur's internal {@link Registry} because Recur's own loader tests build registries
   * themselves; a plugin's tests call {@link LoadedPlugins#assertFromPlugin} instead.
   */
  public static void assertFromPlugin(Registry registry, Kind kind, String name, String jarFileName) {
    requireNonNull(registry, "registry is null");
    TypeFactory f = registry.find(kind, name).orElseThrow(() -> new AssertionError(kind.key() + " type '" + name
        + "' is not registered; known: " + registry.names(kind))).factory();
    PluginOrigin origin = PluginProvenance.origin(f).orElseThrow(() -> new AssertionError(kind.key() + " type '" + name
        + "' is registered, but as a built-in, not from a plugin jar"));
    assertEquals(jarFileName, origin.jar().fileName(), kind.key() + " type '" + name + "' came from another jar");
    Class<?> implementation = PluginProvenance.unwrap(f).getClass();
    assertInstanceOf(PluginClassLoader.class, implementation.getClassLoader(),
        kind.key() + " type '" + name + "' was not loaded by a plugin class loader");
    assertTrue(origin.jar().sha256().matches("[0-9a-f]{64}"), "sha256 of " + jarFileName);
    try {
      Class<?> onClassPath = Class.forName(implementation.getName(), false, PluginLoaderCheck.class.getClassLoader());
      assertNotSame(onClassPath, implementation, "the plugin's class is the test class path's, not its own");
    } catch (ClassNotFoundException e) {
      // not on the test class path at all: isolated by construction
    }
  }

  private static Path codeSource(Class<?> type) {
    try {
      return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(e);
    }
  }

  /** Recur's loader with one class folder's plugin service file hidden, so those classes are not built-ins. */
  private static final class HidingLoader extends ClassLoader {
    private final Path hidden;

    HidingLoader(ClassLoader parent, Path hidden) {
      super(parent);
      this.hidden = hidden;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      Enumeration<URL> all = super.getResources(name);
      if (!name.equals(PluginManager.SERVICE_FILE)) {
        return all;
      }
      List<URL> kept = new ArrayList<>();
      for (URL u : Collections.list(all)) {
        if (!isHidden(u)) {
          kept.add(u);
        }
      }
      return Collections.enumeration(kept);
    }

    /** True for a service file inside the hidden folder or jar ({@code file:…} or {@code jar:file:…!/…}). */
    private boolean isHidden(URL url) {
      String s = url.toString();
      if (s.startsWith("jar:") && s.contains("!/")) {
        s = s.substring("jar:".length(), s.indexOf("!/"));
      }
      try {
        return Path.of(new URI(s)).toAbsolutePath().normalize().startsWith(hidden);
      } catch (URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
        return false;
      }
    }
  }
}
