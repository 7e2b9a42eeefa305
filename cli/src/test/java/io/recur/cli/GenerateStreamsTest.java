package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.api.RecurModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Samples stream out as they are drawn: the text of a sample a billion tokens long arrives piece
 * by piece, so nothing has to hold it (the command once kept every token and printed at the end).
 */
class GenerateStreamsTest {
  @TempDir static Path tmp;
  static Path model;

  /** Stops a sampling once enough has arrived, before the sample could end. */
  private static final class Enough extends RuntimeException {
    Enough() {
      super("enough", null, false, false);
    }
  }

  @BeforeAll
  static void train() throws IOException {
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, "abcabcabd abd abc\n".repeat(60));
    Path config = tmp.resolve("lm.yaml");
    Files.writeString(config, String.join("\n",
        "name: streams",
        "data: {type: text, path: " + corpus.toAbsolutePath() + ", sequence_length: 20}",
        "model: {layers: [{type: embedding, size: 4}, {type: gru, units: 8}, {type: dense}]}",
        "loss: cross-entropy",
        "optimizer: {type: adam, learning_rate: 0.01}",
        "training: {epochs: 1, batch_size: 8}",
        ""));
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", tmp.resolve("run").toString());
    assertEquals(0, r.exitCode(), r.err());
    model = tmp.resolve("run/model");
  }

  @Test
  void aBillionTokenSampleArrivesPieceByPieceLongBeforeItEnds() {
    RecurModel m = RecurModel.load(model);
    List<String> pieces = new ArrayList<>();
    int[] ended = {0};
    assertThrows(Enough.class, () -> m.sample(new RecurModel.Sampling("ab", 1_000_000_000, 1.0, 0, 1, 7), piece -> {
      pieces.add(piece);
      if (pieces.size() == 5_000) {
        throw new Enough();
      }
    }, index -> ended[0]++));
    assertEquals("ab", pieces.get(0), "the prime comes first");
    assertEquals(5_000, pieces.size());
    assertEquals(0, ended[0], "the sample had not ended when its first 5,000 pieces were in");
  }

  @Test
  void streamedSamplesAreTheSameTextAsCollectedOnes() {
    RecurModel m = RecurModel.load(model);
    StringBuilder streamed = new StringBuilder();
    List<String> collected = m.sample(new RecurModel.Sampling("a", 300, 0.8, 0, 3, 5));
    List<String> fromPieces = new ArrayList<>();
    m.sample(new RecurModel.Sampling("a", 300, 0.8, 0, 3, 5), streamed::append, index -> {
      fromPieces.add(streamed.toString());
      streamed.setLength(0);
    });
    assertEquals(collected, fromPieces);
    CliRunner.Result r = CliRunner.run("generate", "--model", model.toString(), "--prime", "a", "--length", "300",
        "--temperature", "0.8", "--count", "3", "--seed", "5");
    assertEquals(0, r.exitCode(), r.err());
    for (String sample : collected) {
      assertTrue(r.out().contains(sample), "the command prints the same samples: " + sample);
    }
  }
}
