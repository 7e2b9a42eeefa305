package io.recur.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.io.Sha256;
import io.recur.registry.Registry;
import io.recur.spi.Kind;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginProvenanceTest {
  @TempDir Path tmp;

  private ExperimentSpec experiment(Registry registry, String data, String layer) throws IOException {
    Path yaml = Files.writeString(tmp.resolve("exp.yaml"), String.join("\n",
        "name: echo-test",
        "data: " + data,
        "model:",
        "  layers:",
        "    - {type: " + layer + "}",
        "loss: mse",
        "optimizer: {type: sgd, learning_rate: 0.1}",
        ""));
    return new ExperimentLoader(registry).load(yaml);
  }

  @Test
  void typesUsedGroupsThePluginTypesByTheJarTheyCameFrom() throws IOException {
    Path jar = FixtureJars.echo(tmp.resolve("echo.jar"));
    Registry registry = FixtureJars.load(jar);
    List<Map<String, Object>> used = PluginProvenance.typesUsed(experiment(registry, "echo-data", "echo"), registry);
    assertEquals(List.of(Map.of(
        "jar", "echo.jar",
        "sha256", Sha256.ofFile(jar),
        "types", Map.of("layer", List.of("echo"), "dataset", List.of("echo-data")))), used);
    assertEquals(List.of("layer", "dataset"), List.copyOf(((Map<?, ?>) used.get(0).get("types")).keySet()),
        "kinds in their fixed order");
  }

  @Test
  void anExperimentOfBuiltInsOnlyRecordsNoPlugin() throws IOException {
    Path jar = FixtureJars.echo(tmp.resolve("echo.jar"));
    Registry registry = FixtureJars.load(jar);
    // the dataset is the plugin's, the rest built in: only the dataset is recorded
    List<Map<String, Object>> used = PluginProvenance.typesUsed(experiment(registry, "echo-data", "echo"), registry);
    assertEquals(1, used.size());
    assertEquals(List.of(), PluginProvenance.jars(FixtureJars.load()));
  }

  @Test
  void aMissingPluginTypeIsNamedWithTheJarItCameFrom() {
    List<Map<String, Object>> recorded = List.of(Map.of("jar", "echo.jar", "sha256", "0123456789abcdef0123",
        "types", Map.of("layer", List.of("echo"), "dataset", List.of("echo-data"))));
    Registry builtIns = FixtureJars.load();
    RecurException e = assertThrows(RecurException.class,
        () -> PluginProvenance.requireTypes("run/model/model.yaml", recorded, builtIns, EnumSet.of(Kind.LAYER)));
    assertEquals("run/model/model.yaml: this model needs layer type 'echo' from plugin jar echo.jar (sha256 "
        + "0123456789ab…), which is not registered; give echo.jar with --plugins DIR, RECUR_PLUGINS or the config's "
        + "plugins: list", e.getMessage());
    e = assertThrows(RecurException.class,
        () -> PluginProvenance.requireTypes("model.yaml", recorded, builtIns, EnumSet.allOf(Kind.class)));
    assertEquals("model.yaml: this model needs layer type 'echo' from plugin jar echo.jar (sha256 0123456789ab…), "
        + "dataset type 'echo-data' from plugin jar echo.jar (sha256 0123456789ab…), which are not registered; give "
        + "echo.jar with --plugins DIR, RECUR_PLUGINS or the config's plugins: list", e.getMessage());
  }

  @Test
  void recordedTypesThatAreRegisteredPass() {
    Path jar = FixtureJars.echo(tmp.resolve("echo.jar"));
    List<Map<String, Object>> recorded = List.of(Map.of("jar", "echo.jar", "sha256", "00",
        "types", Map.of("layer", List.of("echo"))));
    PluginProvenance.requireTypes("model.yaml", recorded, FixtureJars.load(jar), EnumSet.allOf(Kind.class));
    PluginProvenance.requireTypes("model.yaml", null, FixtureJars.load(), EnumSet.allOf(Kind.class));
  }

  @Test
  void aMalformedPluginSectionIsNamed() {
    RecurException e = assertThrows(RecurException.class,
        () -> PluginProvenance.requireTypes("model.yaml", List.of("echo.jar"), FixtureJars.load(), EnumSet.allOf(Kind.class)));
    assertEquals("model.yaml: plugins[0]: expected a list of {jar, sha256, types} maps, got echo.jar", e.getMessage());
  }
}
