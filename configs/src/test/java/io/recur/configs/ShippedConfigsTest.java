package io.recur.configs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every YAML in {@code configs/} must validate and train for one short epoch through the CLI,
 * so no shipped config can rot. Named datasets resolve from the shared data mirror ({@code
 * RECUR_DATA}); a config whose named data is missing there is skipped with a message ({@link
 * NamedData}), and fails instead where the mirror is required (CI).
 */
class ShippedConfigsTest {
  /**
   * Extra {@code --set} options, by config path under {@code configs/}, for configs whose one
   * epoch on their full data is too slow for a smoke test.
   */
  static final Map<String, List<String>> BUDGETS = Map.ofEntries(
      // issue 4's encoder–decoders generate 10,000–20,000 sequences; a tenth still exercises every path
      Map.entry("addition/lstm.yaml", List.of("data.samples=2000")),
      Map.entry("addition/rnn.yaml", List.of("data.samples=2000")),
      Map.entry("copy/variable.yaml", List.of("data.samples=1000")),
      Map.entry("reverse/variable.yaml", List.of("data.samples=1000")),
      // issue 4's names: 12,800 training names per epoch; a narrower recurrent layer keeps every path
      Map.entry("names/rnn.yaml", List.of("model.layers[1].units=16")),
      Map.entry("names/gru.yaml", List.of("model.layers[1].units=16")),
      Map.entry("names/lstm.yaml", List.of("model.layers[1].units=16")),
      Map.entry("names/strong.yaml", List.of("model.layers[0].members=2", "model.layers[0].layers[2].units=16")),
      // issue 4's Shakespeare: an epoch of the 2 x 512 LSTM takes a quarter of an hour on 2 cores, and
      // evaluating a million characters is slower than a smoke test needs; the start of the text (and
      // a narrower layer) keeps every path. The start of the text has fewer than the 65 characters the
      // configs' last layer is sized for, and a model with more outputs than classes is refused, so
      // the last layer takes the class count from the data
      Map.entry("shakespeare/lstm.yaml", List.of("data.max_chars=20000", "model.layers[1].units=32",
          "model.layers[2].units=null")),
      Map.entry("shakespeare/small.yaml", List.of("data.max_chars=50000", "model.layers[2].units=null")),
      Map.entry("shakespeare/ngram.yaml", List.of("data.max_chars=100000")),
      Map.entry("shakespeare/ngram-sweep.yaml", List.of("data.max_chars=100000")));

  @TempDir Path tmp;

  /**
   * The {@code --set} options of a config's smoke run: its budget, and for the configs of any text
   * ({@code configs/text/}, which name no file of their own) a small generated corpus.
   */
  static List<String> smokeSets(Path config, Path tmp) throws IOException {
    String relative = configsRoot().relativize(config).toString().replace('\\', '/');
    List<String> sets = new ArrayList<>(BUDGETS.getOrDefault(relative, List.of()));
    if (relative.startsWith("text/")) {
      Path corpus = tmp.resolve("any-text.txt");
      if (!Files.exists(corpus)) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; text.length() < 20000; i++) {
          text.append(i % 7 == 0 ? "Wherefore art thou, " : "the quick brown fox ").append(i % 11 == 0 ? "\n" : "");
        }
        Files.writeString(corpus, text.toString());
      }
      sets.add("data.path=" + corpus.toAbsolutePath());
    }
    return sets;
  }

  static Path configsRoot() {
    String root = System.getProperty("recur.repo.root");
    return (root != null ? Path.of(root) : Path.of("").toAbsolutePath().getParent()).resolve("configs");
  }

  static List<Path> configs() throws IOException {
    try (Stream<Path> files = Files.walk(configsRoot())) {
      return files.filter(p -> p.toString().endsWith(".yaml"))
          .filter(p -> !p.toString().contains("/src/") && !p.toString().contains("/target"))
          .sorted()
          .toList();
    }
  }

  private static String[] run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new String[] {String.valueOf(code), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
  }

  @TestFactory
  Stream<DynamicTest> everyConfigValidates() throws IOException {
    List<Path> configs = configs();
    assertTrue(!configs.isEmpty(), "no configs found under " + configsRoot());
    return configs.stream().map(c -> DynamicTest.dynamicTest(configsRoot().relativize(c).toString(), () -> {
      // validate reads the data and builds the model, as training would
      NamedData.requireFor(c);
      List<String> args = new ArrayList<>(List.of("validate", c.toString()));
      for (String set : smokeSets(c, tmp)) {
        args.addAll(List.of("--set", set));
      }
      String[] r = run(args.toArray(String[]::new));
      assertEquals("0", r[0], r[2]);
    }));
  }

  @TestFactory
  Stream<DynamicTest> everyConfigTrainsForOneEpoch() throws IOException {
    return configs().stream().map(c -> DynamicTest.dynamicTest(configsRoot().relativize(c).toString(), () -> {
      NamedData.requireFor(c);
      Path runDir = tmp.resolve(configsRoot().relativize(c).toString().replace('/', '_'));
      List<String> args = new ArrayList<>(List.of("train", c.toString(), "--run-dir", runDir.toString(), "--set",
          "training.epochs=1"));
      for (String set : smokeSets(c, tmp)) {
        args.addAll(List.of("--set", set));
      }
      String[] r = run(args.toArray(String[]::new));
      assertEquals("0", r[0], r[2]);
      assertTrue(Files.exists(runDir.resolve("model/weights.safetensors")), "no weights written for " + c);
      assertSummaryCountsTheWeights(args.subList(1, args.size()), runDir.resolve("model/weights.safetensors"));
    }));
  }

  /**
   * {@code validate --summary} with the options training had counts the floats the trained model
   * saved; a counted model (ngram) has no trainable weights, and its saved state, sized by the
   * data, is reported as counted, as are the counts saved beside a network's weights.
   */
  private static void assertSummaryCountsTheWeights(List<String> trainArgs, Path weights) {
    List<String> args = new ArrayList<>(List.of("validate", "--summary", trainArgs.get(0)));
    for (int i = 1; i < trainArgs.size(); i++) {
      if (trainArgs.get(i).equals("--set")) {
        args.addAll(List.of("--set", trainArgs.get(++i)));
      }
    }
    String[] r = run(args.toArray(String[]::new));
    assertEquals("0", r[0], r[2]);
    long floats = 0;
    long counts = 0;
    for (Map.Entry<String, io.recur.tensor.Tensor> t : io.recur.io.Safetensors.read(weights).tensors().entrySet()) {
      // an ensemble's counted layers (an n-gram beside a network) save counts beside the weights
      if (t.getKey().contains(".counted")) {
        counts += t.getValue().size();
      } else {
        floats += t.getValue().size();
      }
    }
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("parameters: ([0-9,]+) ").matcher(r[1]);
    assertTrue(m.find(), r[1]);
    long counted = Long.parseLong(m.group(1).replace(",", ""));
    if (r[1].contains("counted from the training data")) {
      assertEquals(0, counted, r[1]);
      assertTrue(floats > 0, "a counted model saves its counts");
    } else {
      assertEquals(floats, counted, r[1]);
      assertEquals(counts > 0, r[1].contains("and counts from the training data"), r[1]);
    }
  }
}
