package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.api.RecurModel;
import io.recur.api.StreamingSession;
import io.recur.io.Json;
import io.recur.io.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An ensemble is one model everywhere a model is used: trained, kept by early stopping, evaluated,
 * predicted, sampled and streamed from one model directory; its recurrent members carry their
 * states through truncated back-propagation and stream evaluation.
 */
class EnsembleEndToEndTest {
  @TempDir static Path tmp;
  static Path classifier;
  static CliRunner.Result classifierTraining;
  static Path languageModel;
  static CliRunner.Result languageModelTraining;

  @BeforeAll
  static void train() throws IOException {
    Path names = tmp.resolve("names");
    Files.createDirectories(names);
    Files.writeString(names.resolve("Greek.txt"), "Papadopoulos\nNikolaidis\nGeorgiou\nKostopoulos\nAlexandros\n"
        + "Dimitriou\nPapadakis\nKonstantinou\nVlachos\nAnagnostou\n");
    Files.writeString(names.resolve("Japanese.txt"), "Tanaka\nSuzuki\nTakahashi\nWatanabe\nYamamoto\n"
        + "Nakamura\nKobayashi\nKato\nYoshida\nYamada\n");
    Files.writeString(names.resolve("Scottish.txt"), "Macdonald\nMackenzie\nCampbell\nMacleod\nMacgregor\n"
        + "Stewart\nMackay\nMacintyre\nMaclean\nMacmillan\n");
    classifier = tmp.resolve("classifier");
    classifierTraining = trainConfig("classifier", """
        name: names-ensemble
        seed: 3
        data: {type: labelled-files, path: names, split: [6, 2, 2], distinct: true}
        model:
          layers:
            - type: ensemble
              members: 3
              layers:
                - {type: embedding, size: 8}
                - {type: gru, units: 12, bidirectional: true, output: last}
                - {type: dropout, rate: 0.2}
                - {type: dense, activation: log-softmax}
        loss: nll
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 4, batch_size: 4, early_stopping: {monitor: val.accuracy, patience: 4}}
        metrics: [accuracy]
        """, classifier);
    Files.writeString(tmp.resolve("corpus.txt"),
        "the king shall speak to his lords and ladies of the court.\n".repeat(60));
    languageModel = tmp.resolve("lm");
    languageModelTraining = trainConfig("lm", """
        name: lm-ensemble
        seed: 2
        data: {type: text, path: corpus.txt, sequence_length: 20, split: [80, 10, 10]}
        model:
          layers:
            - type: ensemble
              members: 2
              layers:
                - {type: embedding, size: 6}
                - {type: lstm, units: 16}
                - {type: dense}
        loss: nll
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 2, batch_size: 4, shuffle: false, carry_state: true, evaluation: stream}
        metrics: [bits-per-character]
        """, languageModel);
  }

  private static CliRunner.Result trainConfig(String name, String yaml, Path run) throws IOException {
    Path config = tmp.resolve(name + ".yaml");
    Files.writeString(config, yaml);
    return CliRunner.run("train", config.toString(), "--run-dir", run.toString());
  }

  @Test
  void savesEveryMembersWeightsInOneModelDirectory() throws IOException {
    assertEquals(0, classifierTraining.exitCode(), classifierTraining.err());
    Map<String, ?> weights = Safetensors.read(classifier.resolve("model/weights.safetensors")).tensors();
    for (int k = 1; k <= 3; k++) {
      assertTrue(weights.containsKey("ensemble_0.member" + k + ".gru_1.weight_hh_l0"), weights.keySet().toString());
      assertTrue(weights.containsKey("ensemble_0.member" + k + ".dense_3.weight"), weights.keySet().toString());
    }
    assertEquals(3 * (1 + 8 + 2), weights.size(), "embedding, bidirectional GRU and dense weights of 3 members: "
        + weights.keySet());
  }

  @Test
  void predictGivesTheEnsemblesProbabilitiesAndEvaluateItsTestNumbers() throws IOException {
    assertEquals(0, classifierTraining.exitCode(), classifierTraining.err());
    Path items = tmp.resolve("items.txt");
    Files.writeString(items, "Macpherson\nYamaguchi\nPapadimitriou\n");
    CliRunner.Result p = CliRunner.run("predict", "--model", classifier.resolve("model").toString(), "--input",
        items.toString(), "--format", "jsonl", "--top-k", "3");
    assertEquals(0, p.exitCode(), p.err());
    for (String line : p.out().strip().split("\n")) {
      @SuppressWarnings("unchecked")
      List<Map<String, Object>> top = (List<Map<String, Object>>) ((Map<String, Object>) Json.read(line)).get("top");
      assertEquals(3, top.size(), line);
      double total = top.stream().mapToDouble(t -> ((Number) t.get("probability")).doubleValue()).sum();
      assertEquals(1.0, total, 1e-4, "the three classes' probabilities sum to one: " + line);
    }
    CliRunner.Result e = CliRunner.run("evaluate", "--model", classifier.resolve("model").toString(), "--split",
        "test");
    assertEquals(0, e.exitCode(), e.err());
    assertTrue(e.out().contains("of labelled-files:\n"), "names are items, neither windows nor a stream: " + e.out());
    Map<String, Object> test = Runs.finalMetrics(classifier);
    assertTrue(e.out().contains(String.format("%.3f", ((Number) test.get("test.accuracy")).doubleValue())),
        e.out() + " against " + test);
  }

  @Test
  void recurrentMembersCarryTheirStatesThroughStreamsSamplingAndSessions() throws IOException {
    assertEquals(0, languageModelTraining.exitCode(), languageModelTraining.err());
    CliRunner.Result e = CliRunner.run("evaluate", "--model", languageModel.resolve("model").toString(), "--split",
        "test", "--evaluation", "stream");
    assertEquals(0, e.exitCode(), e.err());
    Map<String, Object> test = Runs.finalMetrics(languageModel);
    assertTrue(e.out().contains(String.format("%.3f",
        ((Number) test.get("test.bits-per-character")).doubleValue())), e.out() + " against " + test);
    CliRunner.Result first = CliRunner.run("generate", "--model", languageModel.resolve("model").toString(),
        "--prime", "the king", "--length", "40", "--seed", "4");
    CliRunner.Result second = CliRunner.run("generate", "--model", languageModel.resolve("model").toString(),
        "--prime", "the king", "--length", "40", "--seed", "4");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(first.out(), second.out(), "the same seed samples the same text");
    RecurModel model = RecurModel.load(languageModel.resolve("model"));
    float[] atOnce = model.newSession().feed("the king shall");
    StreamingSession pieces = model.newSession();
    pieces.feed("the king");
    float[] continued = pieces.feed(" shall");
    assertArrayEquals(atOnce, continued, 1e-5f, "a session continues every member where it stopped");
  }

  @Test
  void anEnsembleOfOneHotMembersIsRefusedByTheOnnxExportNamingTheLayer() throws IOException {
    Path run = tmp.resolve("one-hot");
    CliRunner.Result train = trainConfig("one-hot", """
        name: one-hot-ensemble
        data: {type: labelled-files, path: names, split: [6, 2, 2], distinct: true}
        model:
          layers:
            - type: ensemble
              members: 2
              layers:
                - {type: embedding, one_hot: true}
                - {type: rnn, units: 4, output: last}
                - {type: dense}
        loss: nll
        optimizer: {type: sgd, learning_rate: 0.1}
        training: {epochs: 1, batch_size: 4}
        """, run);
    assertEquals(0, train.exitCode(), train.err());
    Path onnx = tmp.resolve("one-hot.onnx");
    CliRunner.Result r = CliRunner.run("export", "--model", run.resolve("model").toString(), "--format", "onnx",
        "--output", onnx.toString());
    assertEquals(Main.USER_ERROR, r.exitCode(), r.err());
    assertTrue(r.err().contains("layer 'ensemble_0' (ensemble): cannot be exported to ONNX: member layer"
        + " 'member1.embedding_0' (embedding, one_hot) is not exported inside an ensemble"), r.err());
    assertTrue(Files.notExists(onnx), "nothing half-written");
  }

  /** One LSTM member mixed with a counted Kneser–Ney trigram. */
  private static final String MIXTURE = """
      name: lm-mixture
      seed: 2
      data: {type: text, path: corpus.txt, sequence_length: 20, split: [80, 10, 10]}
      model:
        layers:
          - type: ensemble
            members: 1
            layers:
              - {type: embedding, size: 6}
              - {type: lstm, units: 16}
              - {type: dense}
            counted: [{type: ngram, order: 3, smoothing: kneser-ney}]
            counted_weight: 0.4
      loss: nll
      optimizer: {type: adam, learning_rate: 0.02}
      training: {epochs: 2, batch_size: 4, shuffle: false, carry_state: true, evaluation: stream}
      metrics: [bits-per-character]
      """;

  @Test
  void aMixtureResumedFromACheckpointEndsAsAnUninterruptedRunDoes() throws IOException {
    Path straight = tmp.resolve("mixture-straight");
    assertEquals(0, trainConfig("mixture-straight", MIXTURE, straight).exitCode());
    Path resumed = tmp.resolve("mixture-resumed");
    assertEquals(0, trainConfig("mixture-resumed", MIXTURE, resumed).exitCode());
    List<Path> checkpoints;
    try (java.util.stream.Stream<Path> s = Files.list(resumed.resolve("checkpoints"))) {
      checkpoints = s.sorted().toList();
    }
    // without the last checkpoint the run resumes at the start of its second epoch: the counts
    // come back from the first checkpoint, not from counting again
    Files.delete(checkpoints.get(checkpoints.size() - 1));
    CliRunner.Result r = CliRunner.run("train", tmp.resolve("mixture-resumed.yaml").toString(), "--run-dir",
        resumed.toString(), "--resume");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("at the start of epoch 2"), r.out());
    Runs.assertSameResult(straight, resumed);
  }

  @Test
  void aNetworkMixedWithACountedNgramIsOneModelFromTrainingToSampling() throws IOException {
    Path run = tmp.resolve("mixture");
    CliRunner.Result train = trainConfig("mixture", MIXTURE, run);
    assertEquals(0, train.exitCode(), train.err());
    assertTrue(train.out().contains("ensemble_0  ensemble") && train.out().contains(" + counted"), train.out());
    Map<String, ?> weights = Safetensors.read(run.resolve("model/weights.safetensors")).tensors();
    assertTrue(weights.containsKey("ensemble_0.member1.lstm_1.weight_hh_l0"), weights.keySet().toString());
    assertTrue(weights.containsKey("ensemble_0.counted1.ngram_0.counts"), "the counts beside the weights: "
        + weights.keySet());
    CliRunner.Result e = CliRunner.run("evaluate", "--model", run.resolve("model").toString(), "--split", "test",
        "--evaluation", "stream");
    assertEquals(0, e.exitCode(), e.err());
    double test = ((Number) Runs.finalMetrics(run).get("test.bits-per-character")).doubleValue();
    assertTrue(e.out().contains(String.format("%.3f", test)), e.out() + " against " + test);
    assertTrue(test < 1.0, "the n-gram knows this repeated line by heart, and the mixture with it: " + test);
    CliRunner.Result first = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--prime",
        "the king", "--length", "40", "--seed", "4");
    CliRunner.Result second = CliRunner.run("generate", "--model", run.resolve("model").toString(), "--prime",
        "the king", "--length", "40", "--seed", "4");
    assertEquals(0, first.exitCode(), first.err());
    assertEquals(first.out(), second.out(), "the same seed samples the same text");
    RecurModel model = RecurModel.load(run.resolve("model"));
    float[] atOnce = model.newSession().feed("the king shall");
    StreamingSession pieces = model.newSession();
    pieces.feed("the king");
    assertArrayEquals(atOnce, pieces.feed(" shall"), 1e-5f, "a session carries the n-gram's history too");
    Path onnx = tmp.resolve("mixture.onnx");
    CliRunner.Result x = CliRunner.run("export", "--model", run.resolve("model").toString(), "--format", "onnx",
        "--output", onnx.toString());
    assertEquals(Main.USER_ERROR, x.exitCode(), x.err());
    assertTrue(x.err().contains("its counted layer 'ngram' has no ONNX operator"), x.err());
    assertTrue(Files.notExists(onnx), "nothing half-written");
  }
}
