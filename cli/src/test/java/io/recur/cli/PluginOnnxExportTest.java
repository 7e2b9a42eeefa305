package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.recur.io.Safetensors;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.RecurPlugin;
import io.recur.testkit.PluginJarBuilder;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin layer exports itself through {@code io.recur.spi.OnnxExportable}: the example plugin's
 * {@code attention-pool}, trained inside a model, computes in ONNX Runtime what it computes in
 * Recur on padded batches; a plugin layer without an exporter, or whose exporter fails, stops the
 * export with exit code 2 naming the layer and the plugin.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PluginOnnxExportTest {
  private static final double TOLERANCE = 1e-5;
  /** The longest FASTA record, hence the steps every batch is padded to. */
  private static final int STEPS = 12;

  private Path work;
  private Path plugins;
  private Registry registry;

  @BeforeAll
  void buildTheExamplePluginAndWriteData(@TempDir Path dir) throws IOException {
    work = dir;
    plugins = Files.createDirectories(work.resolve("plugins"));
    Path jar = ExamplePluginBuild.jar(work.resolve("build"));
    Files.copy(jar, plugins.resolve(jar.getFileName()));
    registry = Registries.withPlugins(List.of(new PluginSource(plugins, PluginSource.COMMAND_LINE)), line -> { });
    writeFasta(work.resolve("seqs.fa"));
    Files.writeString(work.resolve("promoters.yaml"), String.join("\n",
        "name: promoters-onnx",
        "seed: 5",
        "data: {type: fasta, files: [seqs.fa], split: [0.75, 0.25, 0]}",
        "model:",
        "  layers:",
        "    - {type: embedding, size: 5}",
        "    - {type: lstm, units: 6}",
        "    - {type: attention-pool, hidden: 4}",
        "    - {type: dense, units: 2, activation: softmax}",
        "loss: cross-entropy",
        "optimizer: {type: adam, learning_rate: 0.02}",
        "training: {epochs: 2, batch_size: 16}",
        ""), StandardCharsets.UTF_8);
  }

  /** 48 records of 7 to 12 symbols, so that training batches are padded too; promoters carry TATA. */
  private static void writeFasta(Path file) throws IOException {
    Random random = new Random(11);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < 48; i++) {
      char[] s = new char[i == 0 ? STEPS : 7 + random.nextInt(STEPS - 6)];
      for (int j = 0; j < s.length; j++) {
        s[j] = "ACGT".charAt(random.nextInt(4));
      }
      if (i % 2 == 0) {
        "TATA".getChars(0, 4, s, random.nextInt(s.length - 3));
      }
      b.append(">s").append(i).append(' ').append(i % 2 == 0 ? "promoter" : "background").append('\n')
          .append(s).append('\n');
    }
    Files.writeString(file, b);
  }

  private Path train(String name, String... sets) {
    Path run = work.resolve("run-" + name);
    List<String> args = new java.util.ArrayList<>(List.of("train", work.resolve("promoters.yaml").toString(),
        "--run-dir", run.toString(), "--plugins", plugins.toString()));
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return run.resolve("model");
  }

  private CliRunner.Result export(Path model, Path file, Path pluginPath) {
    return CliRunner.run("export", "--model", model.toString(), "--format", "onnx", "--output", file.toString(),
        "--plugins", pluginPath.toString());
  }

  private void exportsAndMatches(Path model, String name) throws Exception {
    Path file = work.resolve(name + ".onnx");
    CliRunner.Result r = export(model, file, plugins);
    assertEquals(0, r.exitCode(), r.err());
    SavedModel.Loaded loaded = SavedModel.load(model, registry);
    assertEquals(STEPS, loaded.schema().inputShape()[0]);
    int vocabulary = loaded.schema().inputVocabulary();
    Random random = new Random(name.hashCode());
    // padded: lengths 12, 10, 8, 6, 4, 2, each row's padding masked in Recur and cut by lengths in ONNX
    OnnxParity.Batch padded = OnnxParity.batch(random, 6, STEPS, vocabulary, 0);
    OnnxParity.assertSame(OnnxParity.recur(loaded, padded, true), OnnxParity.onnx(file, padded), TOLERANCE,
        name + " padded");
    // unpadded: Recur passes no mask at all; the graph gets lengths of T and must agree
    int[] full = new int[4];
    Arrays.fill(full, STEPS);
    OnnxParity.Batch unpadded = new OnnxParity.Batch(OnnxParity.batch(random, 4, STEPS, vocabulary, 0).input(), full, true);
    OnnxParity.assertSame(OnnxParity.recur(loaded, unpadded, false), OnnxParity.onnx(file, unpadded), TOLERANCE,
        name + " unpadded");

    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    Set<String> ops = proto.getGraph().getNodeList().stream().map(OnnxMl.NodeProto::getOpType).collect(Collectors.toSet());
    assertTrue(ops.containsAll(List.of("LSTM", "Softmax", "Where", "ReduceSum")), ops.toString());
    String pool = loaded.model().layers().get(2).name();
    assertTrue(proto.getGraph().getInitializerList().stream().anyMatch(t -> t.getName().startsWith(pool + ".")),
        "the plugin's constants are named after its layer, " + pool);
    loadsWithoutWarnings(file);
  }

  /** ONNX Runtime warns from native code, out of the JVM's reach: a child JVM loads the file, as in {@link OnnxExportTest}. */
  private static void loadsWithoutWarnings(Path file) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
        System.getProperty("java.class.path"), OnnxLoadCheck.class.getName(), file.toString())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    assertEquals("", err.strip(), "ONNX Runtime printed while loading " + file.getFileName());
  }

  @Test
  void theExampleAttentionPoolExportsAndMatchesRecurOnPaddedBatches() throws Exception {
    exportsAndMatches(train("hidden"), "attention-pool-hidden");
  }

  @Test
  void theExampleAttentionPoolWithoutAHiddenLayerExportsAndMatchesToo() throws Exception {
    exportsAndMatches(train("plain", "model.layers[2].hidden=0", "training.epochs=1"), "attention-pool-plain");
  }

  @Test
  void aPluginLayerWithoutAnExporterIsRefusedNamingTheLayerAndThePlugin() throws IOException {
    Path jar = testPlugin();
    CliRunner.Result r = export(modelOf("opaque"), work.resolve("opaque.onnx"), jar);
    assertEquals(Main.USER_ERROR, r.exitCode(), r.err());
    assertEquals("layer 'opaque_0' (opaque): cannot be exported to ONNX: layer type 'opaque' from " + jar
        + " (OnnxTestPlugin) has no exporter; a plugin layer exports itself when it implements"
        + " io.recur.spi.OnnxExportable (docs/onnx.md, Plugin layers)\n", r.err());
  }

  @Test
  void aPluginExporterThatThrowsIsOneMessageNamingTheLayerAndThePlugin() throws IOException {
    Path jar = testPlugin();
    CliRunner.Result r = export(modelOf("throwing"), work.resolve("throwing.onnx"), jar);
    assertEquals(Main.USER_ERROR, r.exitCode(), r.err());
    assertEquals("layer 'throwing_0' (throwing, from plugin " + jar + " (OnnxTestPlugin)): its ONNX export"
        + " failed: IllegalStateException: no ONNX form for this\n", r.err());
  }

  @Test
  void aPluginExporterUsingAValueItWasNotGivenIsRefused() throws IOException {
    Path jar = testPlugin();
    CliRunner.Result r = export(modelOf("dangling"), work.resolve("dangling.onnx"), jar);
    assertEquals(Main.USER_ERROR, r.exitCode(), r.err());
    assertTrue(r.err().startsWith("layer 'dangling_0' (dangling, from plugin " + jar + " (OnnxTestPlugin)):"
        + " its ONNX export failed: Relu: input 'input_of_someone_else' is not a value of this layer"), r.err());
  }

  private Path testPluginJar;

  /**
   * A plugin of three weightless layer types: {@code opaque} (no exporter), {@code throwing} (its
   * exporter throws) and {@code dangling} (its exporter reads a value it was not given).
   */
  private synchronized Path testPlugin() throws IOException {
    if (testPluginJar != null) {
      return testPluginJar;
    }
    Path src = Files.createDirectories(work.resolve("test-plugin/src/org/example/onnxtest"));
    Files.writeString(src.resolve("OnnxTestPlugin.java"), String.join("\n",
        "package org.example.onnxtest;",
        "import io.recur.spi.*;",
        "import io.recur.tensor.Tensor;",
        "import java.util.List;",
        "import java.util.Map;",
        "public final class OnnxTestPlugin implements RecurPlugin {",
        "  static class Opaque implements Layer {",
        "    final int[] shape;",
        "    Opaque(int[] shape) { this.shape = shape; }",
        "    public Tensor forward(Tensor x, ForwardContext c) { return x; }",
        "    public Map<String, Tensor> parameters() { return Map.of(); }",
        "    public int[] outputShape() { return shape; }",
        "  }",
        "  static final class Throwing extends Opaque implements OnnxExportable {",
        "    Throwing(int[] shape) { super(shape); }",
        "    public String exportOnnx(OnnxGraph g, String x) { throw new IllegalStateException(\"no ONNX form for this\"); }",
        "  }",
        "  static final class Dangling extends Opaque implements OnnxExportable {",
        "    Dangling(int[] shape) { super(shape); }",
        "    public String exportOnnx(OnnxGraph g, String x) { return g.node(\"Relu\", List.of(\"input_of_someone_else\"), Map.of()); }",
        "  }",
        "  static LayerFactory factory(String name, java.util.function.Function<int[], Layer> make) {",
        "    return new LayerFactory() {",
        "      public String name() { return name; }",
        "      public String doc() { return \"the identity, for export tests\"; }",
        "      public List<ParamSpec<?>> params() { return List.of(); }",
        "      public Layer create(Params p, BuildContext c) { return make.apply(c.inputShape()); }",
        "    };",
        "  }",
        "  @Override public List<LayerFactory> layers() {",
        "    return List.of(factory(\"opaque\", Opaque::new), factory(\"throwing\", Throwing::new),",
        "        factory(\"dangling\", Dangling::new));",
        "  }",
        "}"), StandardCharsets.UTF_8);
    Path res = Files.createDirectories(work.resolve("test-plugin/res/META-INF/services"));
    Files.writeString(res.resolve("io.recur.spi.RecurPlugin"), "org.example.onnxtest.OnnxTestPlugin\n");
    Path classes = ExamplePluginBuild.compile(List.of(work.resolve("test-plugin/src")), List.of(),
        work.resolve("test-plugin/classes"));
    testPluginJar = PluginJarBuilder.create().spiVersion(String.valueOf(RecurPlugin.SPI_VERSION))
        .addTree(work.resolve("test-plugin/res")).addTree(classes)
        .writeTo(Files.createDirectories(work.resolve("test-plugin/jar")).resolve("onnx-test-plugin.jar"));
    return testPluginJar;
  }

  /** A saved model of one weightless test layer on {@code [6, 3]} features. */
  private Path modelOf(String type) throws IOException {
    Path dir = Files.createDirectories(work.resolve("model-" + type));
    Files.writeString(dir.resolve(SavedModel.MODEL_YAML), "format: 1\ninput:\n  shape: [6, 3]\n  vocabulary: 0\n"
        + "model:\n  layers:\n    - {type: " + type + "}\n", StandardCharsets.UTF_8);
    Safetensors.write(dir.resolve(SavedModel.WEIGHTS), Map.<String, Tensor>of(), Map.of());
    return dir;
  }
}
