package io.recur.testkit;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.TypeFactory;
import java.util.Optional;
import java.util.SortedSet;

/**
 * What {@link PluginLoaderCheck} loaded: the registered types, seen through SPI types only, so a
 * plugin's tests depend on nothing but the plugin API and the kit.
 *
 * <pre>{@code
 * LoadedPlugins loaded = PluginLoaderCheck.loadAsJar(MyPlugin.class, tmp);
 * loaded.assertFromPlugin(Kind.LAYER, "my-layer", "MyPlugin.jar");
 * LayerFactory f = (LayerFactory) loaded.factory(Kind.LAYER, "my-layer").orElseThrow();
 * }</pre>
 */
public final class LoadedPlugins {
  private final Registry registry;

  LoadedPlugins(Registry registry) {
    this.registry = registry;
  }

  /** Every registered name of {@code kind}: the built-ins of the test class path and the plugins loaded. */
  public SortedSet<String> names(Kind kind) {
    return registry.names(kind);
  }

  /**
   * The registered factory of {@code kind/name}, as Recur calls it (for a plugin type, a wrapper
   * that runs the plugin's factory with the plugin's class loader as context loader).
   */
  public Optional<TypeFactory> factory(Kind kind, String name) {
    return registry.find(kind, name).map(Registry.Entry::factory);
  }

  /**
   * Asserts that {@code kind/name} is registered, came from the plugin jar named {@code
   * jarFileName}, and was defined by that plugin's own class loader.
   */
  public void assertFromPlugin(Kind kind, String name, String jarFileName) {
    PluginLoaderCheck.assertFromPlugin(registry, kind, name, jarFileName);
  }
}
