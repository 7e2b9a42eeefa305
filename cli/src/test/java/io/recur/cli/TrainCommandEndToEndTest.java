package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.io.Safetensors;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/** Runs {@code recur train} on the perceptron config and checks every file of the run directory. */
class TrainCommandEndToEndTest {
  private static final String PERCEPTRON = "dummy-string/perceptron.yaml";

  @TempDir Path tmp;

  private CliRunner.Result train(Path runDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("train", CliRunner.config(PERCEPTRON).toString(),
        "--run-dir", runDir.toString(), "--set", "training.epochs=3"));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  void trainingWritesEveryFileOfTheRunDirectory() throws IOException {
    Path run = tmp.resolve("run");
    CliRunner.Result r = train(run);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("| epoch | lrate"), r.out());
    assertTrue(r.out().contains("perceptron"), r.out());

    // config.yaml: resolved (defaults filled in) and re-runnable as is
    @SuppressWarnings("unchecked")
    Map<String, Object> config = (Map<String, Object>) new Yaml().load(Files.readString(run.resolve("config.yaml")));
    assertEquals("perceptron", config.get("name"));
    assertEquals(1, config.get("seed"));
    @SuppressWarnings("unchecked")
    Map<String, Object> training = (Map<String, Object>) config.get("training");
    assertEquals(3, training.get("epochs"));
    assertTrue(training.containsKey("shuffle"), "defaults are filled in: " + training);
    CliRunner.Result validate = CliRunner.run("validate", run.resolve("config.yaml").toString());
    assertEquals(0, validate.exitCode(), validate.err());

    // provenance.json
    @SuppressWarnings("unchecked")
    Map<String, Object> provenance = (Map<String, Object>) Json.read(Files.readString(run.resolve("provenance.json")));
    for (String key : List.of("recur_version", "git_commit", "java_version", "os_name", "os_arch", "seed", "config_hash", "dataset", "plugins")) {
      assertTrue(provenance.containsKey(key), "provenance lacks " + key + ": " + provenance.keySet());
    }
    assertEquals(1, provenance.get("seed"));

    // metrics.jsonl: one object per epoch, "epoch" its 0-based index (the run directory's contract)
    List<String> lines = Files.readAllLines(run.resolve("metrics.jsonl"));
    assertEquals(3, lines.size());
    for (int i = 0; i < lines.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = (Map<String, Object>) Json.read(lines.get(i));
      assertEquals(i, m.get("epoch"));
      for (String key : List.of("train.loss", "val.loss", "train.accuracy", "val.accuracy", "lr", "seconds")) {
        assertTrue(m.containsKey(key), "epoch line lacks " + key + ": " + m.keySet());
      }
    }

    // model/: architecture and weights named <layer>.<param>
    @SuppressWarnings("unchecked")
    Map<String, Object> model = (Map<String, Object>) new Yaml().load(Files.readString(run.resolve("model/model.yaml")));
    assertEquals(List.of("0", "1"), model.get("classes"));
    Map<String, Tensor> weights = Safetensors.read(run.resolve("model/weights.safetensors")).tensors();
    assertEquals(List.of("dense_2.weight", "dense_2.bias"), new ArrayList<>(weights.keySet()));
    assertArrayEquals(new int[] {2, 48}, weights.get("dense_2.weight").shape());
    assertArrayEquals(new int[] {2}, weights.get("dense_2.bias").shape());
  }

  @Test
  void twoRunsOfTheSameConfigWriteIdenticalWeightsAndMetrics() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertEquals(0, train(a).exitCode());
    assertEquals(0, train(b).exitCode());
    assertArrayEquals(Files.readAllBytes(a.resolve("model/weights.safetensors")),
        Files.readAllBytes(b.resolve("model/weights.safetensors")));
    assertEquals(withoutSeconds(a), withoutSeconds(b));
    assertEquals(Files.readString(a.resolve("config.yaml")), Files.readString(b.resolve("config.yaml")));
  }

  private static List<Map<String, Object>> withoutSeconds(Path run) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(run.resolve("metrics.jsonl"))) {
      @SuppressWarnings("unchecked")
      Map<String, Object> m = new LinkedHashMap<>((Map<String, Object>) Json.read(line));
      m.remove("seconds");
      out.add(m);
    }
    return out;
  }

  @Test
  void aDifferentSeedGivesDifferentWeights() throws IOException {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    assertEquals(0, train(a).exitCode());
    assertEquals(0, train(b, "--set", "seed=2").exitCode());
    assertFalse(java.util.Arrays.equals(Files.readAllBytes(a.resolve("model/weights.safetensors")),
        Files.readAllBytes(b.resolve("model/weights.safetensors"))));
  }

  @Test
  void anExistingRunDirectoryIsNeverOverwritten() throws IOException {
    Path run = tmp.resolve("run");
    Files.createDirectories(run);
    Files.writeString(run.resolve("keep.txt"), "precious");
    CliRunner.Result r = train(run);
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("already exists and is not empty"), r.err());
    assertEquals("precious", Files.readString(run.resolve("keep.txt")));
  }

  @Test
  void aBadConfigExitsWithTwoAndOneMessageWithoutStackTrace() throws IOException {
    Path bad = tmp.resolve("bad.yaml");
    Files.writeString(bad, Files.readString(CliRunner.config(PERCEPTRON)).replace("type: dense", "type: dence"));
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", bad.toString(), "--run-dir", run.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("bad.yaml:") && r.err().contains("dence") && r.err().contains("Did you mean 'dense'?"), r.err());
    assertFalse(r.err().contains("\tat "), "no stack trace without --verbose: " + r.err());
    assertFalse(Files.exists(run), "nothing is written for a config that does not validate");
  }

  @Test
  void predictPrintsTheDecisionAndProbabilitiesPerLine() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    Path input = tmp.resolve("input.txt");
    Files.writeString(input, "GACTTGGCCATC\nAAAAAAAAAAAA\n");
    CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", input.toString());
    assertEquals(0, r.exitCode(), r.err());
    List<String> lines = r.out().lines().toList();
    assertEquals(3, lines.size(), r.out());
    assertTrue(lines.get(0).startsWith("index\tinput\tprediction"), lines.get(0));
    String[] row = lines.get(1).split("\t");
    assertEquals("GACTTGGCCATC", row[1]);
    double p0 = Double.parseDouble(row[3]);
    double p1 = Double.parseDouble(row[4]);
    assertEquals(1.0, p0 + p1, 1e-5);
    assertEquals(p1 > p0 ? "1" : "0", row[2]);
  }

  @Test
  void predictRejectsATokenOutsideTheVocabularyNamingTheLine() throws IOException {
    Path run = tmp.resolve("run");
    assertEquals(0, train(run).exitCode());
    Path input = tmp.resolve("input.txt");
    Files.writeString(input, "GACTTGGCCATC\nGACTTGGCCATX\n");
    CliRunner.Result r = CliRunner.run("predict", "--model", run.resolve("model").toString(), "--input", input.toString());
    assertEquals(2, r.exitCode());
    assertTrue(r.err().contains("input.txt:2") && r.err().contains("'X'"), r.err());
  }
}
