package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.io.Safetensors;
import io.recur.io.Sha256;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code training.init_from}: a run that starts from another run's model. */
class WarmStartTest {
  /** A hidden layer of {@code %d} units: a second config with another number does not fit the first's weights. */
  static final String CONFIG = """
      name: warm
      seed: 3
      data: {type: dummy-string, samples: 120, length: 12, alphabet: ACGT, split: [2, 1, 0]}
      model:
        layers:
          - {type: embedding, one_hot: true}
          - {type: flatten}
          - {type: dense, units: %d, activation: tanh}
          - {type: dense, units: 2, activation: softmax}
      loss: bce
      optimizer: {type: sgd, learning_rate: %s}
      training:
        epochs: %d
        batch_size: 16
      %s
      metrics: [accuracy]
      """;

  @TempDir static Path dir;
  static Path a;

  @BeforeAll
  static void trainTheSource() throws IOException {
    a = dir.resolve("a");
    CliRunner.Result r = CliRunner.run("train", write("a.yaml", 8, "0.05", 2, "").toString(), "--run-dir", a.toString());
    assertEquals(0, r.exitCode(), r.err());
  }

  private static Path write(String name, int units, String rate, int epochs, String initFrom) throws IOException {
    String training = initFrom.isEmpty() ? "" : "  " + initFrom.replace("\n", "\n  ");
    Path file = dir.resolve(name);
    Files.writeString(file, CONFIG.formatted(units, rate, epochs, training));
    return file;
  }

  private static Map<String, Tensor> weights(Path run) {
    return Safetensors.read(run.resolve("model/weights.safetensors")).tensors();
  }

  @Test
  void aRunStartedFromAnotherRunsModelAtARateTooSmallToMoveHasItsWeights() throws IOException {
    // sgd refuses a rate of 0; at 1e-30 every update rounds away in float32
    Path config = write("b.yaml", 8, "1e-30", 1, "init_from: a/model");
    Path b = dir.resolve("b");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", b.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("initialised from " + a.resolve("model")), r.out());
    Map<String, Tensor> before = weights(a);
    Map<String, Tensor> after = weights(b);
    assertEquals(before.keySet(), after.keySet());
    before.forEach((name, t) -> assertArrayEquals(t.data(), after.get(name).data(), name));
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = (Map<String, Object>) Json.read(Files.readString(b.resolve("provenance.json")));
    assertEquals(Map.of("model", a.resolve("model").toString(),
        "weights_sha256", Sha256.ofFile(a.resolve("model/weights.safetensors"))), provenance.get("init_from"));
  }

  @Test
  void aParameterOfAnotherShapeIsAnErrorNamingItTheShapesAndTheLine() throws IOException {
    Path config = write("c.yaml", 16, "0.05", 1, "init_from: a/model");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", dir.resolve("c").toString());
    assertEquals(2, r.exitCode(), r.out());
    // init_from is on line 15 of the file
    assertTrue(r.err().startsWith(config + ":15:"), r.err());
    assertTrue(r.err().contains("training.init_from: "), r.err());
    assertTrue(r.err().contains("'" + hiddenWeight() + "' expects [16, 48], found [8, 48]"), r.err());
    assertTrue(r.err().contains("init_from_strict: false"), r.err());
  }

  @Test
  void notStrictInitialisesWhatMatchesAndNamesTheRest() throws IOException {
    Path config = write("d.yaml", 16, "0.05", 1, "init_from: a/model\ninit_from_strict: false");
    Path d = dir.resolve("d");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", d.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("kept their fresh initialisation"), r.out());
    assertTrue(r.out().contains("'" + hiddenWeight() + "' expects "), r.out());
  }

  /** The weight of the hidden dense layer (the layers are named by position). */
  private static String hiddenWeight() {
    assertTrue(weights(a).containsKey("dense_2.weight"), weights(a).keySet().toString());
    return "dense_2.weight";
  }
}
