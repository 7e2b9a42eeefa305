package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.checkpoint.CheckpointFile;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.io.Safetensors;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.model.ModelBuilder;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Property-based hardening: random malformed YAML, random bytes as weights, checkpoints and
 * datasets, random layer stacks and input shapes. Every case must end in a correct result or a
 * {@link RecurException} (exit code 2 with one message), never another exception, a stack trace,
 * a hang, or a half-written run directory.
 */
class HardeningPropertiesTest {
  private static final long SECONDS = 30;
  private static Path root;
  private static Path trained;
  private static Registry registry;
  private static ExecutorService executor;

  @BeforeContainer
  static void setUp() throws IOException {
    root = Files.createTempDirectory("recur-hardening");
    registry = Registries.builtIn();
    executor = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hardening-case");
      t.setDaemon(true);
      return t;
    });
    trained = root.resolve("trained");
    CliRunner.Result r = CliRunner.run(Runs.args("dummy-string/perceptron.yaml", trained, "--set", "training.epochs=2",
        "--set", "data.samples=60").toArray(String[]::new));
    assertEquals(0, r.exitCode(), r.err());
  }

  @AfterContainer
  static void tearDown() throws IOException {
    executor.shutdownNow();
    try (Stream<Path> s = Files.walk(root)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  /** Runs {@code body} with a time limit: a hang is a failure too. */
  private static <T> T within(java.util.concurrent.Callable<T> body) {
    Future<T> f = executor.submit(body);
    try {
      return f.get(SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AssertionError("no answer within " + SECONDS + " s: a hang");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new AssertionError(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** A CLI result must be success or one clear message: exit 0 or 2, never 1 and never a stack trace. */
  private static void assertCleanOutcome(CliRunner.Result r) {
    assertTrue(r.exitCode() == 0 || r.exitCode() == 2, "exit " + r.exitCode() + ": " + r.err());
    assertFalse(r.err().contains("internal error"), r.err());
    assertFalse(r.err().contains("\tat "), "a stack trace: " + r.err());
    if (r.exitCode() == 2) {
      assertFalse(r.err().isBlank(), "exit 2 needs a message");
    }
  }

  private static Path newDir(String prefix) {
    try {
      return Files.createTempDirectory(root, prefix);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ---------------------------------------------------------------- malformed YAML

  private static final String PERCEPTRON = read(CliRunner.config("dummy-string/perceptron.yaml"));
  private static final List<String> YAML_TOKENS = List.of(":", ": ", "-", "- ", "[", "]", "{", "}", ",", "&a ", "*a",
      "!!python/object ", "!!binary ", "\t", "'", "\"", "%YAML 1.1\n", "@", "|", ">", "null", "~", "1e400", "-1", "0",
      "[]", "{}", "yes", "\n", "\n  ", "  ", "#", "? ", "---\n", "...\n", "<<: *a\n", "type: ", "layers:", "units: ",
      "\u0000", "\uFEFF", "é", "💥", "99999999999999999999", "NaN", ".inf", "extends: x.yaml\n", "extends: ../../..\n");

  @Provide
  Arbitrary<String> malformedYaml() {
    Arbitrary<String> mutated = Arbitraries.integers().between(1, 12).flatMap(n ->
        Combinators.combine(
            Arbitraries.integers().between(0, Integer.MAX_VALUE).list().ofSize(n),
            Arbitraries.of(YAML_TOKENS).list().ofSize(n),
            Arbitraries.integers().between(0, 3).list().ofSize(n))
        .as((positions, tokens, kinds) -> mutate(PERCEPTRON, positions, tokens, kinds)));
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(300);
    Arbitrary<String> tokens = Arbitraries.of(YAML_TOKENS).list().ofMaxSize(40).map(l -> String.join("", l));
    return Arbitraries.oneOf(mutated, mutated, noise, tokens);
  }

  /** Applies edits to {@code text}: insert a token, delete a run, truncate, or duplicate a line. */
  private static String mutate(String text, List<Integer> positions, List<String> tokens, List<Integer> kinds) {
    StringBuilder b = new StringBuilder(text);
    for (int i = 0; i < positions.size(); i++) {
      int at = b.length() == 0 ? 0 : positions.get(i) % b.length();
      switch (kinds.get(i)) {
        case 0 -> b.insert(at, tokens.get(i));
        case 1 -> b.delete(at, Math.min(b.length(), at + 1 + positions.get(i) % 7));
        case 2 -> b.setLength(at);
        default -> {
          int start = b.lastIndexOf("\n", at) + 1;
          int end = b.indexOf("\n", at);
          b.insert(start, b.substring(start, end < 0 ? b.length() : end + 1));
        }
      }
    }
    return b.toString();
  }

  @Property(tries = 200)
  void malformedYamlIsAClearErrorOrAValidExperiment(@ForAll("malformedYaml") String yaml) throws IOException {
    // getBytes: a lone surrogate becomes '?', as an editor would save it
    checkYaml(yaml.getBytes(StandardCharsets.UTF_8));
  }

  @Property(tries = 100)
  void randomBytesAsYamlAreAClearError(@ForAll byte[] bytes) throws IOException {
    checkYaml(bytes);
  }

  private void checkYaml(byte[] bytes) throws IOException {
    Path dir = newDir("yaml");
    Path file = dir.resolve("experiment.yaml");
    Files.write(file, bytes);
    within(() -> {
      try {
        new ExperimentLoader(registry).load(file);
      } catch (RecurException e) {
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "an error without a message");
      }
      return null;
    });
    assertCleanOutcome(within(() -> CliRunner.run("validate", file.toString())));
  }

  // ---------------------------------------------------------------- weights and checkpoints

  @Provide
  Arbitrary<byte[]> damagedWeights() {
    return damaged(bytes(trained.resolve("model/weights.safetensors")));
  }

  @Provide
  Arbitrary<byte[]> damagedCheckpoints() throws IOException {
    try (Stream<Path> s = Files.list(trained.resolve("checkpoints"))) {
      return damaged(bytes(s.sorted().findFirst().orElseThrow()));
    }
  }

  /** Random bytes, or a real file with bytes flipped, inserted, removed or cut off. */
  private static Arbitrary<byte[]> damaged(byte[] real) {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(2000);
    Arbitrary<byte[]> edited = Arbitraries.longs().map(seed -> {
      Random r = new Random(seed);
      byte[] b = real.clone();
      int edits = 1 + r.nextInt(4);
      for (int i = 0; i < edits; i++) {
        switch (r.nextInt(4)) {
          case 0 -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
          case 1 -> b = Arrays.copyOf(b, r.nextInt(b.length));
          case 2 -> {
            int at = r.nextInt(Math.min(b.length, 200) + 1);
            byte[] c = new byte[b.length + 1];
            System.arraycopy(b, 0, c, 0, at);
            c[at] = (byte) r.nextInt(256);
            System.arraycopy(b, at, c, at + 1, b.length - at);
            b = c;
          }
          default -> {
            // a plausible header length with nothing behind it
            if (b.length >= 8) {
              b[r.nextInt(8)] = (byte) r.nextInt(256);
            }
          }
        }
        if (b.length == 0) {
          break;
        }
      }
      return b;
    });
    return Arbitraries.oneOf(random, edited, edited);
  }

  @Property(tries = 200)
  void damagedWeightsAreAClearErrorOrLoadCorrectly(@ForAll("damagedWeights") byte[] weights) throws IOException {
    Path dir = newDir("model");
    Files.copy(trained.resolve("model/model.yaml"), dir.resolve("model.yaml"));
    Files.write(dir.resolve("weights.safetensors"), weights);
    within(() -> {
      try {
        SavedModel.Loaded loaded = SavedModel.load(dir, registry);
        // it loaded: then it is the model's own tensors, of the right names and shapes
        Tensor w = Safetensors.read(dir.resolve("weights.safetensors")).tensors().get("dense_2.weight");
        assertArrayEquals(w.data(), loaded.model().parameters().get("dense_2.weight").data());
      } catch (RecurException e) {
        assertTrue(e.getMessage().contains("weights.safetensors"), "the message names the file: " + e.getMessage());
      }
      return null;
    });
  }

  @Property(tries = 200)
  void damagedCheckpointsAreAClearErrorOrReadBackIntact(@ForAll("damagedCheckpoints") byte[] bytes) throws IOException {
    Path file = newDir("ckpt").resolve("step-000000000001.safetensors");
    Files.write(file, bytes);
    within(() -> {
      try {
        CheckpointFile.Contents c = CheckpointFile.read(file);
        // only a change the checksum does not cover (header padding, JSON spacing) may pass
        assertTrue(c.tensors().containsKey("model.dense_2.weight"), c.tensors().keySet().toString());
      } catch (RecurException e) {
        assertTrue(e.getMessage().startsWith(file.toString()), "the message names the file: " + e.getMessage());
      }
      return null;
    });
  }

  /** End to end: a resume over damaged checkpoints falls back or starts over, and still ends right. */
  @Property(tries = 5)
  void resumingOverADamagedCheckpointStillEndsWithTheRightWeights(@ForAll("damagedCheckpoints") byte[] bytes)
      throws IOException {
    Path run = newDir("resume").resolve("run");
    copyTree(trained, run);
    try (Stream<Path> s = Files.list(run.resolve("checkpoints"))) {
      Path newest = s.sorted(Comparator.reverseOrder()).findFirst().orElseThrow();
      Files.write(newest, bytes);
    }
    CliRunner.Result r = within(() -> CliRunner.run(Runs.args("dummy-string/perceptron.yaml", run, "--set",
        "training.epochs=2", "--set", "data.samples=60", "--resume").toArray(String[]::new)));
    assertCleanOutcome(r);
    assertEquals(0, r.exitCode(), r.err());
    Runs.assertSameResult(trained, run);
  }

  // ---------------------------------------------------------------- datasets

  private static final List<String> TSV_TOKENS = List.of("sequence", "label", "\t", "\n", "\r\n", "ACGT", "A", "GG",
      "0", "1", "2", "", " ", "\"", "'", "\u0000", "é", "💥", "\t\t", "label\tsequence\n", "sequence\tlabel\n", "#",
      "x".repeat(300));

  @Provide
  Arbitrary<String> tsvFiles() {
    Arbitrary<String> rows = Combinators.combine(
            Arbitraries.strings().withChars("ACGT").ofMinLength(0).ofMaxLength(14),
            Arbitraries.of("0", "1", "2", "", "x", "0\t1"))
        .as((seq, label) -> seq + "\t" + label).list().ofMaxSize(40)
        .map(l -> "sequence\tlabel\n" + String.join("\n", l) + "\n");
    Arbitrary<String> tokens = Arbitraries.of(TSV_TOKENS).list().ofMaxSize(60).map(l -> String.join("", l));
    Arbitrary<String> noise = Arbitraries.strings().ofMaxLength(400);
    return Arbitraries.oneOf(rows, rows, tokens, noise);
  }

  @Property(tries = 40)
  void randomTsvDataIsAClearErrorOrTrains(@ForAll("tsvFiles") String tsv) throws IOException {
    Path dir = newDir("tsv");
    Files.writeString(dir.resolve("data.tsv"), tsv, StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("experiment.yaml"), """
        name: random-tsv
        data: {type: tsv, path: data.tsv, split: [2, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: gru, units: 2, output: last}
            - {type: dense, units: 3, activation: softmax}
        loss: cross-entropy
        optimizer: {type: sgd, learning_rate: 0.01}
        training: {epochs: 1, batch_size: 4}
        metrics: [accuracy]
        """);
    Path run = dir.resolve("run");
    CliRunner.Result r = within(() -> CliRunner.run("train", dir.resolve("experiment.yaml").toString(), "--run-dir",
        run.toString()));
    assertCleanOutcome(r);
    if (r.exitCode() == 2) {
      assertFalse(Files.exists(run), "a run that fails on its data writes nothing: " + r.err());
    } else {
      for (String f : List.of("config.yaml", "provenance.json", "metrics.jsonl", "model/model.yaml",
          "model/weights.safetensors", "report.html")) {
        assertTrue(Files.exists(run.resolve(f)), f);
      }
    }
  }

  // ---------------------------------------------------------------- layer stacks and input shapes

  @Provide
  Arbitrary<List<String>> layerStacks() {
    Arbitrary<String> layer = Arbitraries.oneOf(
        Arbitraries.integers().between(1, 4).map(u -> "{type: dense, units: " + u + "}"),
        Arbitraries.integers().between(1, 3).flatMap(u -> Arbitraries.of("rnn", "lstm", "gru")
            .flatMap(c -> Arbitraries.of("sequence", "last").map(o -> "{type: " + c + ", units: " + u + ", output: " + o + "}"))),
        Arbitraries.just("{type: flatten}"),
        Arbitraries.just("{type: embedding, one_hot: true}"),
        Arbitraries.integers().between(1, 3).map(u -> "{type: embedding, units: " + u + "}"),
        Arbitraries.just("{type: dropout, rate: 0.5}"),
        Arbitraries.of("tanh", "softmax", "relu").map(a -> "{type: activation, activation: " + a + "}"));
    return layer.list().ofMinSize(1).ofMaxSize(4);
  }

  @Property(tries = 120)
  void randomLayerStacksAndInputShapesBuildAndRunOrFailClearly(@ForAll("layerStacks") List<String> layers,
      @ForAll("inputShapes") int[] inputShape, @ForAll boolean tokenIds, @ForAll("batchShapes") int[] batchExtra)
      throws IOException {
    Path file = newDir("layers").resolve("experiment.yaml");
    StringBuilder yaml = new StringBuilder("name: shapes\ndata: {type: dummy-string, samples: 10}\nmodel:\n  layers:\n");
    layers.forEach(l -> yaml.append("    - ").append(l).append('\n'));
    yaml.append("loss: mse\noptimizer: {type: sgd, learning_rate: 0.1}\n");
    Files.writeString(file, yaml);
    within(() -> {
      ExperimentSpec spec;
      try {
        spec = new ExperimentLoader(registry).load(file);
      } catch (RecurException e) {
        return null;
      }
      int vocabulary = tokenIds ? 4 : 0;
      Model model;
      try {
        model = new ModelBuilder(registry, RandomStreams.fresh(1, RandomStreams.INIT)).build(spec.layers(), inputShape,
            vocabulary);
      } catch (RecurException e) {
        assertFalse(e.getMessage().isBlank());
        return null;
      }
      // a batch of the declared shape runs and has the declared output shape
      int n = 3;
      Tensor x = input(n, inputShape, tokenIds);
      Tensor y = model.forward(x, Contexts.training(null, RandomStreams.fresh(1, RandomStreams.DROPOUT)));
      int[] expected = new int[model.outputShape().length + 1];
      expected[0] = n;
      System.arraycopy(model.outputShape(), 0, expected, 1, model.outputShape().length);
      assertArrayEquals(expected, y.shape(), model.toString());
      if (model.parameterCount() > 0) {
        y.sum().backward();
      }
      // a batch of another shape is refused with a message, never an index error
      int[] wrong = new int[inputShape.length + batchExtra.length];
      System.arraycopy(inputShape, 0, wrong, 0, inputShape.length);
      System.arraycopy(batchExtra, 0, wrong, inputShape.length, batchExtra.length);
      wrong[0] = wrong[0] + (batchExtra.length == 0 ? 1 : 0);
      try {
        Tensor z = model.forward(input(n, wrong, tokenIds), Contexts.evaluation(null));
        // some layers accept any length (recurrent ones over time); then the shape must still be consistent
        assertEquals(n, z.dim(0));
      } catch (RecurException e) {
        assertFalse(e.getMessage().isBlank());
      }
      return null;
    });
  }

  @Provide
  Arbitrary<int[]> inputShapes() {
    return Arbitraries.integers().between(1, 5).array(int[].class).ofMinSize(1).ofMaxSize(2);
  }

  @Provide
  Arbitrary<int[]> batchShapes() {
    return Arbitraries.integers().between(1, 3).array(int[].class).ofMaxSize(1);
  }

  private static Tensor input(int n, int[] shape, boolean tokenIds) {
    int per = 1;
    for (int d : shape) {
      per *= d;
    }
    float[] data = new float[n * per];
    Random r = new Random(n * 31L + per);
    for (int i = 0; i < data.length; i++) {
      data[i] = tokenIds ? r.nextInt(4) : (float) r.nextGaussian();
    }
    int[] full = new int[shape.length + 1];
    full[0] = n;
    System.arraycopy(shape, 0, full, 1, shape.length);
    return Tensor.of(data, full);
  }

  // ---------------------------------------------------------------- helpers

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] bytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    List<Path> all = new ArrayList<>();
    try (Stream<Path> s = Files.walk(from)) {
      s.forEach(all::add);
    }
    for (Path p : all) {
      Path target = to.resolve(from.relativize(p).toString());
      if (Files.isDirectory(p)) {
        Files.createDirectories(target);
      } else {
        Files.copy(p, target);
      }
    }
  }
}
