package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Key;
import com.google.inject.name.Names;
import io.recur.io.Sha256;
import io.recur.plugin.fixtures.EchoExecutor;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.Layer;
import io.recur.spi.Params;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.sweep.TrialExecutors;
import io.recur.testkit.PluginJarBuilder;
import io.recur.testkit.PluginLoaderCheck;
import io.recur.testkit.TestContexts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginManagerTest {
  @TempDir Path tmp;

  @Test
  void aPluginJarRegistersItsTypesFromItsOwnClassLoaderNextToTheBuiltIns() {
    Path jar = FixtureJars.echo(tmp.resolve("plugins/echo.jar"));
    Registry registry = FixtureJars.load(tmp.resolve("plugins"));
    PluginLoaderCheck.assertFromPlugin(registry, Kind.LAYER, "echo", "echo.jar");
    PluginLoaderCheck.assertFromPlugin(registry, Kind.DATASET, "echo-data", "echo.jar");
    assertTrue(registry.find(Kind.LOSS, "mse").isPresent(), "built-ins stay");
    assertEquals(jar + " (EchoPlugin)", registry.find(Kind.LAYER, "echo").orElseThrow().source());
    assertTrue(PluginProvenance.origin(registry.find(Kind.LOSS, "mse").orElseThrow().factory()).isEmpty());
  }

  @Test
  void aPluginMayBringOnlyATrialExecutorWhichSeesTheSweepApiFromRecur() throws IOException {
    Path jar = PluginJarBuilder.create().addClass(EchoExecutor.class)
        .entry(PluginManager.EXECUTOR_SERVICE_FILE, (EchoExecutor.class.getName() + "\n").getBytes(StandardCharsets.UTF_8))
        .writeTo(tmp.resolve("plugins/echo-executor.jar"));
    Registry registry = FixtureJars.load(tmp.resolve("plugins"));
    Registry.ExecutorEntry entry = registry.executors().stream().filter(e -> e.name().equals("echo")).findFirst()
        .orElseThrow();
    assertEquals(jar + " (EchoExecutor)", entry.source());
    assertTrue(entry.executor().getClass().getClassLoader() instanceof PluginClassLoader);
    assertSame(TrialExecutor.class, entry.executor().getClass().getInterfaces()[0], "one TrialExecutor, Recur's");
    assertSame(entry.executor(), TrialExecutors.find("echo", registry, "--executor"));
    assertEquals(List.of("echo", "local"), TrialExecutors.all(registry).stream().map(TrialExecutor::name).toList());

    Files.copy(jar, tmp.resolve("echo-executor-copy.jar"));
    String twice = FixtureJars.error(tmp.resolve("plugins"), tmp.resolve("echo-executor-copy.jar"));
    assertTrue(twice.startsWith("trial executor 'echo' is registered twice: by " + jar + " (EchoExecutor) and by "), twice);
  }

  @Test
  void pluginCodeRunsWithThePluginAsContextClassLoaderAndTheCallersIsRestored() {
    FixtureJars.echo(tmp.resolve("echo.jar"));
    ClassLoader before = Thread.currentThread().getContextClassLoader();
    Registry registry = FixtureJars.load(tmp.resolve("echo.jar"));
    String expected = "PluginClassLoader[" + tmp.resolve("echo.jar") + "]";
    assertTrue(registry.layer("echo").doc().endsWith("listed with " + expected), registry.layer("echo").doc());
    Layer layer = registry.layer("echo").create(Params.of(Map.of("scale", 2.0)),
        TestContexts.build("e", new int[] {3}, 0, 1));
    assertEquals("echo created with " + expected, layer.toString());
    assertSame(before, Thread.currentThread().getContextClassLoader());
  }

  @Test
  void aPluginsGuiceModuleIsInstalledWithTheRegistry() {
    FixtureJars.echo(tmp.resolve("echo.jar"));
    Registry registry = FixtureJars.load(tmp.resolve("echo.jar"));
    assertEquals("hello from echo", Guice.createInjector(registry.guiceModules())
        .getInstance(Key.get(String.class, Names.named("echo.greeting"))));
  }

  @Test
  void inAPluginsFolderEachJarIsOnePluginAndEachSubFolderOnePluginWithItsDependencies() throws IOException {
    Path plugins = tmp.resolve("plugins");
    FixtureJars.echo(plugins.resolve("echo.jar"));
    FixtureJars.greeterFolder(plugins.resolve("greeter"));
    Files.writeString(plugins.resolve("README.txt"), "not a plugin; skipped");
    Registry registry = FixtureJars.load(plugins);

    assertEquals("hello, recur", registry.metric("greeting").doc(), "the dependency jar was on the plugin's class path");
    PluginLoaderCheck.assertFromPlugin(registry, Kind.METRIC, "greeting", "greeter.jar");
    List<PluginInfo> loaded = PluginProvenance.plugins(registry);
    assertEquals(List.of(plugins.resolve("echo.jar").toString(), plugins.resolve("greeter").toString()),
        loaded.stream().map(PluginInfo::name).toList());
    assertEquals(List.of("greeter-dep.jar", "greeter.jar"),
        loaded.get(1).jars().stream().map(PluginJar::fileName).toList());

    List<Map<String, Object>> provenance = PluginProvenance.jars(registry);
    assertEquals(3, provenance.size());
    for (Map<String, Object> jar : provenance) {
      assertEquals(Sha256.ofFile(Path.of((String) jar.get(PluginProvenance.PATH))), jar.get(PluginProvenance.SHA256));
    }
    assertEquals(List.of("echo.jar", "greeter-dep.jar", "greeter.jar"),
        provenance.stream().map(j -> j.get(PluginProvenance.JAR)).toList());
  }

  @Test
  void twoPluginsBundlingTheSameClassEachGetTheirOwnCopy() throws Exception {
    Path a = FixtureJars.greeterFolder(tmp.resolve("a/greeter"));
    Path b = FixtureJars.greeterFolder(tmp.resolve("b/greeter-too"));
    // the same metric name twice would clash; load them separately to compare the classes
    Registry first = FixtureJars.load(a.getParent());
    Registry second = FixtureJars.load(b.getParent());
    Class<?> greeterA = loaderOf(first).loadClass("io.recur.plugin.fixtures.dep.Greeter");
    Class<?> greeterB = loaderOf(second).loadClass("io.recur.plugin.fixtures.dep.Greeter");
    assertNotSame(greeterA, greeterB);
    assertNotSame(io.recur.plugin.fixtures.dep.Greeter.class, greeterA, "not the test class path's copy either");
  }

  private static ClassLoader loaderOf(Registry registry) {
    return PluginProvenance.unwrap(registry.metric("greeting")).getClass().getClassLoader();
  }

  @Test
  void aPluginNamedTwiceLoadsOnce() {
    FixtureJars.echo(tmp.resolve("plugins/echo.jar"));
    Registry registry = FixtureJars.load(tmp.resolve("plugins"), tmp.resolve("plugins/echo.jar"), tmp.resolve("plugins"));
    assertEquals(1, PluginProvenance.plugins(registry).size());
  }

  @Test
  void eachPluginTypeIsLoggedOnceAfterASuccessfulLoad() {
    Path jar = FixtureJars.echo(tmp.resolve("echo.jar"));
    List<String> lines = new ArrayList<>();
    FixtureJars.load(lines::add, jar);
    assertEquals(List.of("registered layer 'echo' from " + jar, "registered dataset 'echo-data' from " + jar,
        "installed Guice module io.recur.plugin.fixtures.EchoPlugin$3 from " + jar + " (EchoPlugin)"), lines);
  }

  @Test
  void withoutPluginsTheRegistryIsTheBuiltIns() {
    Registry plain = FixtureJars.load();
    Registry discovered = Registry.discover(PluginManagerTest.class.getClassLoader());
    for (Kind k : Kind.values()) {
      assertEquals(discovered.names(k), plain.names(k), k.key());
    }
    assertEquals(List.of(), PluginProvenance.jars(plain));
  }

  @Test
  void recurPluginsIsAPathListLikeTheClassPath() {
    String sep = java.io.File.pathSeparator;
    List<PluginSource> sources = PluginSource.fromEnvironment(Map.of("RECUR_PLUGINS", "a" + sep + " " + sep + "b/c.jar" + sep));
    assertEquals(List.of(new PluginSource(Path.of("a"), "RECUR_PLUGINS"), new PluginSource(Path.of("b/c.jar"), "RECUR_PLUGINS")),
        sources);
    assertEquals(List.of(), PluginSource.fromEnvironment(Map.of()));
  }
}
