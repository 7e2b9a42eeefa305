package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.io.Sha256;
import io.recur.spi.RecurPlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.yaml.snakeyaml.Yaml;

/**
 * The example plugin end to end: built from {@code examples/plugin-example} (see {@link
 * ExamplePluginBuild}), put in a plugins folder, listed by {@code recur plugins}, used by an
 * experiment that trains with all three of its types, and predicted with, with and without the
 * plugin at hand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginEndToEndTest {
  private static final String JAR = "recur-plugin-example-0.1.0-SNAPSHOT.jar";

  private Path work;
  private Path plugins;
  private Path jar;

  @BeforeAll
  void buildTheExamplePluginIntoAPluginsFolder(@TempDir Path dir) throws IOException {
    work = dir;
    Path built = ExamplePluginBuild.jar(work.resolve("build"));
    assertEquals(JAR, built.getFileName().toString());
    plugins = Files.createDirectories(work.resolve("exp/plugins"));
    jar = Files.copy(built, plugins.resolve(JAR));
    writeFasta(work.resolve("exp/seqs.fa"));
    write("exp/promoters.yaml",
        "name: promoters",
        "seed: 7",
        "plugins: [plugins]          # relative to this file",
        "data:",
        "  type: fasta",
        "  files: [seqs.fa]",
        "  split: [0.75, 0.25, 0]",
        "model:",
        "  layers:",
        "    - {type: embedding, size: 6}",
        "    - {type: lstm, units: 6}",
        "    - {type: attention-pool, hidden: 4}",
        "    - {type: dense, units: 2, activation: softmax}",
        "loss: {type: focal, gamma: 2.0}",
        "optimizer: {type: adam, learning_rate: 0.02}",
        "training: {epochs: 3, batch_size: 16}",
        "metrics: [accuracy]");
  }

  /** 60 records of 12 symbols; promoters carry TATA somewhere. */
  private void writeFasta(Path file) throws IOException {
    Random random = new Random(3);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 60; i++) {
      boolean promoter = i % 2 == 0;
      char[] s = new char[12];
      for (int j = 0; j < s.length; j++) {
        s[j] = "ACGT".charAt(random.nextInt(4));
      }
      if (promoter) {
        int at = random.nextInt(9);
        "TATA".getChars(0, 4, s, at);
      }
      b.append(">s").append(i).append(' ').append(promoter ? "promoter" : "background").append('\n')
          .append(s).append('\n');
    }
    Files.writeString(file, b);
  }

  private Path write(String name, String... lines) throws IOException {
    Path p = work.resolve(name);
    Files.createDirectories(p.getParent());
    return Files.writeString(p, String.join("\n", lines) + "\n");
  }

  @Test
  void theExamplePluginsOwnTestsPassWithTheKit() {
    TestExecutionSummary summary = ExamplePluginBuild.runTests(work.resolve("kit"));
    StringBuilder failures = new StringBuilder();
    summary.getFailures().forEach(f -> failures.append(f.getTestIdentifier().getDisplayName()).append(": ")
        .append(f.getException()).append('\n'));
    assertEquals(0, summary.getTotalFailureCount(), failures.toString());
    assertTrue(summary.getTestsSucceededCount() >= 30, "ran " + summary.getTestsSucceededCount() + " tests");
  }

  @Test
  void theExamplePomBuildsAgainstThisRecur() {
    assertEquals(String.valueOf(RecurPlugin.SPI_VERSION), ExamplePluginBuild.pomProperty("recur.spi.version"));
    String parent = read(CliRunner.repoRoot().resolve("pom.xml"));
    String version = parent.replaceAll("(?s).*?<artifactId>recur-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    assertEquals(version, ExamplePluginBuild.pomProperty("recur.version"));
    String pom = read(ExamplePluginBuild.POM);
    assertFalse(pom.contains("<parent>"), "the example is built like a third-party plugin, without Recur's parent");
    List<String> artifacts = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("(?s)<dependency>.*?<artifactId>([^<]+)</artifactId>").matcher(pom);
    while (m.find()) {
      artifacts.add(m.group(1));
    }
    assertEquals(List.of("recur-core", "recur-core", "junit-jupiter"), artifacts, "depends on Recur's API only");
  }

  @Test
  void recurPluginsListsTheExampleTypesWithTheirJar() {
    CliRunner.Result r = CliRunner.run("plugins", "--plugins", plugins.toString());
    assertEquals(0, r.exitCode(), r.err());
    String source = "[" + jar + " (ExamplePlugin)]";
    for (String type : List.of("attention-pool", "focal", "fasta")) {
      assertTrue(r.out().lines().anyMatch(l -> l.startsWith("  " + type + "  — ") && l.endsWith(source)), type + ":\n" + r.out());
    }
    assertTrue(r.out().contains("      hidden: int >= 0, default 0 — size of the tanh scoring layer"), r.out());
    assertTrue(r.out().contains("plugin jars:\n  " + jar + "  sha256 " + Sha256.ofFile(jar)), r.out());
  }

  @Test
  @SuppressWarnings("unchecked")
  void anExperimentUsingAllThreeTypesTrainsAndItsModelPredictsWithThePluginAndNamesItWithout() throws IOException {
    Path run = work.resolve("run");
    CliRunner.Result train = CliRunner.run("train", work.resolve("exp/promoters.yaml").toString(), "--run-dir", run.toString());
    assertEquals(0, train.exitCode(), train.err());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.jsonl")).size());

    Map<String, Object> model = new Yaml().load(Files.readString(run.resolve("model/model.yaml")));
    assertEquals(List.of(Map.of("jar", JAR, "sha256", Sha256.ofFile(jar),
        "types", Map.of("layer", List.of("attention-pool"), "loss", List.of("focal"), "dataset", List.of("fasta")))),
        model.get("plugins"));
    Map<String, Object> provenance = (Map<String, Object>) Json.read(Files.readString(run.resolve("provenance.json")));
    List<Map<String, Object>> jars = (List<Map<String, Object>>) provenance.get("plugins");
    assertEquals(1, jars.size());
    assertEquals(JAR, jars.get(0).get("jar"));
    assertEquals(Sha256.ofFile(jar), jars.get(0).get("sha256"));

    // the run's config.yaml holds the plugins folder as an absolute path: it still finds the plugin
    // (validate reads the data too: the FASTA file is named where it lies)
    CliRunner.Result again = CliRunner.run("validate", run.resolve("config.yaml").toString(), "--set",
        "data.files=[" + work.resolve("exp/seqs.fa").toAbsolutePath() + "]");
    assertEquals(0, again.exitCode(), again.err());

    Path input = write("input.txt", "CAGATTTATATA", "GGCCGGCCGGCC");
    CliRunner.Result predicted = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input",
        input.toString(), "--plugins", plugins.toString());
    assertEquals(0, predicted.exitCode(), predicted.err());
    assertTrue(predicted.out().startsWith("index\tinput\tprediction\tp(background)\tp(promoter)\n0\tCAGATTTATATA\t"),
        predicted.out());

    CliRunner.Result without = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", input.toString());
    assertEquals(Main.USER_ERROR, without.exitCode());
    // the loss too: it says whether the outputs are logits or probabilities
    String sha = " (sha256 " + Sha256.ofFile(jar).substring(0, 12) + "…)";
    assertEquals(run.resolve("model/model.yaml") + ": this model needs layer type 'attention-pool' from plugin jar " + JAR
        + sha + ", loss type 'focal' from plugin jar " + JAR + sha + ", which are not registered; give " + JAR
        + " with --plugins DIR, RECUR_PLUGINS or the config's plugins: list\n", without.err());
  }

  @Test
  void pluginsGivenOnTheCommandLineServeAConfigWithoutAPluginsList() throws IOException {
    Path config = write("exp/no-list.yaml", read(work.resolve("exp/promoters.yaml")).replace("plugins: [plugins]", ""));
    CliRunner.Result with = CliRunner.run("validate", config.toString(), "--plugins", plugins.toString());
    assertEquals(0, with.exitCode(), with.err());
    CliRunner.Result without = CliRunner.run("validate", config.toString());
    assertEquals(Main.USER_ERROR, without.exitCode());
    assertTrue(without.err().contains(": data.type: unknown dataset type 'fasta'"), without.err());
  }

  @Test
  void verboseLogsEachPluginTypeAsItRegisters() {
    CliRunner.Result r = CliRunner.run("schema", "--plugins", plugins.toString(), "--verbose");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("registered layer 'attention-pool' from " + jar + "\n"), r.err());
    assertTrue(r.out().contains("\"layer.attention-pool\""), "the schema covers plugin types");
  }

  @Test
  void aBrokenPluginIsOneMessageAndExitCodeTwo() throws IOException {
    Path broken = write("broken/bad.jar", "not a zip");
    CliRunner.Result r = CliRunner.run("plugins", "--plugins", broken.toString());
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertTrue(r.err().startsWith(broken + ": not a jar file ("), r.err());
    assertEquals(1, r.err().lines().count(), "one message, no stack trace: " + r.err());
  }

  @Test
  void recurPluginsTheEnvironmentVariableLoadsPluginsToo() throws Exception {
    ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Main.class.getName(), "plugins");
    pb.environment().put("RECUR_PLUGINS", plugins.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "recur plugins did not finish");
    assertEquals(0, p.exitValue(), out);
    assertTrue(out.contains("[" + jar + " (ExamplePlugin)]"), out);
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
