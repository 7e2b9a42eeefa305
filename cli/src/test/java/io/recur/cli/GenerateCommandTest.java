package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur generate} end to end on models trained here: a character LSTM and an n-gram over
 * line items (names), and an LSTM over a corpus.
 */
class GenerateCommandTest {
  @TempDir static Path tmp;
  static Path lines;
  static Path ngram;
  static Path corpus;

  static final String NAMES = """
      abelisaurus
      abrosaurus
      acrocanthosaurus
      albertosaurus
      allosaurus
      amargasaurus
      ankylosaurus
      apatosaurus
      baryonyx
      brachiosaurus
      camarasaurus
      carnotaurus
      """;

  static Path train(String name, String yaml) throws IOException {
    Path config = tmp.resolve(name + ".yaml");
    Files.writeString(config, yaml);
    Path run = tmp.resolve(name);
    CliRunner.Result r = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(0, r.exitCode(), r.err());
    return run;
  }

  @BeforeAll
  static void trainModels() throws IOException {
    Files.writeString(tmp.resolve("names.txt"), NAMES.repeat(4));
    Files.writeString(tmp.resolve("corpus.txt"), "the quick brown fox jumps over the lazy dog.\n".repeat(40));
    lines = train("lines", """
        name: names-lstm
        data: {type: text, path: names.txt, mode: lines, split: [8, 1, 1]}
        model:
          layers:
            - {type: embedding, size: 8}
            - {type: lstm, units: 16}
            - {type: dense, units: 19, activation: log-softmax}
        loss: nll
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 3, batch_size: 8}
        metrics: [bits-per-character]
        """.replace("units: 19", "units: " + vocabularySize(NAMES)));
    ngram = train("ngram", """
        name: names-ngram
        data: {type: text, path: names.txt, mode: lines, split: [8, 1, 1]}
        model:
          layers:
            - {type: ngram, order: 3, k: 0.01}
        loss: nll
        optimizer: {type: sgd, learning_rate: 0.1}
        training: {epochs: 1, batch_size: 16}
        metrics: [bits-per-character]
        """);
    corpus = train("corpus", """
        name: corpus-lstm
        data: {type: text, path: corpus.txt, sequence_length: 20, split: [8, 1, 1]}
        model:
          layers:
            - {type: embedding, size: 8}
            - {type: lstm, units: 16}
            - {type: dense, units: 27}
        loss: cross-entropy
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 2, batch_size: 8}
        metrics: [bits-per-character]
        """.replace("units: 27", "units: " + vocabularySize("the quick brown fox jumps over the lazy dog.\n")));
  }

  /** Distinct characters of {@code text}, with the line break. */
  static int vocabularySize(String text) {
    return (int) (text + "\n").chars().distinct().count();
  }

  static CliRunner.Result generate(Path run, String... options) {
    String[] args = new String[options.length + 3];
    args[0] = "generate";
    args[1] = "--model";
    args[2] = run.resolve("model").toString();
    System.arraycopy(options, 0, args, 3, options.length);
    return CliRunner.run(args);
  }

  static List<String> samples(CliRunner.Result r) {
    assertEquals(0, r.exitCode(), r.err());
    return r.out().lines().toList();
  }

  @Test
  void theSameSeedGivesTheSameTextAndAnotherSeedOtherText() {
    List<String> a = samples(generate(lines, "--count", "6", "--seed", "3"));
    assertEquals(a, samples(generate(lines, "--count", "6", "--seed", "3")));
    assertNotEquals(a, samples(generate(lines, "--count", "6", "--seed", "4")));
    assertEquals(a.subList(0, 2), samples(generate(lines, "--count", "2", "--seed", "3")),
        "sample i does not depend on how many follow it");
  }

  @Test
  void aLineModelPrintsOneItemPerLineStoppingAtTheEndSymbol() {
    List<String> names = samples(generate(lines, "--count", "8", "--length", "60"));
    assertEquals(8, names.size(), "one line per sample, no line break inside one");
    for (String n : names) {
      assertTrue(n.length() <= 60, n);
      assertTrue(n.chars().allMatch(c -> c >= 'a' && c <= 'z'), "only the name's letters: " + n);
    }
  }

  @Test
  void theNgramModelSamplesThroughTheSameCommand() {
    List<String> names = samples(generate(ngram, "--count", "5", "--seed", "2"));
    assertEquals(5, names.size());
    // order 3 with a tiny k on 12 names: samples are built from the names' own trigrams
    assertTrue(names.stream().allMatch(n -> n.chars().allMatch(c -> NAMES.indexOf(c) >= 0)), names.toString());
  }

  @Test
  void greedyDecodingIgnoresTheSeedAndTopOneIsGreedy() {
    List<String> greedy = samples(generate(ngram, "--temperature", "0", "--count", "2", "--seed", "1"));
    assertEquals(greedy, samples(generate(ngram, "--temperature", "0", "--count", "2", "--seed", "9")));
    assertEquals(greedy.get(0), greedy.get(1));
    assertEquals(greedy, samples(generate(ngram, "--top-k", "1", "--count", "2", "--seed", "5")));
  }

  @Test
  void everySampleStartsWithThePrime() {
    for (String n : samples(generate(lines, "--prime", "bra", "--count", "4"))) {
      assertTrue(n.startsWith("bra"), n);
    }
  }

  @Test
  void aCorpusModelDrawsExactlyLengthCharacters() {
    CliRunner.Result r = generate(corpus, "--prime", "the ", "--length", "50");
    assertEquals(0, r.exitCode(), r.err());
    String sample = r.out().substring(0, r.out().length() - 1);
    assertTrue(sample.startsWith("the "), sample);
    assertEquals(54, sample.codePointCount(0, sample.length()), sample);
  }

  @Test
  void corpusSamplesAreSeparatedByABlankLineWhenTheySpanLines() {
    CliRunner.Result r = generate(corpus, "--length", "120", "--count", "2");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("\n\n"), r.out());
  }

  @Test
  void badOptionsAreUserErrors() {
    CliRunner.Result prime = generate(lines, "--prime", "aQ");
    assertEquals(Main.USER_ERROR, prime.exitCode());
    assertTrue(prime.err().startsWith("--prime: token 'Q' is not in the model's vocabulary [\\n, a, b,"), prime.err());
    assertEquals("--count must be 1 or more, got 0", generate(lines, "--count", "0").err().strip());
    assertEquals("--temperature must be a number >= 0 (0: always the most likely token), got -1.0",
        generate(lines, "--temperature", "-1").err().strip());
    assertEquals(Main.USER_ERROR, generate(lines, "--top-k", "-2").exitCode());
  }

  @Test
  void theReportShowsGeneratedSamples() throws IOException {
    String report = Files.readString(lines.resolve("report.html"));
    assertTrue(report.contains("Generated samples"), "no samples section");
    assertTrue(report.contains("recur generate --model"), "no command to reproduce them");
  }

  @Test
  void theNgramIsEvaluatedLikeANetwork() {
    CliRunner.Result r = CliRunner.run("evaluate", "--model", ngram.resolve("model").toString(), "--split", "val");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.out().contains("bits-per-character"), r.out());
  }
}
