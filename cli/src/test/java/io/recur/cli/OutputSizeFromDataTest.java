package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Moving a config to other data: the last layer's {@code units} may be left out and then follows
 * the data, and {@code --set data.path=FILE} replaces the named dataset a config reads.
 */
class OutputSizeFromDataTest {
  @TempDir Path tmp;

  private Path corpus(String text) throws IOException {
    Path file = tmp.resolve("corpus.txt");
    Files.writeString(file, text.repeat(40));
    return file;
  }

  private Path config(String lastLayer) throws IOException {
    Path yaml = tmp.resolve("lm.yaml");
    Files.writeString(yaml, String.join("\n",
        "name: lm",
        "data: {type: text, source: tinyshakespeare, sequence_length: 20}",
        "model:",
        "  layers:",
        "    - {type: embedding, size: 4}",
        "    - {type: gru, units: 8}",
        "    - " + lastLayer,
        "loss: cross-entropy",
        "optimizer: {type: adam, learning_rate: 0.01}",
        "training: {epochs: 1, batch_size: 8}",
        ""));
    return yaml;
  }

  @Test
  void aLastLayerWithoutUnitsTakesTheVocabularyOfWhateverTextItIsGiven() throws IOException {
    Path corpus = corpus("the cat sat on the mat. ");
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config("{type: dense}").toString(), "--run-dir", run.toString(),
        "--set", "data.path=" + corpus);
    assertEquals(0, r.exitCode(), r.err());
    long vocabulary = "the cat sat on the mat. ".chars().distinct().count();
    assertArrayEquals(new int[] {(int) vocabulary, 8},
        Safetensors.read(run.resolve("model/weights.safetensors")).tensors().get("dense_2.weight").shape());
    // the saved model rebuilds with the same size, from the classes it records
    Path lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "the mat\n");
    CliRunner.Result p = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input",
        lines.toString(), "--format", "jsonl");
    assertEquals(0, p.exitCode(), p.err());
    assertTrue(p.out().contains("\"bits_per_character\""), p.out());
  }

  @Test
  void aLayerInTheMiddleMustStillSayItsUnits() throws IOException {
    Path yaml = tmp.resolve("middle.yaml");
    Files.writeString(yaml, String.join("\n",
        "name: middle",
        "data: {type: dummy-string, samples: 40}",
        "model: {layers: [{type: embedding, one_hot: true}, {type: flatten}, {type: dense}, {type: dense}]}",
        "loss: cross-entropy",
        "optimizer: {type: sgd, learning_rate: 0.1}",
        "training: {epochs: 1}",
        ""));
    CliRunner.Result r = CliRunner.run("train", yaml.toString(), "--run-dir", tmp.resolve("m").toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("layer 'dense_2' (dense): units: not set; only the model's last layer may leave it"
        + " out"), r.err());
  }

  @Test
  void aDataPathOnTheCommandLineReplacesTheNamedDatasetOfTheConfig() throws IOException {
    // validate reads the data: enough text for a window of 101 characters in the 5% validation part
    Path corpus = corpus("to be or not to be. ".repeat(200));
    // and builds the model: its last layer gets one unit per character of this corpus
    CliRunner.Result r = CliRunner.run("validate", CliRunner.config("shakespeare/small.yaml").toString(), "--set",
        "data.path=" + corpus, "--set", "model.layers[2].units=8");
    assertEquals(0, r.exitCode(), r.err());
    CliRunner.Result resolved = CliRunner.run("validate", CliRunner.config("shakespeare/small.yaml").toString(),
        "--resolved", "--set", "data.path=" + corpus);
    assertEquals(0, resolved.exitCode(), resolved.err());
    assertTrue(resolved.out().contains("path: " + corpus) && !resolved.out().contains("source: tinyshakespeare"),
        resolved.out());
  }
}
