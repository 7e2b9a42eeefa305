package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import io.recur.io.Sha256;
import io.recur.spi.RecurPlugin;
import io.recur.testkit.PluginJarBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * A third party's plugin built against this build's recur-core (sources compiled with javax.tools,
 * as {@link ExamplePluginBuild} does): its loss declares {@code OutputKind.LOGITS}, so {@code recur
 * predict} turns the model's raw scores into probabilities; and a rebuilt jar of the same name is
 * noticed by its sha256.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LogitsPluginEndToEndTest {
  private static final String JAR = "logit-loss-1.0.jar";

  private Path work;
  private Path classes;
  private Path plugins;
  private Path run;
  private Path input;

  @BeforeAll
  void buildTrainAndKeepTheModel(@TempDir Path dir) throws IOException {
    work = dir;
    Path src = Files.createDirectories(work.resolve("src/org/example/logits"));
    Files.writeString(src.resolve("LogitLossPlugin.java"), String.join("\n",
        "package org.example.logits;",
        "import io.recur.spi.*;",
        "import io.recur.tensor.Tensor;",
        "import java.util.List;",
        "/** Softmax cross-entropy written from tensor ops; the model's last layer gives raw scores. */",
        "public final class LogitLossPlugin implements RecurPlugin {",
        "  @Override public List<LossFactory> losses() { return List.of(new LossFactory() {",
        "    public String name() { return \"logit-ce\"; }",
        "    public String doc() { return \"cross-entropy of raw class scores\"; }",
        "    public List<ParamSpec<?>> params() { return List.of(); }",
        "    public Loss create(Params p) { return new Loss() {",
        "      // [N, C] output, [N] float-encoded class ids; the [N, T] mask describes the input: ignored",
        "      public Tensor compute(Tensor output, Tensor target, Tensor mask) {",
        "        int classes = output.shape()[output.rank() - 1];",
        "        return output.logSoftmax().mul(target.oneHot(classes)).sum().scale(-1f / output.shape()[0]);",
        "      }",
        "      @Override public OutputKind outputKind() { return OutputKind.LOGITS; }",
        "    }; }",
        "  }); }",
        "}"), StandardCharsets.UTF_8);
    Files.createDirectories(work.resolve("res/META-INF/services"));
    Files.writeString(work.resolve("res/META-INF/services/io.recur.spi.RecurPlugin"), "org.example.logits.LogitLossPlugin\n");
    classes = ExamplePluginBuild.compile(List.of(work.resolve("src")), List.of(), work.resolve("classes"));
    plugins = Files.createDirectories(work.resolve("plugins"));
    jar(PluginJarBuilder.create(), plugins.resolve(JAR));

    StringBuilder tsv = new StringBuilder("sequence\tlabel\n");
    Random random = new Random(4);
    for (int i = 0; i < 60; i++) {
      StringBuilder s = new StringBuilder();
      for (int k = 0; k < 6; k++) {
        s.append("abcd".charAt(random.nextInt(4)));
      }
      tsv.append(s).append('\t').append(s.chars().filter(c -> c == 'a').count() >= 2 ? "x" : "y").append('\n');
    }
    Files.writeString(work.resolve("train.tsv"), tsv.toString());
    Files.writeString(work.resolve("xy.yaml"), String.join("\n",
        "name: xy",
        "seed: 3",
        "plugins: [plugins]",
        "data: {type: tsv, path: train.tsv, split: [3, 1, 1]}",
        "model:",
        "  layers:",
        "    - {type: embedding, one_hot: true}",
        "    - {type: flatten}",
        "    - {type: dense, units: 2}",
        "loss: logit-ce",
        "optimizer: {type: sgd, learning_rate: 0.5}",
        "training: {epochs: 3, batch_size: 8}",
        ""));
    run = work.resolve("run");
    CliRunner.Result train = CliRunner.run("train", work.resolve("xy.yaml").toString(), "--run-dir", run.toString());
    assertEquals(0, train.exitCode(), train.err());
    input = work.resolve("input.txt");
    Files.writeString(input, "aabbcc\nddddcc\nabcdab\n");
  }

  private void jar(PluginJarBuilder builder, Path to) {
    builder.spiVersion(String.valueOf(RecurPlugin.SPI_VERSION)).addTree(work.resolve("res")).addTree(classes).writeTo(to);
  }

  private CliRunner.Result predict(Path pluginJar, String... more) {
    List<String> args = new java.util.ArrayList<>(List.of("predict", "--model", run.resolve("model").toString(),
        "--input", input.toString(), "--format", "jsonl", "--top-k", "2", "--plugins", pluginJar.toString()));
    args.addAll(List.of(more));
    return CliRunner.run(args.toArray(String[]::new));
  }

  @Test
  @SuppressWarnings("unchecked")
  void aLossThatDeclaresLogitsGetsProbabilitiesThatSumToOne() {
    CliRunner.Result p = predict(plugins.resolve(JAR));
    assertEquals(0, p.exitCode(), p.err());
    assertEquals("", p.err());
    List<String> lines = p.out().lines().toList();
    assertEquals(3, lines.size(), p.out());
    for (String line : lines) {
      List<Map<String, Object>> top = (List<Map<String, Object>>) ((Map<String, Object>) Json.read(line)).get("top");
      double sum = 0;
      for (Map<String, Object> t : top) {
        double q = ((Number) t.get("probability")).doubleValue();
        assertTrue(q >= 0 && q <= 1, line);
        sum += q;
      }
      assertEquals(1.0, sum, 1e-5, line);
    }
  }

  @Test
  void aRebuiltJarOfTheSameNameIsAWarningNamingBothHashesOrARefusalUnderStrictPlugins() throws IOException {
    Path original = plugins.resolve(JAR);
    Path rebuilt = Files.createDirectories(work.resolve("rebuilt")).resolve(JAR);
    // the same classes with one more entry: what a rebuild with another timestamp or resource gives
    jar(PluginJarBuilder.create().entry("META-INF/build.txt", "rebuilt".getBytes(StandardCharsets.UTF_8)), rebuilt);
    String before = Sha256.ofFile(original);
    String after = Sha256.ofFile(rebuilt);
    assertTrue(!before.equals(after));

    CliRunner.Result warned = predict(rebuilt);
    assertEquals(0, warned.exitCode(), warned.err());
    String expected = run.resolve("model/model.yaml") + ": this model was trained with plugin jar " + JAR + " (sha256 "
        + before + "), but its loss type 'logit-ce' now comes from " + rebuilt + " (sha256 " + after + "), a different build";
    assertEquals("warning: " + expected + "; predictions may differ from the trained model's (--strict-plugins "
        + "refuses this)\n", warned.err());

    CliRunner.Result refused = predict(rebuilt, "--strict-plugins");
    assertEquals(Main.USER_ERROR, refused.exitCode(), refused.err());
    assertEquals(expected + "; refused under --strict-plugins: give the jar the model was trained with, or retrain\n",
        refused.err());
    assertEquals("", refused.out());
  }
}
