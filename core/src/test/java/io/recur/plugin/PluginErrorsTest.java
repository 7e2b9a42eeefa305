package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.builtin.CorePlugin;
import io.recur.plugin.fixtures.BadParamNamePlugin;
import io.recur.plugin.fixtures.BadTypeNamePlugin;
import io.recur.plugin.fixtures.ClashingLossPlugin;
import io.recur.plugin.fixtures.DuplicateParamPlugin;
import io.recur.plugin.fixtures.EchoPlugin;
import io.recur.plugin.fixtures.ExplodingPlugin;
import io.recur.plugin.fixtures.GreeterPlugin;
import io.recur.plugin.fixtures.InternalsPlugin;
import io.recur.plugin.fixtures.Losses;
import io.recur.plugin.fixtures.NotAPlugin;
import io.recur.plugin.fixtures.NullListPlugin;
import io.recur.plugin.fixtures.ReservedParamPlugin;
import io.recur.plugin.fixtures.dep.Greeter;
import io.recur.registry.Registry;
import io.recur.testkit.PluginJarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One test per way a plugin can fail to load, each asserting the one message the user sees. */
class PluginErrorsTest {
  private static final String API = "io.recur.spi, io.recur.tensor, io.recur.io, org.apache.commons.math3, "
      + "com.google.inject, jakarta.inject";

  @TempDir Path tmp;

  private Path jar(String name, PluginJarBuilder builder) {
    return builder.writeTo(tmp.resolve(name));
  }

  @Test
  void aPluginBuiltAgainstANewerSpiIsRefused() {
    Path jar = jar("future.jar", PluginJarBuilder.create().provider(EchoPlugin.class).spiVersion("4"));
    assertEquals(jar + ": built against plugin SPI 4, but this Recur loads plugins built against SPI 1 to 3; "
        + "rebuild the plugin against this Recur's recur-core or use a newer Recur", FixtureJars.error(jar));
  }

  @Test
  void pluginsBuiltAgainstOlderSpisStillLoad() {
    // SPI 2 and 3 only added defaults and types for layers, losses and the rest, so these keep working unchanged
    for (String version : new String[] {"1", "2"}) {
      Path jar = jar("older-" + version + ".jar", PluginJarBuilder.create().provider(EchoPlugin.class).spiVersion(version));
      io.recur.testkit.PluginLoaderCheck.assertFromPlugin(FixtureJars.load(jar), io.recur.spi.Kind.LAYER, "echo",
          "older-" + version + ".jar");
    }
  }

  @Test
  void aTrialExecutorBuiltAgainstAnOlderSpiIsRefused() {
    Path jar = jar("old-executor.jar", PluginJarBuilder.create().addClass(io.recur.plugin.fixtures.EchoExecutor.class)
        .entry(PluginManager.EXECUTOR_SERVICE_FILE, "io.recur.plugin.fixtures.EchoExecutor\n".getBytes(
            java.nio.charset.StandardCharsets.UTF_8)).spiVersion("2"));
    assertEquals(jar + ": its trial executor is built against plugin SPI 2, but trial executors need SPI 3 or newer"
        + " (the executor contract changed); rebuild it against this Recur's recur-core (see docs/sweeps.md)",
        FixtureJars.error(jar));
  }

  @Test
  void aTrialExecutorListedWhereSpi2ListedThemIsToldWhereTheContractWent() {
    Path jar = jar("legacy-executor.jar", PluginJarBuilder.create().entry(PluginManager.LEGACY_EXECUTOR_SERVICE_FILE,
        "org.example.OldExecutor\n".getBytes(java.nio.charset.StandardCharsets.UTF_8)).spiVersion("2"));
    assertEquals(jar + ": lists a trial executor in META-INF/services/io.recur.sweep.TrialExecutor, the executor contract"
        + " of plugin SPI 2 and older; since SPI 3 an executor implements io.recur.spi.sweep.TrialExecutor, listed in"
        + " META-INF/services/io.recur.spi.sweep.TrialExecutor; rebuild it against this Recur's recur-core (see"
        + " docs/sweeps.md)", FixtureJars.error(jar));
  }

  @Test
  void aPluginBuiltAgainstAnUnsupportedOlderSpiIsRefused() {
    Path jar = jar("ancient.jar", PluginJarBuilder.create().provider(EchoPlugin.class).spiVersion("0"));
    assertEquals(jar + ": built against plugin SPI 0, but this Recur loads plugins built against SPI 1 to 3; "
        + "rebuild the plugin against this Recur's recur-core", FixtureJars.error(jar));
  }

  @Test
  void aPluginWithoutAnSpiVersionIsRefused() {
    Path jar = jar("unversioned.jar", PluginJarBuilder.create().provider(EchoPlugin.class).withoutSpiVersion());
    assertEquals(jar + ": the jar manifest has no Recur-Spi-Version; a plugin must state the plugin SPI it was built "
        + "against (this Recur provides SPI 1 to 3); have maven-jar-plugin write 'Recur-Spi-Version: 3' (see docs/plugins.md)",
        FixtureJars.error(jar));
  }

  @Test
  void anSpiVersionThatIsNotANumberIsRefused() {
    Path jar = jar("odd.jar", PluginJarBuilder.create().provider(EchoPlugin.class).spiVersion("one"));
    assertEquals(jar + ": Recur-Spi-Version 'one' is not a whole number; expected the plugin SPI version it was built "
        + "against, e.g. 3", FixtureJars.error(jar));
  }

  @Test
  void aTypeNameThatABuiltInHasIsRefused() {
    Path jar = jar("clash.jar", PluginJarBuilder.create().provider(ClashingLossPlugin.class).addClass(Losses.class));
    assertEquals(jar + ": loss type 'mse' is already registered by a built-in (" + Registry.sourceOf(CorePlugin.class)
        + "); plugin types need their own names", FixtureJars.error(jar));
  }

  @Test
  void aTypeNameThatAnotherPluginHasIsRefused() {
    Path first = FixtureJars.echo(tmp.resolve("plugins/a-echo.jar"));
    Path second = FixtureJars.echo(tmp.resolve("plugins/b-echo.jar"));
    assertEquals(second + ": layer type 'echo' is already registered by " + first
        + " (EchoPlugin); plugin types need their own names", FixtureJars.error(tmp.resolve("plugins")));
  }

  @Test
  void aFileThatIsNotAJarIsRefused() throws IOException {
    Path jar = Files.writeString(tmp.resolve("broken.jar"), "this is text, not a zip");
    String message = FixtureJars.error(jar);
    assertTrue(message.startsWith(jar + ": not a jar file ("), message);
    assertTrue(message.endsWith("); a plugin is a jar built against recur-core, or a folder of such a jar and its "
        + "dependencies' jars"), message);
  }

  @Test
  void aJarWithoutAServiceFileIsRefused() {
    Path jar = jar("no-service.jar", PluginJarBuilder.create().addClass(Greeter.class));
    assertEquals(jar + ": no plugin in it: the jar has no META-INF/services/io.recur.spi.RecurPlugin; list the class "
        + "that implements io.recur.spi.RecurPlugin there (see docs/plugins.md). A plugin's dependency jar belongs in a "
        + "plugin folder with the plugin's jar", FixtureJars.error(jar));
  }

  @Test
  void aPluginFolderWithoutAServiceFileInAnyJarIsRefused() {
    Path folder = tmp.resolve("plugins/greeter");
    PluginJarBuilder.create().addClass(Greeter.class).writeTo(folder.resolve("dep.jar"));
    PluginJarBuilder.create().addClass(GreeterPlugin.class).writeTo(folder.resolve("greeter.jar"));
    assertEquals(folder + ": no plugin in it: none of its jars has a META-INF/services/io.recur.spi.RecurPlugin; list "
        + "the class that implements io.recur.spi.RecurPlugin there (see docs/plugins.md)",
        FixtureJars.error(tmp.resolve("plugins")));
  }

  @Test
  void aServiceFileNamingNoClassIsRefused() {
    Path jar = jar("empty.jar", PluginJarBuilder.create()
        .entry(PluginManager.SERVICE_FILE, "# nothing here yet\n".getBytes(StandardCharsets.UTF_8)));
    assertEquals(jar + ": no plugin in it: META-INF/services/io.recur.spi.RecurPlugin lists no class; list the class "
        + "that implements io.recur.spi.RecurPlugin there (see docs/plugins.md)", FixtureJars.error(jar));
  }

  @Test
  void aProviderClassThatIsMissingIsRefused() {
    Path jar = jar("missing.jar", PluginJarBuilder.create().provider("io.recur.plugin.fixtures.NoSuchPlugin"));
    assertEquals(jar + ": its plugin class failed to load: Provider io.recur.plugin.fixtures.NoSuchPlugin not found",
        FixtureJars.error(jar));
  }

  @Test
  void aProviderWhoseInitialiserThrowsIsRefused() {
    Path jar = jar("exploding.jar", PluginJarBuilder.create().provider(ExplodingPlugin.class));
    assertEquals(jar + ": its plugin class failed to load: Provider io.recur.plugin.fixtures.ExplodingPlugin could not "
        + "be instantiated; ExceptionInInitializerError; IllegalStateException: boom while initialising",
        FixtureJars.error(jar));
  }

  @Test
  void aProviderThatIsNotARecurPluginIsRefused() {
    Path jar = jar("not-a-plugin.jar", PluginJarBuilder.create().addClass(NotAPlugin.class)
        .provider(NotAPlugin.class.getName()));
    assertEquals(jar + ": its plugin class failed to load: io.recur.plugin.fixtures.NotAPlugin not a subtype",
        FixtureJars.error(jar));
  }

  @Test
  void aPluginUsingRecurInternalsIsToldWhatThePluginApiIs() {
    Path jar = jar("internals.jar", PluginJarBuilder.create().provider(InternalsPlugin.class));
    assertEquals(jar + ": io.recur.plugin.fixtures.InternalsPlugin.layers() failed: NoClassDefFoundError: "
        + "io/recur/registry/Registry; ClassNotFoundException: io.recur.registry.Registry; io.recur.registry.Registry "
        + "is not part of Recur's plugin API: plugins see only the packages " + API + " (see docs/plugins.md)",
        FixtureJars.error(jar));
  }

  @Test
  void aPluginMissingADependencyJarIsToldWhereToPutIt() {
    Path jar = jar("greeter.jar", PluginJarBuilder.create().provider(GreeterPlugin.class));
    assertEquals(jar + ": its plugin class failed to load: Provider io.recur.plugin.fixtures.GreeterPlugin could not "
        + "be instantiated; NoClassDefFoundError: io/recur/plugin/fixtures/dep/Greeter; ClassNotFoundException: "
        + "io.recur.plugin.fixtures.dep.Greeter; the plugin needs io.recur.plugin.fixtures.dep.Greeter, which neither "
        + "Recur's plugin API nor the plugin's jars provide; put the jar holding it next to the plugin's jar in a "
        + "plugin folder (see docs/plugins.md)", FixtureJars.error(jar));
  }

  @Test
  void aTypeNameThatIsNotKebabCaseIsRefused() {
    Path jar = jar("bad-name.jar", PluginJarBuilder.create().provider(BadTypeNamePlugin.class).addClass(Losses.class));
    assertEquals(jar + ": loss type name 'Focal_Loss' (io.recur.plugin.fixtures.Losses$Named) must be lowercase kebab "
        + "case, like 'attention-pool'", FixtureJars.error(jar));
  }

  @Test
  void aParameterNameThatIsNotSnakeCaseIsRefused() {
    Path jar = jar("bad-param.jar", PluginJarBuilder.create().provider(BadParamNamePlugin.class).addClass(Losses.class));
    assertEquals(jar + ": loss type 'focal' declares parameter 'Gamma'; parameter names are lowercase snake case, "
        + "like 'learning_rate'", FixtureJars.error(jar));
  }

  @Test
  void aParameterNamedLikeAConfigKeyIsRefused() {
    Path jar = jar("reserved.jar", PluginJarBuilder.create().provider(ReservedParamPlugin.class).addClass(Losses.class));
    assertEquals(jar + ": loss type 'focal' declares parameter 'type', a key the config format reserves; choose "
        + "another name", FixtureJars.error(jar));
  }

  @Test
  void aParameterDeclaredTwiceIsRefused() {
    Path jar = jar("twice.jar", PluginJarBuilder.create().provider(DuplicateParamPlugin.class).addClass(Losses.class));
    assertEquals(jar + ": loss type 'focal' declares parameter 'gamma' twice", FixtureJars.error(jar));
  }

  @Test
  void aListMethodReturningNullIsRefused() {
    Path jar = jar("null.jar", PluginJarBuilder.create().provider(NullListPlugin.class));
    assertEquals(jar + ": io.recur.plugin.fixtures.NullListPlugin.losses() returned null; return List.of() when the "
        + "plugin has no losses", FixtureJars.error(jar));
  }

  @Test
  void aPluginPathThatDoesNotExistIsRefused() {
    assertEquals("--plugins: no plugin jar or folder at '" + tmp.resolve("nope") + "'", FixtureJars.error(tmp.resolve("nope")));
  }

  @Test
  void aPluginSubFolderWithoutJarsIsRefused() throws IOException {
    Path sub = Files.createDirectories(tmp.resolve("plugins/half-copied"));
    Files.writeString(sub.resolve("notes.txt"), "the jar is still downloading");
    assertEquals(sub + ": a plugin folder must hold the plugin's jar and its dependencies' jars; found no .jar file in it",
        FixtureJars.error(tmp.resolve("plugins")));
  }

  @Test
  void oneBadPluginFailsTheWholeLoadAndNamesOnlyItself() {
    FixtureJars.echo(tmp.resolve("plugins/a-good.jar"));
    Path bad = jar("plugins/b-bad.jar", PluginJarBuilder.create().provider(EchoPlugin.class).spiVersion("9"));
    String message = FixtureJars.error(tmp.resolve("plugins"));
    assertTrue(message.startsWith(bad + ": built against plugin SPI 9"), message);
  }
}
