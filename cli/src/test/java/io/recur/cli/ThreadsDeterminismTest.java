package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.recur.tensor.Gemm;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 7: training with {@code training.threads: 1} and {@code 2} gives byte-identical weights.
 * The model is sized so that the work really is split: every recurrent step has batch × units ×
 * gates ≥ {@link Gemm#PARALLEL_MIN} multiply-adds (32 × 96 × 288 for each gru direction, 32 × 48 ×
 * 192 for the lstm), and so do the input projections and the weight gradients.
 */
class ThreadsDeterminismTest {
  private static final String CONFIG = """
      name: threads
      seed: 3
      data:
        type: dummy-string
        samples: 480
        length: 12
        split: [2, 1, 0]
      model:
        layers:
          - {type: embedding, size: 16}
          - {type: gru, units: 96, bidirectional: true}
          - {type: lstm, units: 48, output: last}
          - {type: dense, units: 2}
      loss: cross-entropy
      optimizer: {type: adam, learning_rate: 0.01}
      training:
        epochs: 3
        batch_size: 32
      metrics: [accuracy]
      """;

  @TempDir Path tmp;

  private byte[] trainWith(int threads) throws IOException {
    Path config = tmp.resolve("threads.yaml");
    Files.writeString(config, CONFIG);
    Path run = tmp.resolve("run-" + threads);
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString(),
        "--set", "training.threads=" + threads);
    assertEquals(0, r.exitCode(), r.err());
    return Files.readAllBytes(run.resolve("model/weights.safetensors"));
  }

  @Test
  void oneAndTwoThreadsTrainByteIdenticalWeights() throws IOException {
    // the sizes above really split (see the class comment)
    assertEquals(true, 32L * 96 * 288 >= Gemm.PARALLEL_MIN);
    assertEquals(true, 32L * 48 * 192 >= Gemm.PARALLEL_MIN);
    byte[] one = trainWith(1);
    byte[] two = trainWith(2);
    assertArrayEquals(one, two, "weights after 3 epochs differ between 1 and 2 threads");
  }
}
