package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginListTest {
  @TempDir Path tmp;

  private Path write(String name, String... lines) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, String.join("\n", lines) + "\n");
  }

  @Test
  void pathsAreRelativeToTheFileThatListsThem() throws IOException {
    Files.createDirectories(tmp.resolve("exp/plugins"));
    Files.createDirectories(tmp.resolve("shared/more"));
    write("shared/base.yaml", "plugins: [more]");
    Path exp = write("exp/exp.yaml", "extends: ../shared/base.yaml", "plugins:", "  - plugins");
    assertEquals(List.of(new PluginList.Entry(tmp.resolve("exp/plugins"), exp + ":3:5")), PluginList.read(exp, List.of()));
    Path inherits = write("exp/inherits.yaml", "extends: ../shared/base.yaml");
    assertEquals(List.of(new PluginList.Entry(tmp.resolve("shared/more"), tmp.resolve("exp/../shared/base.yaml")
        .normalize() + ":1:11")), PluginList.read(inherits, List.of()));
  }

  @Test
  void aSetOverrideIsRelativeToTheWorkingDirectory() throws IOException {
    Path exp = write("exp.yaml", "name: x");
    Path absolute = Files.createDirectories(tmp.resolve("p"));
    assertEquals(List.of(new PluginList.Entry(absolute, "--set plugins=[" + absolute + "]")),
        PluginList.read(exp, List.of("plugins=[" + absolute + "]")));
  }

  @Test
  void noPluginsKeyMeansNoPlugins() throws IOException {
    assertEquals(List.of(), PluginList.read(write("exp.yaml", "name: x"), List.of()));
  }

  @Test
  void pluginsMustBeAList() throws IOException {
    Path exp = write("exp.yaml", "plugins: plugins/example.jar");
    assertEquals(exp + ":1:10: plugins: expected a list of plugin jars or plugin folders, relative to this file, got "
        + "'plugins/example.jar'", assertThrows(ConfigException.class, () -> PluginList.read(exp, List.of())).getMessage());
  }

  @Test
  void anEntryMustBeAPath() throws IOException {
    Path exp = write("exp.yaml", "plugins: [{jar: x}]");
    assertEquals(exp + ":1:11: plugins[0]: expected the path of a plugin jar or plugin folder, got a map",
        assertThrows(ConfigException.class, () -> PluginList.read(exp, List.of())).getMessage());
  }

  @Test
  void anEntryMustExist() throws IOException {
    Path exp = write("exp.yaml", "plugins:", "  - plugins/missing.jar");
    assertEquals(exp + ":2:5: plugins[0]: no plugin jar or folder at 'plugins/missing.jar' (looked for "
        + tmp.resolve("plugins/missing.jar").toAbsolutePath() + "); paths are relative to " + exp,
        assertThrows(ConfigException.class, () -> PluginList.read(exp, List.of())).getMessage());
  }

  @Test
  void theExperimentValidatesWithThePluginsKeyAndKeepsThemAbsoluteInTheResolvedConfig() throws IOException {
    Files.createDirectories(tmp.resolve("plugins"));
    Path exp = write("exp.yaml", "name: x", "plugins: [plugins]", "data: dummy-string", "model:", "  layers: [{type: dense, units: 2}]",
        "loss: bce", "optimizer: {type: sgd, learning_rate: 0.1}");
    ExperimentSpec spec = new ExperimentLoader(FakePlugin.registry()).load(exp);
    assertEquals(List.of(tmp.resolve("plugins").toAbsolutePath().normalize().toString()), spec.resolved().get("plugins"),
        "absolute, so the run directory's config.yaml finds them");
    Path without = write("without.yaml", "name: x", "data: dummy-string", "model:", "  layers: [{type: dense, units: 2}]",
        "loss: bce", "optimizer: {type: sgd, learning_rate: 0.1}");
    assertEquals(false, new ExperimentLoader(FakePlugin.registry()).load(without).resolved().containsKey("plugins"),
        "configs without plugins resolve as before");
  }
}
