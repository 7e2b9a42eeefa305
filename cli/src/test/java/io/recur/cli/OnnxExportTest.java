package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl;
import io.recur.config.ExperimentLoader;
import io.recur.config.ModelParams;
import io.recur.io.Json;
import io.recur.io.Safetensors;
import io.recur.model.Model;
import io.recur.model.ModelBuilder;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur export --format onnx}: every exported model loads in ONNX Runtime and computes what
 * Recur computes, on padded batches of several lengths; recurrent layers are single ONNX nodes.
 */
class OnnxExportTest {
  private static final double TOLERANCE = 1e-5;
  /** Long sequences accumulate float rounding differently in the two runtimes. */
  private static final double LONG_TOLERANCE = 1e-4;
  private static final List<Path> EXPORTED = new ArrayList<>();

  @TempDir static Path tmp;

  /** Shipped configs with the --set overrides that make one epoch a smoke test, and the data file they read. */
  private static final Map<String, List<String>> CONFIGS = new LinkedHashMap<>();

  static {
    List<String> names = List.of("model.layers[1].units=8", "data.split=[1, 1, 18]");
    CONFIGS.put("addition/lstm.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("addition/rnn.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("copy/fixed.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("copy/variable.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("reverse/fixed.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("reverse/variable.yaml", List.of("data.samples=200", "model.layers[0].units=8"));
    CONFIGS.put("dummy-string/gru.yaml", List.of());
    CONFIGS.put("dummy-string/learns-the-rule.yaml", List.of("model.layers[1].units=8"));
    CONFIGS.put("dummy-string/lstm.yaml", List.of());
    CONFIGS.put("dummy-string/perceptron.yaml", List.of());
    CONFIGS.put("dummy-string/rnn.yaml", List.of());
    CONFIGS.put("dummy-string/sweep.yaml", List.of());
    CONFIGS.put("hmm-gc/bigru.yaml", List.of("model.layers[1].units=8"));
    CONFIGS.put("hmm-gc/gru.yaml", List.of("model.layers[1].units=8"));
    CONFIGS.put("hmm-gc/sticky-bigru.yaml", List.of());
    CONFIGS.put("hmm-gc/sticky-gru.yaml", List.of());
    CONFIGS.put("sine/one-frequency.yaml", List.of());
    CONFIGS.put("sine/two-frequencies.yaml", List.of());
    CONFIGS.put("names/gru.yaml", names);
    CONFIGS.put("names/lstm.yaml", names);
    CONFIGS.put("names/rnn.yaml", names);
    // an ensemble: two members keep the smoke test quick, the export still averages them
    CONFIGS.put("names/strong.yaml", List.of("model.layers[0].members=2", "model.layers[0].layers[2].units=8",
        "data.split=[1, 1, 18]"));
    CONFIGS.put("dinos/lstm.yaml", List.of("model.layers[1].units=8"));
    CONFIGS.put("dinos/rnn.yaml", List.of("model.layers[1].units=8"));
    CONFIGS.put("shakespeare/lstm.yaml", List.of("data.max_chars=5000", "model.layers[1].units=8"));
    CONFIGS.put("shakespeare/small.yaml", List.of("data.max_chars=5000", "model.layers[1].units=8"));
    CONFIGS.put("airline/linear-rnn.yaml", List.of());
  }

  private static final Map<String, String> DATA = Map.of(
      "names", "names/English.txt",
      "dinos", "dinos/dinos.txt",
      "shakespeare", "tinyshakespeare/input.txt",
      "airline", "airline_passengers/airline_passengers.csv");

  private static Registry registry() {
    return Registries.builtIn();
  }

  /**
   * Trains a config for one epoch and returns its model directory; skips when its data is missing.
   * Tests asking for the same config and overrides share one run (runs are never overwritten).
   */
  private static synchronized Path train(String config, List<String> sets) {
    String family = config.substring(0, config.indexOf('/'));
    if (DATA.containsKey(family)) {
      DataMirror.require(DATA.get(family));
    }
    Path run = tmp.resolve("run-" + config.replace('/', '_') + "-" + Integer.toHexString(sets.hashCode()));
    if (Files.isDirectory(run.resolve("model"))) {
      return run.resolve("model");
    }
    List<String> args = new ArrayList<>(List.of("train", CliRunner.config(config).toString(), "--run-dir",
        run.toString(), "--set", "training.epochs=1"));
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    CliRunner.Result r = CliRunner.run(args.toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
    return run.resolve("model");
  }

  /** Exports with the CLI and returns the file. */
  private static Path export(Path modelDir, String name) {
    Path file = tmp.resolve(name + ".onnx");
    CliRunner.Result r = CliRunner.run("export", "--model", modelDir.toString(), "--format", "onnx", "--output",
        file.toString());
    assertEquals(0, r.exitCode(), r.err());
    synchronized (EXPORTED) {
      EXPORTED.add(file);
    }
    return file;
  }

  /** Exports and compares on batches of the trained length and, where the model allows it, others. */
  private static void exportAndCompare(Path modelDir, String name) throws Exception {
    Path file = export(modelDir, name);
    SavedModel.Loaded loaded = SavedModel.load(modelDir, registry());
    Model m = loaded.model();
    int[] in = loaded.schema().inputShape();
    int vocabulary = loaded.schema().inputVocabulary();
    boolean fixedSteps = m.layers().stream().anyMatch(l -> l.type().equals("flatten"));
    boolean encoderDecoder = m.layers().stream().anyMatch(l -> l.type().equals("encoder-decoder"));
    int trained = in[0];
    List<Integer> steps = fixedSteps ? List.of(trained) : List.of(trained, 3, trained + 5);
    Random random = new Random(name.hashCode());
    for (int t : steps) {
      OnnxParity.Batch batch = OnnxParity.batch(random, 5, t, vocabulary, in.length > 1 ? in[1] : 0);
      // an encoder–decoder's mask covers targets, not sources: it finds source ends itself
      Map<String, Tensor> expected = OnnxParity.recur(loaded, batch, !encoderDecoder && !fixedSteps);
      OnnxParity.assertSame(expected, OnnxParity.onnx(file, batch), t > 200 ? LONG_TOLERANCE : TOLERANCE,
          name + " at " + t + " steps");
    }
  }

  @TestFactory
  Stream<DynamicTest> everyShippedConfigExportsAndMatches() {
    return CONFIGS.entrySet().stream().map(e -> DynamicTest.dynamicTest(e.getKey(), () -> {
      Path model = train(e.getKey(), e.getValue());
      exportAndCompare(model, e.getKey().replace('/', '_').replace(".yaml", ""));
    }));
  }

  @TestFactory
  Stream<DynamicTest> ngramModelsAreRefusedNamingTheLayer() {
    return Stream.of("dinos/ngram.yaml", "shakespeare/ngram.yaml").map(c -> DynamicTest.dynamicTest(c, () -> {
      Path model = train(c, c.startsWith("shakespeare") ? List.of("data.max_chars=5000") : List.of());
      CliRunner.Result r = CliRunner.run("export", "--model", model.toString(), "--format", "onnx", "--output",
          tmp.resolve("ngram.onnx").toString());
      assertEquals(2, r.exitCode(), r.err());
      assertTrue(r.err().contains("layer 'ngram_0' (ngram)"), r.err());
    }));
  }

  /** The PyTorch fixtures of layers-recurrent, through docs/pytorch.md's path: model.yaml plus renamed weights. */
  @TestFactory
  Stream<DynamicTest> pytorchModelsExportAndMatchPyTorch() throws IOException {
    Path fixtures = CliRunner.repoRoot().resolve("layers-recurrent/src/test/resources/fixtures");
    try (Stream<Path> files = Files.list(fixtures)) {
      return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream()
          .map(f -> DynamicTest.dynamicTest(f.getFileName().toString(), () -> pytorchFixture(f)));
    }
  }

  @SuppressWarnings("unchecked")
  private static void pytorchFixture(Path json) throws Exception {
    Map<String, Object> f = (Map<String, Object>) Json.read(Files.readString(json));
    String cell = (String) f.get("cell");
    int steps = ((Number) f.get("steps")).intValue();
    int features = ((Number) f.get("features")).intValue();
    int batch = ((Number) f.get("batch")).intValue();
    boolean bidirectional = Boolean.TRUE.equals(f.get("bidirectional"));
    Path dir = tmp.resolve("pytorch-" + f.get("name"));
    Files.createDirectories(dir);
    String layer = "{type: " + cell + ", name: rec, units: " + f.get("units") + ", layers: " + f.get("layers")
        + ", bidirectional: " + bidirectional + ", initial_state: " + f.get("initial_state")
        + (cell.equals("rnn") ? ", activation: " + f.get("activation") : "") + "}";
    Files.writeString(dir.resolve("model.yaml"), "format: 1\ninput:\n  shape: [" + steps + ", " + features
        + "]\nmodel:\n  layers:\n    - " + layer + "\n", StandardCharsets.UTF_8);
    Map<String, Tensor> weights = new LinkedHashMap<>();
    List<String> names = (List<String>) f.get("parameter_names");
    List<List<Number>> shapes = (List<List<Number>>) f.get("parameter_shapes");
    Map<String, List<Number>> params = (Map<String, List<Number>>) f.get("parameters");
    for (int i = 0; i < names.size(); i++) {
      weights.put("rec." + names.get(i), Tensor.of(floats(params.get(names.get(i))),
          shapes.get(i).stream().mapToInt(Number::intValue).toArray()));
    }
    int units = ((Number) f.get("units")).intValue();
    for (String state : List.of("h0", "c0")) {
      if (f.containsKey(state)) {
        float[] s = floats((List<Number>) f.get(state));
        weights.put("rec." + state, Tensor.of(s, s.length / units, units));
      }
    }
    Safetensors.write(dir.resolve(SavedModel.WEIGHTS), weights, Map.of("format", "pt"));

    Path file = export(dir, "pytorch-" + f.get("name"));
    List<Number> lengthList = (List<Number>) f.get("lengths");
    int[] lengths = new int[batch];
    for (int r = 0; r < batch; r++) {
      lengths[r] = lengthList == null ? steps : lengthList.get(r).intValue();
    }
    OnnxParity.Batch b = new OnnxParity.Batch(Tensor.of(floats((List<Number>) f.get("input")), batch, steps, features),
        lengths, false);
    Map<String, Tensor> onnx = OnnxParity.onnx(file, b);
    // PyTorch's own numbers, written by the fixture script
    Map<String, Tensor> pytorch = new LinkedHashMap<>();
    pytorch.put("output", Tensor.of(floats((List<Number>) f.get("output")), onnx.get("output").shape()));
    pytorch.put("h_n", Tensor.of(floats((List<Number>) f.get("h_n")), onnx.get("h_n").shape()));
    if (f.containsKey("c_n")) {
      pytorch.put("c_n", Tensor.of(floats((List<Number>) f.get("c_n")), onnx.get("c_n").shape()));
    }
    OnnxParity.assertSame(pytorch, onnx, TOLERANCE, json.getFileName() + " against PyTorch");
    SavedModel.Loaded loaded = SavedModel.load(dir, registry());
    OnnxParity.assertSame(OnnxParity.recur(loaded, b, true), onnx, TOLERANCE, json.getFileName() + " against Recur");
    // and a longer padded batch than the fixture's
    OnnxParity.Batch longer = OnnxParity.batch(new Random(7), 4, 240, 0, features);
    OnnxParity.assertSame(OnnxParity.recur(loaded, longer, true), OnnxParity.onnx(file, longer), LONG_TOLERANCE,
        json.getFileName() + " at 240 steps");
    assertOneNodePerLayer(file, cell.toUpperCase(java.util.Locale.ROOT), ((Number) f.get("layers")).intValue());
  }

  private static float[] floats(List<Number> values) {
    float[] out = new float[values.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = values.get(i).floatValue();
    }
    return out;
  }

  /** Every merge mode, both outputs, every cell, stacked and bidirectional, with a dense head. */
  @TestFactory
  Stream<DynamicTest> bidirectionalMergesAndOutputsMatch() {
    List<DynamicTest> tests = new ArrayList<>();
    for (String cell : List.of("rnn", "lstm", "gru")) {
      for (String merge : List.of("concat", "sum", "mul", "average")) {
        for (String output : List.of("sequence", "last")) {
          String layer = "{type: " + cell + ", units: 5, layers: 2, bidirectional: true, merge: " + merge
              + ", output: " + output + (cell.equals("rnn") ? ", activation: relu" : "")
              + (merge.equals("mul") ? ", initial_state: learned" : "") + "}";
          String name = cell + "-" + merge + "-" + output;
          tests.add(DynamicTest.dynamicTest(name, () -> {
            Path dir = randomModel(name, List.of(layer, "{type: dense, units: 3, activation: softmax}"), 4, 0);
            exportAndCompare(dir, name);
          }));
        }
      }
    }
    return tests.stream();
  }

  /**
   * A model directory of the given layers with random weights (and random learned initial states).
   *
   * @param vocabulary > 0 for token-id input
   */
  private static Path randomModel(String name, List<String> layers, int features, int vocabulary) throws IOException {
    Path dir = tmp.resolve("random-" + name);
    Files.createDirectories(dir);
    StringBuilder yaml = new StringBuilder("format: 1\ninput:\n  shape: [6" + (vocabulary > 0 ? "" : ", " + features)
        + "]\n  vocabulary: " + vocabulary + "\nmodel:\n  layers:\n");
    for (String l : layers) {
      yaml.append("    - ").append(l).append('\n');
    }
    Files.writeString(dir.resolve("model.yaml"), yaml.toString(), StandardCharsets.UTF_8);
    var specs = new ExperimentLoader(registry()).loadSection(dir.resolve("model.yaml"), "model", ModelParams.all())
        .get(ModelParams.LAYERS);
    Model model = new ModelBuilder(registry(), RandomStreams.fresh(name.hashCode(), RandomStreams.INIT))
        .build(specs, vocabulary > 0 ? new int[] {6} : new int[] {6, features}, vocabulary);
    Random random = new Random(name.hashCode());
    Map<String, Tensor> weights = new LinkedHashMap<>(model.parameters());
    weights.replaceAll((k, t) -> {
      if (k.endsWith(".h0") || k.endsWith(".c0")) {
        float[] d = new float[t.size()];
        for (int i = 0; i < d.length; i++) {
          d[i] = (float) random.nextGaussian() * 0.5f;
        }
        return Tensor.of(d, t.shape());
      }
      return t;
    });
    Safetensors.write(dir.resolve(SavedModel.WEIGHTS), weights, Map.of());
    return dir;
  }

  @Test
  void eachRecurrentLayerIsOneOperatorPerStackedLayer() throws Exception {
    Path dir = randomModel("structure", List.of("{type: embedding, size: 4}", "{type: lstm, units: 3, layers: 3}",
        "{type: gru, units: 3, layers: 2, bidirectional: true}", "{type: rnn, units: 3, output: last}"), 0, 9);
    Path file = export(dir, "structure");
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    Map<String, Long> ops = new LinkedHashMap<>();
    proto.getGraph().getNodeList().forEach(n -> ops.merge(n.getOpType(), 1L, Long::sum));
    assertEquals(3L, ops.get("LSTM"), ops.toString());
    assertEquals(2L, ops.get("GRU"), ops.toString());
    assertEquals(1L, ops.get("RNN"), ops.toString());
    for (String unrolled : List.of("Loop", "Scan", "If")) {
      assertTrue(!ops.containsKey(unrolled), ops.toString());
    }
    assertEquals(17, proto.getOpsetImport(0).getVersion());
    assertEquals(8, proto.getIrVersion());
    Map<String, String> meta = new LinkedHashMap<>();
    proto.getMetadataPropsList().forEach(p -> meta.put(p.getKey(), p.getValue()));
    assertTrue(meta.keySet().containsAll(List.of("experiment", "recur_version", "weights_sha256", "classes",
        "vocabulary", "output_kind")), meta.toString());
    exportAndCompare(dir, "structure");
  }

  private static void assertOneNodePerLayer(Path file, String op, int layers) throws IOException {
    OnnxMl.ModelProto proto = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(file));
    long count = proto.getGraph().getNodeList().stream().filter(n -> n.getOpType().equals(op)).count();
    assertEquals(layers, count, op + " nodes in " + file.getFileName());
    assertTrue(proto.getGraph().getNodeList().stream().noneMatch(n -> List.of("Loop", "Scan").contains(n.getOpType())));
  }

  /** docs/onnx.md's Java snippet labels names as {@code recur predict} does. */
  @Test
  @SuppressWarnings("unchecked")
  void namesModelLabelsNamesAsRecurPredictDoes() throws Exception {
    Path model = train("names/rnn.yaml", List.of("model.layers[1].units=8", "data.split=[1, 1, 18]"));
    Path file = export(model, "names-example");
    List<String> names = List.of("Nguyen", "Schmidt", "Rossi", "Tanaka", "Smith", "Kowalski");
    Path input = tmp.resolve("names.txt");
    Files.writeString(input, String.join("\n", names) + "\n", StandardCharsets.UTF_8);
    CliRunner.Result r = CliRunner.run("predict", "--model", model.toString(), "--input", input.toString(),
        "--format", "jsonl");
    assertEquals(0, r.exitCode(), r.err());
    List<String> expected = r.out().lines().filter(l -> l.startsWith("{"))
        .map(l -> (String) ((Map<String, Object>) Json.read(l)).get("label")).toList();
    assertEquals(expected, OnnxNamesExample.labels(file.toString(), names));
  }

  @Test
  void badFormatAndOpsetAreUserErrors() throws IOException {
    Path dir = randomModel("bad-options", List.of("{type: gru, units: 2}"), 2, 0);
    CliRunner.Result r = CliRunner.run("export", "--model", dir.toString(), "--format", "tflite", "--output",
        tmp.resolve("x.onnx").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--format"), r.err());
    r = CliRunner.run("export", "--model", dir.toString(), "--format", "onnx", "--opset", "9", "--output",
        tmp.resolve("x.onnx").toString());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains("--opset"), r.err());
  }

  /**
   * ONNX Runtime logs warnings from native code, out of the JVM's reach: a child JVM loads every
   * exported file with warnings on, and whatever it prints to stderr fails the test.
   */
  @AfterAll
  static void onnxRuntimeLoadsEveryExportWithoutWarnings() throws Exception {
    if (EXPORTED.isEmpty()) {
      return;
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), OnnxLoadCheck.class.getName()));
    EXPORTED.forEach(p -> command.add(p.toString()));
    Process p = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor(), err);
    assertEquals("", err.strip(), "ONNX Runtime printed while loading " + EXPORTED.size() + " exported models");
  }
}
