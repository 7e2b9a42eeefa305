package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.inject.Module;
import io.recur.io.Sha256;
import io.recur.plugin.fixtures.dep.Greeter;
import io.recur.spi.RecurPlugin;
import io.recur.tensor.Tensor;
import io.recur.testkit.PluginJarBuilder;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.math3.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginClassLoaderTest {
  @TempDir Path tmp;

  private PluginClassLoader loader(Path jar) {
    PluginInfo info = new PluginInfo(jar.toString(), jar, List.of(new PluginJar(jar, Sha256.ofFile(jar))));
    return new PluginClassLoader(info, PluginClassLoaderTest.class.getClassLoader(), PluginManager.SPI_PACKAGES);
  }

  @Test
  void spiClassesAreRecursOwnEvenWhenThePluginBundlesCopies() throws Exception {
    // a plugin that shaded recur-core into its jar still shares the one SPI
    Path jar = PluginJarBuilder.create().addClass(Greeter.class)
        .entry("io/recur/spi/RecurPlugin.class", "not a class file".getBytes(StandardCharsets.UTF_8))
        .writeTo(tmp.resolve("p.jar"));
    try (PluginClassLoader loader = loader(jar)) {
      assertSame(RecurPlugin.class, loader.loadClass("io.recur.spi.RecurPlugin"));
      assertSame(Tensor.class, loader.loadClass("io.recur.tensor.Tensor"));
      assertSame(RandomGenerator.class, loader.loadClass("org.apache.commons.math3.random.RandomGenerator"));
      assertSame(Module.class, loader.loadClass("com.google.inject.Module"));
      assertSame(Inject.class, loader.loadClass("jakarta.inject.Inject"));
    }
  }

  @Test
  void recurInternalsAndRecursDependenciesAreHidden() throws IOException {
    Path jar = PluginJarBuilder.create().addClass(Greeter.class).writeTo(tmp.resolve("p.jar"));
    try (PluginClassLoader loader = loader(jar)) {
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.recur.registry.Registry"));
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("io.recur.engine.Trainer"));
      assertThrows(ClassNotFoundException.class, () -> loader.loadClass("org.yaml.snakeyaml.Yaml"));
    }
  }

  @Test
  void theJdkAndThePluginsOwnClassesLoad() throws Exception {
    Path jar = PluginJarBuilder.create().addClass(Greeter.class).writeTo(tmp.resolve("p.jar"));
    try (PluginClassLoader loader = loader(jar)) {
      assertSame(String.class, loader.loadClass("java.lang.String"));
      assertSame(java.sql.Connection.class, loader.loadClass("java.sql.Connection"), "platform modules are visible");
      Class<?> greeter = loader.loadClass(Greeter.class.getName());
      assertSame(loader, greeter.getClassLoader());
      assertEquals(jar, loader.jarOf(greeter).orElseThrow().path());
      assertEquals(java.util.Optional.empty(), loader.jarOf(Greeter.class), "the test class path's copy is not the plugin's");
    }
  }

  @Test
  void toStringNamesThePlugin() throws IOException {
    Path jar = PluginJarBuilder.create().addClass(Greeter.class).writeTo(tmp.resolve("p.jar"));
    try (PluginClassLoader loader = loader(jar)) {
      assertEquals("PluginClassLoader[" + jar + "]", loader.toString());
    }
  }
}
