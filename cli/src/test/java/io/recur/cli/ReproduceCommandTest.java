package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code recur reproduce}: identical for an untouched run, "differs" (exit 3) once its weights are altered. */
class ReproduceCommandTest {
  @TempDir Path tmp;

  private Path train() {
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", CliRunner.config("dummy-string/perceptron.yaml").toString(),
        "--run-dir", run.toString(), "--set", "training.epochs=2", "--set", "data.samples=60");
    assertEquals(0, r.exitCode(), r.err());
    return run;
  }

  @Test
  void anUntouchedRunReproducesBitForBit() {
    Path run = train();
    CliRunner.Result r = CliRunner.run("reproduce", run.toString());
    assertEquals(0, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("identical: 12 metric values over 2 epochs (wall times aside) and 2 weight tensors ("),
        r.out());
    assertFalse(r.out().contains("differs"), r.out());
  }

  @Test
  void aRunWhoseWeightsWereAlteredDiffers() throws IOException {
    Path run = train();
    Path weights = run.resolve("model/weights.safetensors");
    byte[] bytes = Files.readAllBytes(weights);
    long header = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
    // the first float of the data section: one bit of dense_2.weight's first value
    bytes[(int) (8 + header)] ^= 1;
    Files.write(weights, bytes);

    Path rerun = tmp.resolve("rerun");
    CliRunner.Result r = CliRunner.run("reproduce", run.toString(), "--run-dir", rerun.toString());
    assertEquals(Main.NOT_REPRODUCED, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("differs:\n  model/weights.safetensors: tensor dense_2.weight differs in 1 of 96 "
        + "values (largest difference "), r.out());
    assertTrue(r.out().contains("re-run kept in " + rerun), r.out());
    assertFalse(r.out().contains("metrics.jsonl"), "the metrics still match: " + r.out());
  }

  @Test
  void alteredMetricsAreNamedByEpochAndKey() throws IOException {
    Path run = train();
    Path metrics = run.resolve("metrics.jsonl");
    String text = Files.readString(metrics);
    String line = text.substring(0, text.indexOf('\n'));
    String changed = line.replaceFirst("\"val.loss\":[0-9.E-]+", "\"val.loss\":0.125");
    Files.writeString(metrics, text.replace(line, changed));
    CliRunner.Result r = CliRunner.run("reproduce", run.toString());
    assertEquals(Main.NOT_REPRODUCED, r.exitCode(), r.out() + r.err());
    assertTrue(r.out().contains("  metrics.jsonl: 1 of 12 values differ: epoch 1 val.loss 0.125 → "), r.out());
  }

  @Test
  void aFolderThatIsNotARunIsRefused() {
    CliRunner.Result r = CliRunner.run("reproduce", tmp.toString());
    assertEquals(2, r.exitCode(), r.out());
    assertEquals(tmp + ": not a run directory (no config.yaml); expected the folder 'recur train' or 'recur sweep' "
        + "wrote", r.err().strip());
  }
}
