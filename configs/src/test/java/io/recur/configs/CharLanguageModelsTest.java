package io.recur.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.Main;
import io.recur.io.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The character language models of issue 4 (seeds 002 and 004), each a reduced version of its
 * shipped config (fewer epochs, a narrower model, the start of the text): learning happened
 * when the loss falls well below that of a uniform guess over the vocabulary and the model
 * beats the context-free unigram baseline the dataset reports.
 */
class CharLanguageModelsTest {
  @TempDir Path tmp;

  private static String run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
    return out.toString(StandardCharsets.UTF_8);
  }

  private Path train(String config, String... sets) {
    NamedData.requireFor(ShippedConfigsTest.configsRoot().resolve(config));
    Path runDir = tmp.resolve(config.replace('/', '_'));
    List<String> args = new ArrayList<>(List.of("train", ShippedConfigsTest.configsRoot().resolve(config).toString(),
        "--run-dir", runDir.toString()));
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    run(args.toArray(String[]::new));
    return runDir;
  }

  /** metrics.jsonl's epoch lines; the after-training test line (training.evaluate_test: end) is left out. */
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> epochs(Path runDir) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (String line : Files.readAllLines(runDir.resolve("metrics.jsonl"))) {
      Map<String, Object> m = (Map<String, Object>) Json.read(line);
      if (m.containsKey("epoch")) {
        out.add(m);
      }
    }
    return out;
  }

  /** The test split's numbers, scored once after training: test-metrics.json. */
  @SuppressWarnings("unchecked")
  private static Map<String, Object> test(Path runDir) throws IOException {
    Map<String, Object> test = (Map<String, Object>) Json.read(Files.readString(runDir.resolve("test-metrics.json")));
    assertEquals("after_training", test.get("test"), test.toString());
    return test;
  }

  private static double value(Map<String, Object> m, String key) {
    return ((Number) m.get(key)).doubleValue();
  }

  @SuppressWarnings("unchecked")
  private static double baseline(Path runDir, String key) throws IOException {
    return value((Map<String, Object>) Json.read(Files.readString(runDir.resolve("baselines.json"))), key);
  }

  /** Loss well below a uniform guess (ln V nats) and bits per character below the unigram baseline. */
  private static void assertLearned(Path runDir, int vocabulary) throws IOException {
    List<Map<String, Object>> epochs = epochs(runDir);
    Map<String, Object> last = epochs.get(epochs.size() - 1);
    double uniform = Math.log(vocabulary);
    assertTrue(value(last, "train.loss") < 0.75 * uniform, "train loss " + last.get("train.loss") + " vs ln V " + uniform);
    double unigram = baseline(runDir, "val.unigram-bits-per-character");
    assertTrue(value(last, "val.bits-per-character") < unigram,
        "val bits per character " + last.get("val.bits-per-character") + " vs unigram " + unigram);
  }

  @Test
  void theStrongerDinosaurModelLearnsNames() throws IOException {
    Path run = train("dinos/lstm.yaml", "training.epochs=6", "model.layers[1].units=48");
    assertLearned(run, 27);
    String names = run("generate", "--model", run.resolve("model").toString(), "--count", "5");
    assertEquals(5, names.lines().count(), names);
  }

  @Test
  void theNgramBaselineBeatsTheUnigramOnHeldOutNames() throws IOException {
    Path run = train("dinos/ngram.yaml");
    Map<String, Object> fitted = test(run);
    assertTrue(value(fitted, "test.bits-per-character") < baseline(run, "test.unigram-bits-per-character") - 1,
        "test bits per character " + fitted.get("test.bits-per-character"));
  }

  @Test
  void theSmallShakespeareModelLearnsWithCarriedState() throws IOException {
    // the first 60,000 characters in batches of 8 streams: 67 steps an epoch
    Path run = train("shakespeare/small.yaml", "data.max_chars=60000", "model.layers[1].units=64",
        "training.batch_size=8", "training.epochs=4", "training.evaluate_train=true");
    assertLearned(run, 60);
    List<Map<String, Object>> epochs = epochs(run);
    assertTrue(value(epochs.get(3), "val.loss") < value(epochs.get(0), "val.loss"), "validation loss falls");
  }

  @Test
  void theAnyTextModelTakesAnAlphabetOfAThousandCharacters() throws IOException {
    // 1,000 ideographs: a 7-gram's contexts would overflow 64-bit keys, so its n-gram counts order 5
    java.util.Random random = new java.util.Random(7);
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      text.append((char) (0x4e00 + i));
    }
    while (text.length() < 12000) {
      text.append((char) (0x4e00 + random.nextInt(1000)));
    }
    Path corpus = tmp.resolve("ideographs.txt");
    Files.writeString(corpus, text.toString());
    Path run = train("text/char-lm.yaml", "data.path=" + corpus, "model.layers[0].layers[1].units=16",
        "training.epochs=1");
    Map<String, io.recur.tensor.Tensor> weights = io.recur.io.Safetensors.read(
        run.resolve("model/weights.safetensors")).tensors();
    assertEquals(1000, weights.get("ensemble_0.member1.dense_3.bias").size(), "one output per character");
    assertEquals(5 + 1, weights.get("ensemble_0.counted1.ngram_0.ngrams").dim(1), "contexts of 5, then the next");
    // the test text scored a second time by the networks adapting to it, beside the trained weights'
    // number; random ideographs leave nothing to adapt to, so the two stay close
    Map<String, Object> test = test(run);
    double adapted = value(test, "test.adapted.bits-per-character");
    assertTrue(Double.isFinite(adapted) && Math.abs(adapted - value(test, "test.bits-per-character")) < 0.05,
        test.toString());
  }
}
