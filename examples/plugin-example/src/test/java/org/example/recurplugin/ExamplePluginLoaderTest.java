package org.example.recurplugin;

import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.testkit.PluginLoaderCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads this plugin the way {@code recur} will: packed into a jar, in its own class loader, next
 * to Recur's built-ins, with the SPI version and name clash checks.
 */
class ExamplePluginLoaderTest {
  @TempDir Path tmp;

  @Test
  void loadsAsAPluginJarWithAllThreeTypes() {
    Registry registry = PluginLoaderCheck.loadAsJar(ExamplePlugin.class, tmp);
    PluginLoaderCheck.assertFromPlugin(registry, Kind.LAYER, "attention-pool", "ExamplePlugin.jar");
    PluginLoaderCheck.assertFromPlugin(registry, Kind.LOSS, "focal", "ExamplePlugin.jar");
    PluginLoaderCheck.assertFromPlugin(registry, Kind.DATASET, "fasta", "ExamplePlugin.jar");
  }
}
