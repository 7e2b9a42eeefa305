package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.AtomicFiles;
import io.recur.io.Safetensors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input made at test time, each answered with exit 2, one message naming the file (and the
 * line where there is one), no stack trace, and no half-written file.
 *
 * <table>
 * <caption>Failures and their answers</caption>
 * <tr><th>item</th><th>input</th><th>command</th><th>message (start)</th></tr>
 * <tr><td>1</td><td>a 10 MB line in a TSV</td><td>train</td>
 *     <td>{@code data.tsv:3: a line of 10000002 characters, more than the 1000000 one item may have}</td></tr>
 * <tr><td>1</td><td>a 10 MB line in a text corpus, {@code mode: lines}</td><td>train</td>
 *     <td>{@code corpus.txt:2: a line of 10000000 characters, …}</td></tr>
 * <tr><td>1</td><td>a 10 MB line in the TSV of {@code evaluate --data}</td><td>evaluate</td>
 *     <td>{@code data.tsv:3: a line of …}</td></tr>
 * <tr><td>2</td><td>{@code units: 2000000000} on a dense layer</td><td>train</td>
 *     <td>{@code layer 'dense_2' (dense): could not be built …}</td></tr>
 * <tr><td>2</td><td>{@code units: 400000000}: fits an array, not the heap</td><td>train</td>
 *     <td>{@code layer 'dense_2' (dense): … needs about … MiB to train …}</td></tr>
 * <tr><td>3</td><td>{@code data.path=/dev/zero}</td><td>train</td>
 *     <td>{@code /dev/zero: is not a regular file …}</td></tr>
 * <tr><td>3</td><td>{@code weights.safetensors} → {@code /dev/zero}</td><td>predict</td>
 *     <td>{@code …/weights.safetensors: is not a regular file …}</td></tr>
 * <tr><td>4</td><td>a 10 MB scalar in the experiment file</td><td>validate</td>
 *     <td>{@code big.yaml: … bytes, more than the 10485760 bytes (10 MiB) Recur reads}</td></tr>
 * <tr><td>4</td><td>a 10 MB scalar in {@code model.yaml}</td><td>predict</td>
 *     <td>{@code …/model.yaml: … bytes, more than …}</td></tr>
 * <tr><td>5</td><td>{@code data.samples=2147483647}</td><td>validate, train</td>
 *     <td>{@code …: data.samples: expected an integer between 1 and 10000000 …}</td></tr>
 * <tr><td>7</td><td>a TSV {@code path:} that is a folder, a symbolic link loop</td><td>train</td>
 *     <td>{@code …: is a directory …}, {@code …: a loop of symbolic links …}</td></tr>
 * <tr><td>7</td><td>{@code weights.safetensors} a folder, a symbolic link loop</td><td>predict</td>
 *     <td>{@code …: is a directory …}, {@code …: a loop of symbolic links …}</td></tr>
 * <tr><td>8</td><td>a full disk while writing {@code config.yaml}, a checkpoint</td><td>train</td>
 *     <td>{@code …/config.yaml: cannot write: No space left on device}</td></tr>
 * <tr><td>13</td><td>a full disk while writing {@code report.html}</td><td>train</td>
 *     <td>exit 0 (model saved), {@code warning: report.html not written: …}, and {@code
 *     "incomplete": {"report.html": …}} in provenance.json</td></tr>
 * <tr><td>12</td><td>a weights file with bytes after the data</td><td>predict</td>
 *     <td>{@code …: 4 bytes after the last tensor's data …}</td></tr>
 * <tr><td>14</td><td>{@code data.split=[0,0,0]}, {@code [-1,2,0]}</td><td>validate</td>
 *     <td>{@code …: data.split: split needs at least one positive ratio …}</td></tr>
 * </table>
 */
class BadInputCorpusTest {
  private static final int TEN_MB = 10_000_000;

  @TempDir static Path shared;
  /** dummy-string perceptron, trained once. */
  static Path model;

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    model = PredictFixtures.train(CliRunner.config("dummy-string/perceptron.yaml"), shared.resolve("run"),
        "training.epochs=1", "data.samples=60");
  }

  private static CliRunner.Result run(String... args) {
    return CliRunner.run(args);
  }

  /** Exit 2, one message containing {@code message}, no stack trace, nothing on standard output. */
  private static void assertRefused(CliRunner.Result r, String message) {
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
    assertFalse(r.err().contains("internal error"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
    assertFalse(r.err().contains("Exception"), "no exception name: " + r.err());
  }

  /** The run directory holds no temporary file and nothing at all when the run failed before writing. */
  private static void assertNothingHalfWritten(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      List<Path> tmps = s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
      assertEquals(List.of(), tmps, "temporary files left behind");
    }
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(tmp.resolve(name), text, StandardCharsets.UTF_8);
  }

  private Path tsvConfig(String path) throws IOException {
    return write("tsv.yaml", "name: tsv\nseed: 1\ndata: {type: tsv, path: '" + path + "', split: [2, 1, 0]}\n"
        + "model:\n  layers:\n    - {type: embedding, one_hot: true}\n    - {type: gru, units: 4, output: last}\n"
        + "    - {type: dense, units: 2, activation: softmax}\nloss: cross-entropy\n"
        + "optimizer: {type: sgd, learning_rate: 0.1}\ntraining: {epochs: 1, batch_size: 4}\n");
  }

  private static String tsvWithLongLine() {
    StringBuilder b = new StringBuilder("sequence\tlabel\nACGT\t0\n");
    b.append("A".repeat(TEN_MB)).append("\t1\n");
    for (int i = 0; i < 10; i++) {
      b.append("ACGA\t").append(i % 2).append('\n');
    }
    return b.toString();
  }

  private CliRunner.Result train(Path config, Path runDir, String... sets) {
    List<String> args = new ArrayList<>(List.of("train", config.toString(), "--run-dir", runDir.toString()));
    for (String s : sets) {
      args.add("--set");
      args.add(s);
    }
    return run(args.toArray(String[]::new));
  }

  /** A copy of the trained model directory, to damage. */
  private Path modelCopy() throws IOException {
    Path copy = tmp.resolve("model-copy");
    Files.createDirectories(copy);
    try (Stream<Path> s = Files.list(model)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
    }
    return copy;
  }

  private CliRunner.Result predict(Path modelDir) throws IOException {
    Path input = write("input.txt", "ACGTACGTACGT\n");
    return run("predict", "--model", modelDir.toString(), "--input", input.toString());
  }

  // ---------------------------------------------------------------- 1: long lines

  @Test
  void aTenMegabyteLineInATsvNamesTheLine() throws IOException {
    Path data = write("data.tsv", tsvWithLongLine());
    Path runDir = tmp.resolve("run");
    CliRunner.Result r = train(tsvConfig("data.tsv"), runDir);
    assertRefused(r, data + ":3: a line of 10000002 characters, more than the 1000000 one item may have");
    assertFalse(Files.exists(runDir), "a run that fails while loading its data leaves nothing");
  }

  @Test
  void aTenMegabyteLineInALinesCorpusNamesTheLine() throws IOException {
    Path corpus = write("corpus.txt", "abc\n" + "x".repeat(TEN_MB) + "\ndef\n");
    Path config = write("lines.yaml", "name: lines\nseed: 1\ndata: {type: text, path: corpus.txt, mode: lines}\n"
        + "model:\n  layers:\n    - {type: embedding, one_hot: true}\n    - {type: gru, units: 4}\n"
        + "    - {type: dense, units: 8}\nloss: cross-entropy\noptimizer: {type: sgd, learning_rate: 0.1}\n"
        + "training: {epochs: 1}\n");
    Path runDir = tmp.resolve("run");
    assertRefused(train(config, runDir), corpus + ":2: a line of 10000000 characters, more than the 1000000");
    assertFalse(Files.exists(runDir));
  }

  @Test
  void aTenMegabyteLineInTheDataOfEvaluateNamesTheLine() throws IOException {
    write("good.tsv", "sequence\tlabel\n" + "ACGT\t0\nACGA\t1\n".repeat(8));
    Path runDir = tmp.resolve("run");
    CliRunner.Result trained = train(tsvConfig("good.tsv"), runDir);
    assertEquals(0, trained.exitCode(), trained.err());
    Path data = write("data.tsv", tsvWithLongLine());
    Path config = tsvConfig("data.tsv");
    CliRunner.Result r = run("evaluate", "--model", runDir.resolve("model").toString(), "--data", config.toString());
    assertRefused(r, data + ":3: a line of 10000002 characters");
    assertNothingHalfWritten(runDir);
  }

  // ---------------------------------------------------------------- 2: absurd sizes

  @Test
  void aDenseLayerOfTwoBillionUnitsIsRefusedNamingTheLayer() throws IOException {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r = train(CliRunner.config("dummy-string/perceptron.yaml"), runDir,
        "model.layers[2].units=2000000000");
    assertRefused(r, "layer 'dense_2' (dense): could not be built for input [48]");
    assertFalse(Files.exists(runDir));
  }

  @Test
  void aLayerThatFitsAnArrayButNotTheHeapIsRefusedBeforeAllocating() throws IOException {
    // 400,000,000 × 48 floats is over 2^31; 40,000,000 × 48 = 1.9e9 floats fits an array but not a test heap
    Path runDir = tmp.resolve("run");
    CliRunner.Result r = train(CliRunner.config("dummy-string/perceptron.yaml"), runDir,
        "model.layers[2].units=40000000");
    assertRefused(r, "layer 'dense_2' (dense): could not be built for input [48]: a parameter of shape [40000000, 48]");
    assertFalse(Files.exists(runDir));
  }

  // ---------------------------------------------------------------- 3, 7: special files

  @Test
  void aDataPathOfDevZeroIsRefused() throws IOException {
    Path runDir = tmp.resolve("run");
    assertRefused(train(tsvConfig("/dev/zero"), runDir), "/dev/zero: is not a regular file");
    assertFalse(Files.exists(runDir));
  }

  @Test
  void aDataPathThatIsAFolderOrALinkLoopIsRefused() throws IOException {
    Files.createDirectories(tmp.resolve("folder.tsv"));
    Path runDir = tmp.resolve("run");
    assertRefused(train(tsvConfig("folder.tsv"), runDir), tmp.resolve("folder.tsv") + ": is a directory");
    Path loop = tmp.resolve("loop.tsv");
    Files.createSymbolicLink(loop, loop);
    assertRefused(train(tsvConfig("loop.tsv"), runDir), loop + ": a loop of symbolic links");
    assertFalse(Files.exists(runDir));
  }

  @Test
  void weightsThatAreDevZeroAFolderOrALinkLoopAreRefused() throws IOException {
    Path copy = modelCopy();
    Path weights = copy.resolve("weights.safetensors");
    Files.delete(weights);
    Files.createSymbolicLink(weights, Path.of("/dev/zero"));
    assertRefused(predict(copy), weights + ": is not a regular file (a device, a FIFO or a socket)");
    Files.delete(weights);
    Files.createDirectory(weights);
    assertRefused(predict(copy), weights + ": is a directory; expected a safetensors file");
    Files.delete(weights);
    Files.createSymbolicLink(weights, weights);
    assertRefused(predict(copy), weights + ": a loop of symbolic links; expected a safetensors file");
  }

  // ---------------------------------------------------------------- 4: huge YAML

  @Test
  void aTenMegabyteScalarInAConfigIsRefusedBeforeParsing() throws IOException {
    Path config = write("big.yaml", "name: " + "x".repeat(11 << 20) + "\n");
    long start = System.nanoTime();
    CliRunner.Result r = run("validate", config.toString());
    assertRefused(r, "more than the 10485760 bytes (10 MiB) Recur reads");
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "refused without parsing");
  }

  @Test
  void aTenMegabyteScalarInModelYamlIsRefused() throws IOException {
    Path copy = modelCopy();
    Path yaml = copy.resolve("model.yaml");
    Files.writeString(yaml, Files.readString(yaml) + "note: " + "x".repeat(11 << 20) + "\n");
    assertRefused(predict(copy), yaml + ": ");
    assertRefused(predict(copy), "more than the 10485760 bytes (10 MiB) Recur reads");
  }

  // ---------------------------------------------------------------- 5: sample counts

  @Test
  void anAbsurdSampleCountIsRefusedByValidateAsByTrain() {
    Path config = CliRunner.config("dummy-string/perceptron.yaml");
    assertRefused(run("validate", config.toString(), "--set", "data.samples=2147483647"), "data.samples");
    Path runDir = tmp.resolve("run");
    assertRefused(train(config, runDir, "data.samples=2147483647"), "data.samples");
    assertFalse(Files.exists(runDir));
  }

  // ---------------------------------------------------------------- 8: full disk

  @Test
  void aFullDiskWhileWritingTheConfigIsExitTwo() throws Exception {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r;
    try (AutoCloseable full = AtomicFiles.simulateFullDisk(p -> p.getFileName().toString().equals("config.yaml"))) {
      r = train(CliRunner.config("dummy-string/perceptron.yaml"), runDir, "training.epochs=1", "data.samples=60");
    }
    assertRefused(r, runDir.resolve("config.yaml") + ": cannot write: No space left on device");
    assertFalse(Files.exists(runDir.resolve("config.yaml")));
    assertNothingHalfWritten(runDir);
  }

  @Test
  void aFullDiskWhileWritingACheckpointIsExitTwo() throws Exception {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r;
    try (AutoCloseable full = AtomicFiles.simulateFullDisk(p -> p.getParent().getFileName().toString().equals("checkpoints"))) {
      r = train(CliRunner.config("dummy-string/perceptron.yaml"), runDir, "training.epochs=1", "data.samples=60");
    }
    assertRefused(r, ": cannot write: No space left on device");
    assertTrue(r.err().contains(runDir.resolve("checkpoints").toString()), r.err());
    assertNothingHalfWritten(runDir);
  }

  // ---------------------------------------------------------------- 13: report not written

  @Test
  void aReportThatCannotBeWrittenIsRecordedInProvenance() throws Exception {
    Path runDir = tmp.resolve("run");
    CliRunner.Result r;
    try (AutoCloseable full = AtomicFiles.simulateFullDisk(p -> p.getFileName().toString().equals("report.html"))) {
      r = train(CliRunner.config("dummy-string/perceptron.yaml"), runDir, "training.epochs=1", "data.samples=60");
    }
    assertEquals(0, r.exitCode(), "the model and metrics are saved: " + r.err());
    assertTrue((r.out() + r.err()).contains("warning: report.html not written: " + runDir.resolve("report.html")
        + ": cannot write: No space left on device"), r.out() + r.err());
    Map<?, ?> provenance = (Map<?, ?>) io.recur.io.Json.read(Files.readString(runDir.resolve("provenance.json")));
    assertEquals(Map.of("report.html", runDir.resolve("report.html") + ": cannot write: No space left on device"),
        provenance.get("incomplete"));
    assertFalse(Files.exists(runDir.resolve("report.html")));
    assertNothingHalfWritten(runDir);
  }

  // ---------------------------------------------------------------- 11: leftovers on resume

  @Test
  void resumeRemovesTheTemporaryFilesOfAKilledWrite() throws IOException {
    Path runDir = tmp.resolve("run");
    Path config = CliRunner.config("dummy-string/perceptron.yaml");
    assertEquals(0, train(config, runDir, "training.epochs=1", "data.samples=60").exitCode());
    Path leftover = runDir.resolve("model").resolve(".weights.safetensors." + UUID.randomUUID() + ".tmp");
    Files.write(leftover, new byte[100]);
    Path foreign = runDir.resolve(".predictions.tsv." + UUID.randomUUID() + ".tmp");
    Files.write(foreign, new byte[10]);
    CliRunner.Result r = run("train", config.toString(), "--run-dir", runDir.toString(), "--resume",
        "--set", "training.epochs=1", "--set", "data.samples=60");
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(Files.exists(leftover), "the model's temporary file is removed");
    assertTrue(Files.exists(foreign), "another command's temporary file is not the run's to remove");
  }

  // ---------------------------------------------------------------- 12: strict safetensors

  @Test
  void weightsWithTrailingBytesAreRefused() throws IOException {
    Path copy = modelCopy();
    Path weights = copy.resolve("weights.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    byte[] longer = java.util.Arrays.copyOf(bytes, bytes.length + 4);
    Files.write(weights, longer);
    assertRefused(predict(copy), weights + ": 4 bytes after the last tensor's data");
    Safetensors.decode(bytes, "intact");
  }

  // ---------------------------------------------------------------- 14: split

  @Test
  void validateRefusesTheSplitsTrainRefuses() {
    Path config = CliRunner.config("dummy-string/perceptron.yaml");
    for (Map.Entry<String, String> e : Map.of("[0,0,0]", "split needs at least one positive ratio",
        "[-1,2,0]", "data.split").entrySet()) {
      assertRefused(run("validate", config.toString(), "--set", "data.split=" + e.getKey()), e.getValue());
      Path runDir = tmp.resolve("run" + Math.abs(e.getKey().hashCode()));
      assertRefused(train(config, runDir, "data.split=" + e.getKey()), e.getValue());
    }
  }

  static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s.sorted(Comparator.reverseOrder())::iterator) {
        Files.delete(p);
      }
    }
  }
}
