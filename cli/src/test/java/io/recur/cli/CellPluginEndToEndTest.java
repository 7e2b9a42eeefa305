package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * A recurrent cell from a plugin jar, end to end: the example plugin's {@code mgu} trains from
 * the example's own YAML experiment in Recur's {@code recurrent} layer (two layers, both
 * directions, masked FASTA records of 8 to 16 symbols), its model records the plugin jar, loads
 * back with it to the numbers training reported, is refused without it naming the cell, and is
 * refused by the ONNX export, which has no operator for it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellPluginEndToEndTest {
  private static final Path EXPERIMENT = ExamplePluginBuild.ROOT.resolve("experiments");

  private Path work;
  private Path plugins;
  private Path run;
  private CliRunner.Result train;

  @BeforeAll
  void trainTheExamplesExperiment(@TempDir Path dir) throws IOException {
    work = dir;
    Path exp = Files.createDirectories(work.resolve("exp"));
    Files.copy(EXPERIMENT.resolve("mgu-promoters.yaml"), exp.resolve("mgu-promoters.yaml"));
    Files.copy(EXPERIMENT.resolve("promoters.fa"), exp.resolve("promoters.fa"));
    plugins = Files.createDirectories(exp.resolve("plugins"));
    Path jar = ExamplePluginBuild.jar(work.resolve("build"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    run = work.resolve("run");
    train = CliRunner.run("train", exp.resolve("mgu-promoters.yaml").toString(), "--run-dir", run.toString(),
        "--set", "training.epochs=3");
  }

  @Test
  void thePluginCellTrainsBidirectionalAndStackedOnMaskedData() throws IOException {
    assertEquals(0, train.exitCode(), train.err());
    // two directions of 8 units side by side; two layers of G = 2·8 rows: 2·(16·6 + 16·8 + 32) + 2·(16·16 + 16·8 + 32)
    assertTrue(train.out().contains("recurrent_1  recurrent  [N, 16]          1,344"), train.out());
    assertTrue(train.err().isEmpty(), train.err());
    assertEquals(3, Files.readAllLines(run.resolve("metrics.jsonl")).size());
    String config = Files.readString(run.resolve("config.yaml"));
    assertTrue(config.contains("type: mgu"), config);
  }

  @Test
  @SuppressWarnings("unchecked")
  void itsModelRecordsThePluginAndLoadsBackWithItToTheTrainedNumbers() throws IOException {
    assertEquals(0, train.exitCode(), train.err());
    Map<String, Object> model = new Yaml().load(Files.readString(run.resolve("model/model.yaml")));
    Map<String, Object> types = (Map<String, Object>) ((List<Map<String, Object>>) model.get("plugins")).get(0).get("types");
    assertEquals(List.of("mgu"), types.get("cell"));
    CliRunner.Result evaluated = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val",
        "--plugins", plugins.toString());
    assertEquals(0, evaluated.exitCode(), evaluated.err());
    List<String> epochs = Files.readAllLines(run.resolve("metrics.jsonl"));
    Map<String, Object> last = (Map<String, Object>) Json.read(epochs.get(epochs.size() - 1));
    String accuracy = String.format(Locale.ROOT, "%.6f", ((Number) last.get("val.accuracy")).doubleValue());
    assertTrue(evaluated.out().lines().anyMatch(l -> l.matches("\\s+val\\.accuracy\\s+" + accuracy)), evaluated.out());
  }

  @Test
  void withoutThePluginTheModelIsRefusedNamingTheCell() {
    assertEquals(0, train.exitCode(), train.err());
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val");
    assertEquals(Main.USER_ERROR, r.exitCode());
    assertTrue(r.err().contains("cell type 'mgu' from plugin jar recur-plugin-example-"), r.err());
  }

  @Test
  void theOnnxExportRefusesACellWithoutAnOperator() {
    assertEquals(0, train.exitCode(), train.err());
    Path onnx = work.resolve("model.onnx");
    CliRunner.Result r = CliRunner.run("export", "--model", run.resolve("model").toString(), "--format", "onnx",
        "--output", onnx.toString(), "--plugins", plugins.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), r.err());
    assertTrue(r.err().contains("(recurrent): cannot be exported to ONNX: cell 'mgu' has no ONNX operator"), r.err());
    assertTrue(Files.notExists(onnx), "nothing half-written");
  }
}
