package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Safetensors;
import io.recur.tensor.Tensor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur predict} with {@code .safetensors} in and out, against PyTorch: the fixture
 * ({@code tools/pytorch/make_interchange_fixture.py}) is a 2-layer bidirectional nn.LSTM whose
 * {@code state_dict}, prefix renamed, sits in a model directory with a hand-written minimal
 * {@code model.yaml}, and PyTorch's output, h_n and c_n on a padded batch.
 */
class PredictInterchangeTest {
  private static final double TOLERANCE = 1e-5;

  @TempDir Path tmp;

  private static Path fixture(String name) throws URISyntaxException {
    return Path.of(PredictInterchangeTest.class.getResource("/interchange/" + name).toURI());
  }

  private static void assertClose(Tensor expected, Tensor actual, String name) {
    assertArrayEquals(expected.shape(), actual.shape(), name + " shape");
    float[] e = expected.data();
    float[] a = actual.data();
    for (int i = 0; i < e.length; i++) {
      assertEquals(e[i], a[i], TOLERANCE, name + "[" + i + "]");
    }
  }

  @Test
  void aPyTorchLstmStateDictReproducesPyTorchsOutputAndFinalStates() throws Exception {
    Path out = tmp.resolve("y.safetensors");
    CliRunner.Result r = CliRunner.run("predict", "--model", fixture("model").toString(),
        "--input", fixture("input.safetensors").toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("wrote " + out), r.out());

    Map<String, Tensor> expected = Safetensors.read(fixture("expected.safetensors")).tensors();
    Map<String, Tensor> actual = Safetensors.read(out).tensors();
    assertEquals(List.of("output", "h_n", "c_n"), List.copyOf(actual.keySet()));
    assertArrayEquals(new int[] {3, 5, 8}, actual.get("output").shape());
    assertArrayEquals(new int[] {4, 3, 4}, actual.get("h_n").shape());
    for (String name : List.of("output", "h_n", "c_n")) {
      assertClose(expected.get(name), actual.get(name), name);
    }
  }

  @Test
  void withoutLengthsEveryStepCountsAndTheOutputDiffersFromThePaddedRun() throws Exception {
    Map<String, Tensor> in = Safetensors.read(fixture("input.safetensors")).tensors();
    Path input = tmp.resolve("x.safetensors");
    Safetensors.write(input, Map.of("input", in.get("input")), Map.of());
    CliRunner.Result r = CliRunner.run("predict", "--model", fixture("model").toString(), "--input", input.toString());
    assertEquals(0, r.exitCode(), r.err());
    // no --output: written beside the input
    Map<String, Tensor> actual = Safetensors.read(tmp.resolve("x.output.safetensors")).tensors();
    Map<String, Tensor> expected = Safetensors.read(fixture("expected.safetensors")).tensors();
    // row 0 has full length, so it matches PyTorch either way; row 1 (length 2) now reads its padding
    float[] a = actual.get("output").data();
    float[] e = expected.get("output").data();
    for (int i = 0; i < 5 * 8; i++) {
      assertEquals(e[i], a[i], TOLERANCE, "row 0, value " + i);
    }
    assertTrue(Math.abs(a[5 * 8 + 2 * 8] - e[5 * 8 + 2 * 8]) > 1e-3, "row 1, step 2 is no longer padding");
  }

  @Test
  void lengthsThatDoNotFitTheInputAreAnErrorNamingTheFile() throws Exception {
    Tensor x = Safetensors.read(fixture("input.safetensors")).tensors().get("input");
    Map<String, Tensor> bad = new LinkedHashMap<>();
    bad.put("input", x);
    bad.put("lengths", Tensor.of(new float[] {5, 6, 1}, 3));
    Path input = tmp.resolve("bad.safetensors");
    Safetensors.write(input, bad, Map.of());
    CliRunner.Result r = CliRunner.run("predict", "--model", fixture("model").toString(), "--input", input.toString());
    assertEquals(2, r.exitCode());
    assertEquals(input + ": tensor 'lengths': row 1 has length 6.0; expected a whole number from 1 to 5"
        + " (the time steps of 'input')", r.err().strip());

    bad.put("lengths", Tensor.of(new float[] {5, 2}, 2));
    Safetensors.write(input, bad, Map.of());
    r = CliRunner.run("predict", "--model", fixture("model").toString(), "--input", input.toString());
    assertEquals(2, r.exitCode());
    assertEquals(input + ": tensor 'lengths' has shape [2]; expected [3], one length per row of 'input' [3, 5, 3]",
        r.err().strip());
  }

  @Test
  void aModelEndingInADenseLayerWritesOnlyItsOutput() throws Exception {
    Path run = tmp.resolve("run");
    CliRunner.Result t = CliRunner.run("train", CliRunner.config("dummy-string/lstm.yaml").toString(),
        "--run-dir", run.toString(), "--set", "training.epochs=1");
    assertEquals(0, t.exitCode(), t.err());
    float[] ids = new float[2 * 12];
    Path input = tmp.resolve("ids.safetensors");
    Safetensors.write(input, Map.of("input", Tensor.of(ids, 2, 12)), Map.of());
    Path out = tmp.resolve("p.safetensors");
    CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(),
        "--input", input.toString(), "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, Tensor> y = Safetensors.read(out).tensors();
    assertEquals(List.of("output"), List.copyOf(y.keySet()));
    assertArrayEquals(new int[] {2, 2}, y.get("output").shape());
  }

  @Test
  void aPerPositionModelPrintsOneStatePerBase() throws Exception {
    Path run = tmp.resolve("hmm");
    CliRunner.Result t = CliRunner.run("train", CliRunner.config("hmm-gc/gru.yaml").toString(),
        "--run-dir", run.toString(), "--set", "training.epochs=1", "--set", "data.length=20",
        "--set", "data.samples=20");
    assertEquals(0, t.exitCode(), t.err());
    Path input = tmp.resolve("dna.txt");
    Files.writeString(input, "GGGGGGGGGGCCCCCCCCCC\nACGTACGTACGTACGTACGT\n");
    CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", input.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals("index\tinput\tprediction", lines.get(0));
    assertEquals(3, lines.size());
    for (String line : lines.subList(1, 3)) {
      String[] f = line.split("\t");
      assertEquals(20, f[2].length(), line);
      assertTrue(f[2].matches("[HL]+"), line);
    }
    assertFalse(lines.get(1).contains("p("), "no per-class probability columns for per-position output");
  }
}
