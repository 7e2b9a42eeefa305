package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.run.SavedModel;
import io.recur.spi.DataSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The datasets of issue 4 through {@code recur train}: each trains a tiny model for an epoch or
 * two, and what a later generate/predict needs (codec symbols, target codec, normalisation) comes
 * back from the saved model.
 */
class SequenceDatasetsEndToEndTest {
  @TempDir Path tmp;

  private CliRunner.Result train(String yaml, Path run, String... extra) throws IOException {
    Path config = tmp.resolve("experiment.yaml");
    Files.writeString(config, yaml);
    List<String> args = new ArrayList<>(List.of("train", config.toString(), "--run-dir", run.toString()));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> lastEpoch(Path run) throws IOException {
    return Runs.finalMetrics(run);
  }

  private static DataSchema schema(Path run) {
    return SavedModel.load(run.resolve("model"), Registries.builtIn()).schema();
  }

  @Test
  void dinosaurNamesTrainACharacterModelWithBitsPerCharacter() throws IOException {
    Path data = DataCommandTest.sharedData();
    Path run = tmp.resolve("dinos");
    CliRunner.Result r = train("""
        name: dinos-smoke
        seed: 1
        data: {type: text, source: dinos, mode: lines, lowercase: true}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: rnn, units: 8, output: sequence}
            - {type: dense, units: 27}
        loss: cross-entropy
        optimizer: {type: adam, learning_rate: 0.01}
        training: {epochs: 2, batch_size: 64}
        metrics: [accuracy, bits-per-character, perplexity]
        """, run, "--data-dir", data.toString());
    assertEquals(0, r.exitCode(), r.err());
    Map<String, Object> last = lastEpoch(run);
    double bpc = ((Number) last.get("val.bits-per-character")).doubleValue();
    double loss = ((Number) last.get("val.loss")).doubleValue();
    assertEquals(loss / Math.log(2), bpc, 1e-4, "bits per character is the cross-entropy in bits");
    assertEquals(Math.pow(2, bpc), ((Number) last.get("val.perplexity")).doubleValue(), 1e-3);
    DataSchema schema = schema(run);
    assertEquals(0, schema.codec().endId(), "\\n ends an item and has id 0");
    assertEquals(0, schema.codec().startId());
    assertTrue(Files.readString(run.resolve("baselines.json")).contains("test.unigram-bits-per-character"));
  }

  @Test
  void labelledFilesTrainAClassifierBesideTheMajorityBaseline() throws IOException {
    Path folder = tmp.resolve("langs");
    Files.createDirectories(folder);
    Files.writeString(folder.resolve("Long.txt"), "aaaaaa\naaaaab\naaaaba\naaabaa\naabaaa\nabaaaa\nbaaaaa\naaaabb\n");
    Files.writeString(folder.resolve("Short.txt"), "b\nbb\nab\nba\nbbb\nbab\n");
    Path run = tmp.resolve("names");
    CliRunner.Result r = train("""
        name: names-smoke
        seed: 1
        data: {type: labelled-files, path: langs, split: [4, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: gru, units: 4, output: last}
            - {type: dense, units: 2}
        loss: cross-entropy
        optimizer: {type: sgd, learning_rate: 0.1, momentum: 0.9}
        training: {epochs: 2, batch_size: 4}
        metrics: [accuracy, balanced-accuracy]
        """, run);
    assertEquals(0, r.exitCode(), r.err());
    assertNotNull(lastEpoch(run).get("val.balanced-accuracy"));
    assertTrue(r.out().contains("test.majority-accuracy"), r.out());
    assertEquals(List.of("Long", "Short"), schema(run).classes());
  }

  @Test
  void aSeriesSavesItsNormalisationWithTheModel() throws IOException {
    StringBuilder csv = new StringBuilder("ds,y\n");
    for (int i = 0; i < 60; i++) {
      csv.append(i).append(',').append(100 + 10 * Math.sin(i * Math.PI / 6) + i).append('\n');
    }
    Files.writeString(tmp.resolve("s.csv"), csv.toString());
    Path run = tmp.resolve("series");
    CliRunner.Result r = train("""
        name: series-smoke
        seed: 1
        data: {type: series, path: s.csv, window: 12, val_steps: 6, test_steps: 12}
        model:
          layers:
            - {type: rnn, units: 4, output: last}
            - {type: dense, units: 1}
        loss: mse
        optimizer: {type: adam, learning_rate: 0.01}
        training: {epochs: 2, batch_size: 8}
        """, run);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("test.seasonal-naive-mse"), r.out());
    DataSchema schema = schema(run);
    assertNotNull(schema.normalization());
    assertTrue(schema.normalization().mean() > 100 && schema.normalization().std() > 5, schema.normalization().toString());
  }

  @Test
  void sinusoidsTrainALinearRnnOnNextStepTargets() throws IOException {
    Path run = tmp.resolve("sin");
    CliRunner.Result r = train("""
        name: sin-smoke
        seed: 1
        data: {type: sinusoid, samples: 40, steps: 30}
        model:
          layers:
            - {type: rnn, units: 4, output: sequence}
            - {type: dense, units: 1}
        loss: mse
        optimizer: {type: adam, learning_rate: 0.01}
        training: {epochs: 2, batch_size: 8}
        """, run);
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("test.last-value-mse"), r.out());
  }

  @Test
  void aFixedLengthCopyTaskSavesItsTargetCodec() throws IOException {
    Path run = tmp.resolve("copy");
    CliRunner.Result r = train("""
        name: copy-smoke
        seed: 1
        data: {type: copy, samples: 40, min_length: 5, max_length: 5}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: rnn, units: 8, output: sequence}
            - {type: dense, units: 3}
        loss: cross-entropy
        optimizer: {type: adam, learning_rate: 0.01}
        training: {epochs: 2, batch_size: 8}
        metrics: [accuracy, sequence-accuracy]
        """, run);
    assertEquals(0, r.exitCode(), r.err());
    assertNotNull(lastEpoch(run).get("val.sequence-accuracy"));
    DataSchema schema = schema(run);
    assertEquals(List.of("a", "b", "c"), schema.targetCodec().vocabulary());
  }

  @Test
  void additionValidates() throws IOException {
    Path config = tmp.resolve("addition.yaml");
    Files.writeString(config, """
        name: addition
        data: {type: addition, samples: 100, min_digits: 3, max_digits: 4}
        model:
          layers:
            - {type: encoder-decoder, cell: gru, units: 8}
            - {type: time-distributed, layer: {type: dense}}
        loss: cross-entropy
        optimizer: {type: adam}
        """);
    CliRunner.Result r = CliRunner.run("validate", config.toString());
    assertEquals(0, r.exitCode(), r.err());
  }
}
