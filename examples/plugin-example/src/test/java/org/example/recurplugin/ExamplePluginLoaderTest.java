package org.example.recurplugin;

import io.recur.spi.Kind;
import io.recur.testkit.LoadedPlugins;
import io.recur.testkit.PluginLoaderCheck;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads this plugin the way {@code recur} will: packed into a jar, in its own class loader, next
 * to Recur's built-ins, with the SPI version and name clash checks (against every built-in of a
 * full Recur, not only those of this test class path).
 */
class ExamplePluginLoaderTest {
  @TempDir Path tmp;

  @Test
  void loadsAsAPluginJarWithAllFourTypes() {
    LoadedPlugins loaded = PluginLoaderCheck.loadAsJar(ExamplePlugin.class, tmp);
    loaded.assertFromPlugin(Kind.LAYER, "attention-pool", "ExamplePlugin.jar");
    loaded.assertFromPlugin(Kind.LOSS, "focal", "ExamplePlugin.jar");
    loaded.assertFromPlugin(Kind.DATASET, "fasta", "ExamplePlugin.jar");
    loaded.assertFromPlugin(Kind.CELL, "mgu", "ExamplePlugin.jar");
  }
}
