package io.recur.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.Main;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sampler's two ways of stepping a model (carrying each layer's state, or running the whole
 * sequence again) give the same distributions and so the same text; a model that cannot carry
 * its state (a bidirectional layer) is run whole.
 */
class TextSamplerTest {
  @TempDir static Path tmp;
  static SavedModel.Loaded gru;
  static SavedModel.Loaded ngram;
  static SavedModel.Loaded bidirectional;

  static SavedModel.Loaded train(String name, String layers, String loss) throws IOException {
    Path config = tmp.resolve(name + ".yaml");
    Files.writeString(config, """
        name: %s
        data: {type: text, path: corpus.txt, sequence_length: 16, split: [8, 1, 1]}
        model:
          layers:
        %s
        loss: %s
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 1, batch_size: 8}
        """.formatted(name, layers, loss));
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(new String[] {"train", config.toString(), "--run-dir", tmp.resolve(name).toString()},
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return SavedModel.load(tmp.resolve(name).resolve("model"), Registry.discover(Main.class.getClassLoader()));
  }

  @BeforeAll
  static void trainModels() throws IOException {
    Files.writeString(tmp.resolve("corpus.txt"), "to be, or not to be: that is the question.\n".repeat(30));
    int v = (int) "to be, or not to be: that is the question.\n".chars().distinct().count();
    gru = train("gru", """
            - {type: embedding, size: 6}
            - {type: gru, units: 12, layers: 2}
            - {type: dropout, rate: 0.1}
            - {type: dense, units: %d}
        """.formatted(v), "cross-entropy");
    ngram = train("ngram", "    - {type: ngram, order: 4, k: 0.1}", "nll");
    bidirectional = train("bi", """
            - {type: embedding, size: 6}
            - {type: lstm, units: 8, bidirectional: true}
            - {type: dense, units: %d}
        """.formatted(v), "cross-entropy");
  }

  static void assertSameSteps(SavedModel.Loaded model) {
    Stepper carrying = new Stepper.Carrying(model.model());
    Stepper rerunning = new Stepper.Rerunning(model.model());
    int[][] feeds = {{0, 3, 5}, {7}, {2}, {9, 1}, {4}};
    for (int[] tokens : feeds) {
      assertArrayEquals(rerunning.feed(tokens), carrying.feed(tokens), 1e-5f);
    }
  }

  @Test
  void carryingTheStateComputesWhatRunningTheWholeSequenceComputes() {
    assertSameSteps(gru);
    assertSameSteps(ngram);
  }

  @Test
  void recurrentAndNgramModelsCarryTheirStateAndABidirectionalOneDoesNot() {
    assertTrue(new TextSampler(gru.model(), gru.schema().codec(), gru.outputKind()).carriesState());
    assertTrue(new TextSampler(ngram.model(), ngram.schema().codec(), ngram.outputKind()).carriesState());
    assertFalse(new TextSampler(bidirectional.model(), bidirectional.schema().codec(), bidirectional.outputKind())
        .carriesState());
  }

  @Test
  void bothWaysDrawTheSameText() {
    TextSampler.Options options = new TextSampler.Options("to ", 80, 0.8, 0, 3, 11);
    TextSampler sampler = new TextSampler(gru.model(), gru.schema().codec(), gru.outputKind());
    List<String> carried = sampler.sample(options);
    Stepper.Rerunning rerun = new Stepper.Rerunning(gru.model());
    // the same draws through the slow path: feed the prime's text, then each drawn token
    RandomSamplerHarness harness = new RandomSamplerHarness(gru, rerun);
    assertEquals(carried, harness.sample(options));
  }

  /** {@link TextSampler#sample}'s loop over a given stepper, for comparing the two paths. */
  private record RandomSamplerHarness(SavedModel.Loaded model, Stepper stepper) {
    List<String> sample(TextSampler.Options o) {
      var codec = model.schema().codec();
      var random = io.recur.model.RandomStreams.fresh(o.seed(), io.recur.model.RandomStreams.SAMPLING);
      int[] prime = codec.ids(o.prime(), "--prime");
      List<String> out = new java.util.ArrayList<>();
      for (int s = 0; s < o.count(); s++) {
        stepper.reset();
        float[] row = stepper.feed(prime);
        StringBuilder b = new StringBuilder(o.prime());
        for (int i = 0; i < o.length(); i++) {
          int token = Distribution.draw(Distribution.probabilities(Distribution.logProbabilities(row, false),
              o.temperature(), o.topK()), random);
          b.append(codec.token(token));
          if (i + 1 < o.length()) {
            row = stepper.feed(new int[] {token});
          }
        }
        out.add(b.toString());
      }
      return out;
    }
  }
}
