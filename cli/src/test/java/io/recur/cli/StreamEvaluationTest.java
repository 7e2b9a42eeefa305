package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.config.ExperimentLoader;
import io.recur.engine.DataDirectory;
import io.recur.engine.ExperimentParts;
import io.recur.io.Json;
import io.recur.model.Contexts;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.Dataset;
import io.recur.spi.Split;
import io.recur.tensor.LogSoftmax;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code training.evaluation: stream}: a corpus's validation and test windows scored as one
 * stream, the state carried from window to window, give the number of one forward over all their
 * text at once; {@code windows} scores each window from the initial state, which is worse.
 */
class StreamEvaluationTest {
  @TempDir static Path tmp;
  static Path run;

  @BeforeAll
  static void train() throws IOException {
    StringBuilder text = CourtCorpus.append(new StringBuilder(), new Well19937c(5), 6000);
    Path corpus = tmp.resolve("corpus.txt");
    Files.writeString(corpus, text.toString());
    Path config = tmp.resolve("stream.yaml");
    Files.writeString(config, String.join("\n",
        "name: stream",
        "seed: 1",
        "data: {type: text, path: " + corpus.toAbsolutePath() + ", sequence_length: 25, split: [80, 10, 10]}",
        "model:",
        "  layers:",
        "    - {type: embedding, size: 8}",
        "    - {type: lstm, units: 24}",
        "    - {type: dense, units: 16, activation: log-softmax}",
        "loss: nll",
        "optimizer: {type: adam, learning_rate: 0.01}",
        "training: {epochs: 3, batch_size: 8, shuffle: false, carry_state: true, evaluation: stream}",
        "metrics: [bits-per-character]",
        ""));
    run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString(), "--set",
        "model.layers[2].units=" + distinctCharacters(text.toString()));
    assertEquals(0, r.exitCode(), r.err());
  }

  private static long distinctCharacters(String text) {
    return text.substring(0, (int) (text.length() * 0.8)).chars().distinct().count();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastEpoch() throws IOException {
    return Runs.finalMetrics(run);
  }

  /** Bits per character of one forward over every window of the split laid end to end. */
  private static double oneLongForward(String splitName) {
    Registry registry = Registry.discover(StreamEvaluationTest.class.getClassLoader());
    SavedModel.Loaded model = SavedModel.load(run.resolve("model"), registry);
    Dataset dataset = ExperimentParts.loadDataset(new ExperimentLoader(registry).load(run.resolve("config.yaml")),
        registry, DataDirectory.resolve(null, System.getenv()), new RandomStreams(1));
    Split split = dataset.splits().get(splitName);
    int n = split.size();
    int t = split.inputs().dim(1);
    Tensor x = Tensor.of(split.inputs().data(), 1, n * t);
    Tensor out;
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      out = model.model().forward(x, Contexts.evaluation(null));
    }
    int v = out.dim(2);
    float[] o = out.data();
    float[] y = split.targets().data();
    double nats = 0;
    for (int p = 0; p < n * t; p++) {
      // the outputs are log-probabilities (log-softmax); LogSoftmax of them is the same values
      nats -= LogSoftmax.at(o, p * v, v, (int) y[p]);
    }
    return nats / (n * t) / Math.log(2);
  }

  @Test
  void streamEvaluationEqualsOneForwardOverTheWholeText() throws IOException {
    Map<String, Object> last = lastEpoch();
    for (String split : List.of("val", "test")) {
      double stream = ((Number) last.get(split + ".bits-per-character")).doubleValue();
      assertEquals(oneLongForward(split), stream, 1e-4, split);
    }
  }

  @Test
  void evaluateUsesTheRunsModeAndSaysWhichAndWindowsScoreWorse() throws IOException {
    CliRunner.Result stream = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val",
        "--output", tmp.resolve("stream.json").toString());
    assertEquals(0, stream.exitCode(), stream.err());
    assertTrue(stream.out().contains("stream evaluation"), stream.out());
    CliRunner.Result windows = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "val",
        "--evaluation", "windows", "--output", tmp.resolve("windows.json").toString());
    assertEquals(0, windows.exitCode(), windows.err());
    double s = bits(tmp.resolve("stream.json"));
    double w = bits(tmp.resolve("windows.json"));
    assertEquals(((Number) lastEpoch().get("val.bits-per-character")).doubleValue(), s, 1e-9);
    assertTrue(s < w, "stream " + s + " against windows " + w + ": the first characters of a window lack context");
  }

  @SuppressWarnings("unchecked")
  private static double bits(Path json) throws IOException {
    Map<String, Object> doc = (Map<String, Object>) Json.read(Files.readString(json));
    return ((Number) ((Map<String, Object>) doc.get("metrics")).get("val.bits-per-character")).doubleValue();
  }

  @Test
  void theReportSaysItsHeldOutNumbersAreStreamNumbers() throws IOException {
    String html = Files.readString(run.resolve("report.html"));
    assertTrue(html.contains("Validation and test text are scored as one stream"), "report.html names the mode");
    assertTrue(!html.contains("window by window"), "and only that mode");
  }

  @Test
  void streamEvaluationOfItemsThatDoNotContinueOneAnotherIsRefused() throws IOException {
    Path lines = tmp.resolve("lines.txt");
    Files.writeString(lines, "abc\nabd\nbca\ncab\nacb\nbac\ncba\naab\n".repeat(5));
    Path config = tmp.resolve("lines.yaml");
    Files.writeString(config, String.join("\n",
        "name: lines",
        "data: {type: text, path: " + lines.toAbsolutePath() + ", mode: lines}",
        "model: {layers: [{type: embedding, size: 4}, {type: gru, units: 4}, {type: dense, units: 5}]}",
        "loss: cross-entropy",
        "optimizer: {type: sgd, learning_rate: 0.1}",
        "training: {epochs: 1, evaluation: stream}",
        ""));
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", tmp.resolve("lines-run").toString());
    assertEquals(2, r.exitCode(), r.out());
    assertTrue(r.err().contains("training.evaluation: stream: dataset 'text' does not give back-to-back windows"),
        r.err());
  }
}
