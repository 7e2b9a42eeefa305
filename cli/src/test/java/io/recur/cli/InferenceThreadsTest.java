package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Evaluate, predict and generate run on the threads they are given (by default the machine's
 * cores) and give the same bits on 1 and 2 threads: the kernels split work by output blocks,
 * never by a sum.
 */
class InferenceThreadsTest {
  @TempDir static Path tmp;
  static Path model;
  static Path items;

  @BeforeAll
  static void train() throws IOException {
    Well19937c random = new Well19937c(11);
    StringBuilder text = new StringBuilder();
    StringBuilder lines = new StringBuilder();
    String[] words = {"alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"};
    for (int i = 0; i < 400; i++) {
      String line = words[random.nextInt(8)] + " " + words[random.nextInt(8)] + " " + words[random.nextInt(8)];
      text.append(line).append('\n');
      if (i < 150) {
        lines.append(line).append('\n');
      }
    }
    Path corpus = tmp.resolve("lines.txt");
    Files.writeString(corpus, text.toString());
    items = tmp.resolve("items.txt");
    Files.writeString(items, lines.toString());
    Path config = tmp.resolve("lm.yaml");
    Files.writeString(config, String.join("\n",
        "name: threads",
        "data: {type: text, path: " + corpus.toAbsolutePath() + ", mode: lines}",
        "model: {layers: [{type: embedding, size: 32}, {type: gru, units: 96}, {type: dense}]}",
        "loss: cross-entropy",
        "optimizer: {type: adam, learning_rate: 0.01}",
        "training: {epochs: 1, batch_size: 16}",
        "metrics: [bits-per-character]",
        ""));
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    model = run.resolve("model");
  }

  private static String evaluate(int threads) throws IOException {
    Path out = tmp.resolve("evaluation-" + threads + ".json");
    CliRunner.Result r = CliRunner.run("evaluate", "--model", model.toString(), "--threads", String.valueOf(threads),
        "--output", out.toString());
    assertEquals(0, r.exitCode(), r.err());
    // everything but the name of the confusion file, which follows the output's
    return Files.readString(out).replaceAll("\"confusion_matrix\": \"[^\"]*\"", "");
  }

  private static String predict(int threads) {
    CliRunner.Result r = CliRunner.run("predict", "--model", model.toString(), "--input", items.toString(),
        "--format", "jsonl", "--threads", String.valueOf(threads));
    assertEquals(0, r.exitCode(), r.err());
    return r.out();
  }

  private static String generate(int threads) {
    CliRunner.Result r = CliRunner.run("generate", "--model", model.toString(), "--count", "5", "--seed", "3",
        "--threads", String.valueOf(threads));
    assertEquals(0, r.exitCode(), r.err());
    return r.out();
  }

  @Test
  void evaluateGivesTheSameMetricsOnOneAndTwoThreads() throws IOException {
    assertEquals(evaluate(1), evaluate(2));
  }

  @Test
  void predictGivesTheSameBytesOnOneAndTwoThreads() {
    assertEquals(predict(1), predict(2));
  }

  @Test
  void generateDrawsTheSameTextOnOneAndTwoThreads() {
    assertEquals(generate(1), generate(2));
  }
}
