package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Safetensors;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur predict} refuses what it cannot read or must not write with exit 2 and a message
 * naming the file (and the line, and the byte offset where it matters), and leaves an existing
 * output file as it was when it fails part-way.
 */
class PredictBadInputTest {
  @TempDir static Path shared;
  /** dummy-string perceptron: fixed-length strings over ACGT, no {@code <unk>}. */
  static Path run;
  static Path model;

  @TempDir Path tmp;

  @BeforeAll
  static void train() {
    run = shared.resolve("run");
    model = PredictFixtures.train(CliRunner.config("dummy-string/perceptron.yaml"), run, "training.epochs=1",
        "data.samples=60");
  }

  private static CliRunner.Result predict(Path modelDir, Path input, String... extra) {
    List<String> args = new ArrayList<>(List.of("predict", "--model", modelDir.toString(), "--input", input.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static void assertRefused(String message, CliRunner.Result r) {
    assertEquals(2, r.exitCode(), r.err());
    assertEquals(message, r.err().strip());
    assertEquals("", r.out(), "nothing printed on standard output");
  }

  private Path file(String name, byte[] bytes) throws IOException {
    Path f = tmp.resolve(name);
    Files.write(f, bytes);
    return f;
  }

  @Test
  void anEmptyFileIsRefused() throws IOException {
    Path f = file("empty.txt", new byte[0]);
    assertRefused(f + ": no input lines (the file is empty or every line is blank); expected one item a line",
        predict(model, f));
  }

  @Test
  void aFileOfBlankLinesIsRefused() throws IOException {
    Path f = file("blank.txt", "\n   \n\t\n\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(f + ": no input lines (the file is empty or every line is blank); expected one item a line",
        predict(model, f));
  }

  @Test
  void aBinaryFileIsRefusedNamingTheLineAndByteOfItsNul() throws IOException {
    Path f = file("binary.txt", "ACGTACGTACGT\nACG\0TACGTACGT\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(f + ":2: binary data (a NUL byte at byte offset 16); expected text, one item a line",
        predict(model, f));
  }

  @Test
  void aFileThatIsNotUtf8IsRefusedNamingTheLineAndByteOffset() throws IOException {
    byte[] latin1 = "ACGTACGTACGT\nACGTACGTACG\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
    Path f = file("latin1.txt", latin1);
    assertRefused(f + ":2: not UTF-8 text (byte offset 24); save the file as UTF-8", predict(model, f));
  }

  @Test
  void aDirectoryAMissingFileAndALoopOfLinksAreRefused() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("folder"));
    assertRefused(dir + ": is a directory; expected a text file, one item a line", predict(model, dir));
    Path missing = tmp.resolve("missing.txt");
    assertRefused(missing + ": no such file", predict(model, missing));
    Path a = tmp.resolve("a.txt");
    Path b = tmp.resolve("b.txt");
    Files.createSymbolicLink(a, b);
    Files.createSymbolicLink(b, a);
    assertRefused(a + ": a loop of symbolic links; expected a text file, one item a line", predict(model, a));
  }

  @Test
  void aCharacterOutsideTheVocabularyOfAModelWithoutUnkNamesTheLine() throws IOException {
    Path f = file("x.txt", "ACGTACGTACGT\n\nACGTACGTxCGT\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(f + ":3: character 'x' is not in the model's vocabulary [A, C, G, T]", predict(model, f));
  }

  @Test
  void aStringOfTheWrongLengthNamesTheLine() throws IOException {
    Path f = file("short.txt", "ACGTACGTACGT\nACGT\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(f + ":2: expected 12 characters, got 4; this model reads sequences of exactly 12",
        predict(model, f));
  }

  @Test
  void aNumberThatDoesNotParseForTheSineModelNamesTheLineAndValue() throws IOException {
    Path sine = PredictFixtures.train(CliRunner.config("sine/one-frequency.yaml"), tmp.resolve("sine"),
        "training.epochs=1", "data.samples=20", "data.steps=10");
    Path f = file("numbers.txt", "0.1, 0.2, 0.3\n\n0.5, zero, 0.7\n".getBytes(StandardCharsets.UTF_8));
    assertRefused(f + ":3: value 2 'zero' is not a number; expected comma-separated numbers such as 0.5, 1.25, -3",
        predict(sine, f));
  }

  private Path goodInput() throws IOException {
    return file("good.txt", "ACGTACGTACGT\nCCCCGGGGAAAA\n".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anOutputIntoTheModelFolderIsRefusedAndTheWeightsStayByteForByte() throws IOException {
    Path weights = model.resolve("weights.safetensors");
    byte[] before = Files.readAllBytes(weights);
    CliRunner.Result r = predict(model, goodInput(), "--output", weights.toString());
    assertRefused("--output " + weights + ": would overwrite the model's weights.safetensors in "
        + model.toRealPath() + "; choose a file outside the model folder", r);
    assertArrayEquals(before, Files.readAllBytes(weights));
    Path other = model.resolve("predictions.tsv");
    assertRefused("--output " + other + ": would write into the saved model folder " + model.toRealPath()
        + "; choose a file outside the model folder", predict(model, goodInput(), "--output", other.toString()));
    assertTrue(Files.notExists(other));
  }

  @Test
  void anOutputThatIsTheInputIsRefusedAndTheInputKept() throws IOException {
    Path in = goodInput();
    byte[] before = Files.readAllBytes(in);
    assertRefused("--output " + in + ": would overwrite the input file " + in + "; choose another file",
        predict(model, in, "--output", in.toString()));
    assertArrayEquals(before, Files.readAllBytes(in));
  }

  @Test
  void anOutputThatIsTheRunsConfigIsRefused() throws IOException {
    Path config = run.resolve("config.yaml");
    byte[] before = Files.readAllBytes(config);
    assertRefused("--output " + config + ": would overwrite the run's config.yaml in " + run.toRealPath()
        + "; choose another file (a new file in the run directory is fine)",
        predict(model, goodInput(), "--output", config.toString()));
    assertArrayEquals(before, Files.readAllBytes(config));
  }

  @Test
  void anExistingOutputIsLeftAsItWasWhenABadLineComesAfterAHundredGoodOnes() throws IOException {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 100; i++) {
      text.append("ACGTACGTACGT\n");
    }
    text.append("ACGTACGTACGz\n");
    Path f = file("long.txt", text.toString().getBytes(StandardCharsets.UTF_8));
    Path out = Files.createDirectories(tmp.resolve("out")).resolve("predictions.tsv");
    Files.writeString(out, "yesterday's predictions\n");
    assertRefused(f + ":101: character 'z' is not in the model's vocabulary [A, C, G, T]",
        predict(model, f, "--output", out.toString(), "--batch-size", "10"));
    assertEquals("yesterday's predictions\n", Files.readString(out));
    try (Stream<Path> left = Files.list(out.getParent())) {
      assertEquals(List.of(out), left.toList(), "no temporary file left beside the output");
    }
    // and without a previous file, none appears
    Path fresh = out.resolveSibling("fresh.tsv");
    assertEquals(2, predict(model, f, "--output", fresh.toString(), "--batch-size", "10").exitCode());
    assertTrue(Files.notExists(fresh));
  }

  @Test
  void weightsHoldingNanAreRefusedNamingTheTensor() throws IOException {
    Path copy = Files.createDirectories(tmp.resolve("nan-model"));
    try (Stream<Path> files = Files.list(model)) {
      for (Path p : files.toList()) {
        Files.copy(p, copy.resolve(p.getFileName()));
      }
    }
    Path weights = copy.resolve("weights.safetensors");
    Safetensors.Contents c = Safetensors.read(weights);
    Map<String, Tensor> poisoned = new LinkedHashMap<>(c.tensors());
    String name = poisoned.keySet().iterator().next();
    Tensor t = poisoned.get(name);
    float[] nan = new float[t.size()];
    java.util.Arrays.fill(nan, Float.NaN);
    poisoned.put(name, Tensor.of(nan, t.shape()));
    Safetensors.write(weights, poisoned, c.metadata());
    CliRunner.Result r = predict(copy, goodInput());
    assertEquals(2, r.exitCode(), r.err());
    assertTrue(r.err().strip().startsWith(weights + ": tensor '" + name + "' holds NaN (element "), r.err());
    assertTrue(r.err().contains("the model cannot be used"), r.err());
  }
}
