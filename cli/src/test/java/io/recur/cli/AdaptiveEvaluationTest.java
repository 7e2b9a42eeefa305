package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.engine.AdaptiveEvaluation;
import io.recur.engine.DataDirectory;
import io.recur.engine.ExperimentParts;
import io.recur.io.Json;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Split;
import io.recur.tensor.Parallelism;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.adaptation}: the test text scored as a stream that learns from what it has
 * scored. Its last fifth repeats a phrase the training text never has, so a model that adapts
 * predicts it better; every character is still predicted from its left context only, the saved
 * weights are untouched, and the numbers are the same bits on 1 and 2 threads.
 */
class AdaptiveEvaluationTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws IOException {
    Well19937c random = new Well19937c(7);
    StringBuilder text = CourtCorpus.append(new StringBuilder(), random, 6000);
    // validation and test: the same words, and again and again a line the training text never has
    while (text.length() < 7500) {
      text.append(random.nextInt(3) == 0 ? "hark, a sad tale of ladies of court.\n" : CourtCorpus.word(random) + " ");
    }
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, text.toString());
    Path config = tmp.resolve("adapt.yaml");
    Files.writeString(config, String.join("\n",
        "name: adapt",
        "seed: 1",
        "data: {type: text, path: " + corpus.toAbsolutePath() + ", sequence_length: 25, split: [80, 10, 10]}",
        "model:",
        "  layers:",
        "    - {type: embedding, size: 8}",
        "    - {type: lstm, units: 24}",
        "    - {type: dense}",
        "loss: cross-entropy",
        "optimizer: {type: adam, learning_rate: 0.01}",
        "training:",
        "  epochs: 2",
        "  batch_size: 8",
        "  shuffle: false",
        "  carry_state: true",
        "  evaluation: stream",
        "  adaptation: {learning_rate: 0.003, decay: 0.001, segment: 10}",
        "metrics: [bits-per-character]",
        ""));
    run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("adapted.bits-per-character"), r.out());
  }

  private static double testNumber(String key) {
    return ((Number) Runs.finalMetrics(run).get(key)).doubleValue();
  }

  @Test
  void adaptingToTheTestTextPredictsItBetter() {
    double adapted = testNumber("test.adapted.bits-per-character");
    double trained = testNumber("test.bits-per-character");
    assertTrue(adapted < trained - 0.05, "adapted " + adapted + " against the trained weights' " + trained);
  }

  /** The model, dataset and loss of the run, loaded afresh. */
  private record Loaded(SavedModel.Loaded model, Split test, Loss loss, List<Metric> metrics,
      AdaptiveEvaluation.Settings settings) {}

  private static Loaded load() {
    Registry registry = Registry.discover(AdaptiveEvaluationTest.class.getClassLoader());
    SavedModel.Loaded model = SavedModel.load(run.resolve("model"), registry);
    ExperimentSpec spec = new ExperimentLoader(registry).load(run.resolve("config.yaml"));
    Dataset dataset = ExperimentParts.loadDataset(spec, registry, DataDirectory.resolve(null, System.getenv()),
        new RandomStreams(1));
    Loss loss = registry.loss(spec.loss().type()).create(spec.loss().params());
    return new Loaded(model, dataset.splits().get(Dataset.TEST), loss, ExperimentParts.metrics(spec, registry, loss),
        new AdaptiveEvaluation.Settings(0.003, 0.001, 10));
  }

  /** A metric that keeps every segment's outputs, to compare them bit for bit. */
  private static final class Outputs implements Metric {
    final List<float[]> seen = new ArrayList<>();

    @Override public String label() {
      return "outputs";
    }

    @Override public boolean higherIsBetter() {
      return false;
    }

    @Override public Accumulator newAccumulator() {
      return new Accumulator() {
        @Override public void update(Tensor output, Tensor target, Tensor mask) {
          seen.add(output.data().clone());
        }

        @Override public double result() {
          return seen.size();
        }
      };
    }
  }

  @Test
  void everyCharacterIsPredictedFromItsLeftContextOnly() {
    Loaded l = load();
    Split test = l.test();
    Outputs original = new Outputs();
    AdaptiveEvaluation.evaluate(l.model().model(), test, List.of(original), l.loss(), l.settings());
    // the same text up to its last window, which now says something else entirely
    int n = test.size();
    int t = test.inputs().dim(1);
    float[] x = test.inputs().data().clone();
    float[] y = test.targets().data().clone();
    for (int i = (n - 1) * t; i < n * t; i++) {
      x[i] = (x[i] + 1) % 5;
      y[i] = (y[i] + 2) % 5;
    }
    Split changed = new Split(Tensor.of(x, test.inputs().shape()), Tensor.of(y, test.targets().shape()), null);
    Outputs other = new Outputs();
    AdaptiveEvaluation.evaluate(l.model().model(), changed, List.of(other), l.loss(), l.settings());

    int segmentsPerWindow = (t + 9) / 10;
    int before = original.seen.size() - segmentsPerWindow;
    assertEquals(original.seen.size(), other.seen.size());
    for (int s = 0; s < before; s++) {
      assertArrayEquals(original.seen.get(s), other.seen.get(s), "segment " + s + " saw text to its right");
    }
  }

  @Test
  void theTrainedWeightsAreBackAfterwardsAndOneAndTwoThreadsGiveTheSameBits() {
    Loaded l = load();
    Map<String, Tensor> parameters = l.model().model().parameters();
    List<float[]> before = parameters.values().stream().map(p -> p.data().clone()).toList();
    Map<String, Double> one = AdaptiveEvaluation.evaluate(l.model().model(), l.test(), l.metrics(), l.loss(),
        l.settings());
    List<float[]> after = parameters.values().stream().map(p -> p.data().clone()).toList();
    for (int i = 0; i < before.size(); i++) {
      assertArrayEquals(before.get(i), after.get(i), "parameter " + i + " kept an adapted value");
    }
    Map<String, Double> two;
    try (Parallelism p = Parallelism.open(2)) {
      two = AdaptiveEvaluation.evaluate(l.model().model(), l.test(), l.metrics(), l.loss(), l.settings());
    }
    assertEquals(one, two);
    assertEquals(testNumber("test.adapted.bits-per-character"), one.get("bits-per-character"), 1e-12);
  }

  @Test
  void evaluateAdaptsWithTheRunsSettingsAndSaysSo() throws IOException {
    Path json = tmp.resolve("adapted.json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--adapt",
        "--output", json.toString());
    assertEquals(0, r.exitCode(), r.err());
    @SuppressWarnings("unchecked")
    Map<String, Object> doc = (Map<String, Object>) Json.read(Files.readString(json));
    @SuppressWarnings("unchecked")
    Map<String, Object> metrics = (Map<String, Object>) doc.get("metrics");
    assertEquals(testNumber("test.adapted.bits-per-character"),
        ((Number) metrics.get("test.adapted.bits-per-character")).doubleValue(), 1e-12);
    assertEquals(testNumber("test.bits-per-character"), ((Number) metrics.get("test.bits-per-character")).doubleValue(),
        1e-12);
    assertEquals(Map.of("learning_rate", 0.003, "decay", 0.001, "segment", 10), doc.get("adaptation"));
  }

  @Test
  void aModelOfCountsAloneScoresAsThePlainStream() throws IOException {
    Path config = tmp.resolve("ngram.yaml");
    Files.writeString(config, String.join("\n",
        "name: counted",
        "data: {type: text, path: " + tmp.resolve("corpus.txt").toAbsolutePath() + ", sequence_length: 25,"
            + " split: [80, 10, 10]}",
        "model: {layers: [{type: ngram, order: 4, smoothing: kneser-ney}]}",
        "loss: nll",
        "optimizer: {type: sgd, learning_rate: 0.1}",
        "training: {epochs: 1, batch_size: 64, shuffle: false, evaluation: stream, adaptation: {}}",
        "metrics: [bits-per-character]",
        ""));
    Path counted = tmp.resolve("counted-run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", counted.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, Object> test = Runs.finalMetrics(counted);
    assertEquals(((Number) test.get("test.bits-per-character")).doubleValue(),
        ((Number) test.get("test.adapted.bits-per-character")).doubleValue(), 1e-12, test.toString());
  }

  @Test
  void adaptationWithoutStreamEvaluationIsRefused() throws IOException {
    Path config = tmp.resolve("windows.yaml");
    Files.writeString(config, Files.readString(tmp.resolve("adapt.yaml")).replace("evaluation: stream",
        "evaluation: windows"));
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", tmp.resolve("windows-run").toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("training.adaptation") && r.err().contains("set training.evaluation: stream"), r.err());
  }
}
