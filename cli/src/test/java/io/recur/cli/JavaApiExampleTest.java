package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.api.RecurModel;
import java.io.File;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code examples/java-api} end to end: a tiny names classifier trained by {@code recur train},
 * and for the same names the example program must print, line by line, the {@code prediction}
 * and {@code p(prediction)} columns of {@code recur predict --format tsv}.
 *
 * <p>The example is built without Maven, so that the test needs no {@code mvn install} and cannot
 * pick up a stale installed artifact: its sources are compiled against this build's recur-core,
 * and it runs in a JVM of its own whose class path is what its pom gives it (recur-core, the two
 * layer modules and their libraries; not the datasets module, the CLI or picocli). With {@code
 * RECUR_EXAMPLE_MAVEN=1} its {@code run.sh} is run as well, building it with Maven against the
 * installed artifacts ({@code RECUR_MAVEN_ARGS} passes on, e.g. {@code -Dmaven.repo.local=…}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JavaApiExampleTest {
  static final Path EXAMPLE = CliRunner.repoRoot().resolve("examples/java-api");
  static final String MAIN = "org.example.recurapi.PredictLines";

  private Path work;
  private Path model;
  private Path names;
  private Path exampleClasses;
  /** {@code LABEL<TAB>p(LABEL)} per name, from recur predict's table. */
  private List<String> expected;

  @BeforeAll
  void trainAClassifierAndPredictWithTheCli(@TempDir Path dir) throws IOException {
    work = dir;
    writeLanguages(work.resolve("languages"));
    Path config = Files.writeString(work.resolve("names.yaml"), """
        name: made-up-names
        seed: 1
        data: {type: labelled-files, path: languages, split: [8, 1, 1]}
        model:
          layers:
            - {type: embedding, one_hot: true}
            - {type: gru, units: 8, output: last}
            - {type: dense, units: 3}
        loss: cross-entropy
        optimizer: {type: adam, learning_rate: 0.02}
        training: {epochs: 2, batch_size: 16}
        metrics: [accuracy]
        """);
    Path run = work.resolve("run");
    CliRunner.Result train = CliRunner.run("train", config.toString(), "--run-dir", run.toString());
    assertEquals(0, train.exitCode(), train.err());
    model = run.resolve("model");

    // more than one batch of 64, with blank lines to skip, and names the model has not seen
    List<String> lines = new ArrayList<>();
    Random random = new Random(11);
    for (int i = 0; i < 70; i++) {
      lines.add(name(random, i % 3));
      if (i % 25 == 7) {
        lines.add(i % 2 == 0 ? "" : "   ");
      }
    }
    names = Files.write(work.resolve("names.txt"), lines, StandardCharsets.UTF_8);

    CliRunner.Result predict = CliRunner.run("predict", "--model", model.toString(), "--input", names.toString(),
        "--format", "tsv");
    assertEquals(0, predict.exitCode(), predict.err());
    expected = labelAndProbability(predict.out());
    assertEquals(70, expected.size(), predict.out());
    assertTrue(expected.stream().map(l -> l.split("\t")[0]).distinct().count() > 1,
        "a model that answers one class for every name would show little: " + expected);
    exampleClasses = compileExample(work.resolve("example-classes"));
  }

  /** Three made-up languages, 30 names each, told apart by their syllables. */
  private static void writeLanguages(Path folder) throws IOException {
    Files.createDirectories(folder);
    Random random = new Random(5);
    String[] files = {"Arvish", "Belloran", "Quzak"};
    for (int language = 0; language < files.length; language++) {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 30; i++) {
        lines.add(name(random, language));
      }
      Files.write(folder.resolve(files[language] + ".txt"), lines, StandardCharsets.UTF_8);
    }
  }

  private static final String[][] SYLLABLES = {
    {"ar", "vi", "sh", "en", "ta"}, {"bel", "lo", "ra", "mi", "no"}, {"qu", "zak", "ko", "tz", "ux"}};

  private static String name(Random random, int language) {
    String[] syllables = SYLLABLES[language];
    StringBuilder b = new StringBuilder();
    for (int s = 2 + random.nextInt(3); s > 0; s--) {
      b.append(syllables[random.nextInt(syllables.length)]);
    }
    return Character.toUpperCase(b.charAt(0)) + b.substring(1);
  }

  /** The prediction column and the probability column of that prediction, per row of the table. */
  private static List<String> labelAndProbability(String tsv) {
    List<String> rows = tsv.lines().toList();
    List<String> header = List.of(rows.get(0).split("\t", -1));
    int prediction = header.indexOf("prediction");
    assertTrue(prediction >= 0, "no prediction column: " + header);
    List<String> out = new ArrayList<>();
    for (String row : rows.subList(1, rows.size())) {
      String[] fields = row.split("\t", -1);
      String label = fields[prediction];
      int p = header.indexOf("p(" + label + ")");
      assertTrue(p >= 0, "no column for p(" + label + "): " + header);
      out.add(label + "\t" + fields[p]);
    }
    return out;
  }

  @Test
  void theExamplePrintsWhatRecurPredictPrints() throws IOException {
    Result r = run(example(), work, 120, names);
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected, r.out().lines().toList(), r.err());
  }

  @Test
  void theExampleNamesTheLineOfAnItemTheModelCannotTake() throws IOException {
    Path bad = Files.writeString(work.resolve("bad.txt"), "Arvish\n\nBel§lo\n", StandardCharsets.UTF_8);
    Result r = run(example(), work, 120, bad);
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().startsWith("error: line 3: character '§' is not in the model's vocabulary"), r.err());
  }

  @Test
  void theExamplePomDependsOnTheApiAndTheLayersOfThisRecur() throws IOException {
    String pom = Files.readString(EXAMPLE.resolve("pom.xml"));
    assertFalse(pom.contains("<parent>"), "the example is built like an application, without Recur's parent");
    String parent = Files.readString(CliRunner.repoRoot().resolve("pom.xml"));
    String version = parent.replaceAll("(?s).*?<artifactId>recur-parent</artifactId>\\s*<version>([^<]+)</version>.*", "$1");
    Matcher v = Pattern.compile("<recur.version>([^<]+)</recur.version>").matcher(pom);
    assertTrue(v.find(), "no <recur.version> in the example's pom");
    assertEquals(version, v.group(1).trim());
    List<String> artifacts = new ArrayList<>();
    Matcher m = Pattern.compile("(?s)<dependency>.*?<artifactId>([^<]+)</artifactId>").matcher(pom);
    while (m.find()) {
      artifacts.add(m.group(1));
    }
    assertEquals(List.of("recur-core", "recur-layers-dense", "recur-layers-recurrent"), artifacts);
  }

  /** The example's own script: Maven builds it against the installed artifacts, then it runs. */
  @Test
  void runShBuildsTheExampleWithMavenAndPrintsTheSame() throws IOException {
    Assumptions.assumeTrue("1".equals(System.getenv("RECUR_EXAMPLE_MAVEN")),
        "set RECUR_EXAMPLE_MAVEN=1 (after mvn -B install -DskipTests) to build the example with Maven too");
    Result r = run(List.of("bash", EXAMPLE.resolve("run.sh").toString(), model.toString()), EXAMPLE, 600, names);
    assertEquals(0, r.exitCode(), r.err());
    assertEquals(expected, r.out().lines().toList(), r.err());
  }

  /** {@code java -cp EXAMPLE:APPLICATION PredictLines MODEL}, in a JVM of its own. */
  private List<String> example() {
    return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xshare:auto",
        "-XX:TieredStopAtLevel=1", "-cp", exampleClasses + File.pathSeparator + applicationClassPath(), MAIN,
        model.toString());
  }

  private record Result(int exitCode, String out, String err) {}

  private Result run(List<String> cmd, Path dir, int seconds, Path stdin) throws IOException {
    Path out = Files.createTempFile(work, "out", ".txt");
    Path err = Files.createTempFile(work, "err", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectInput(stdin.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    try {
      if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError(cmd + " did not finish within " + seconds + " s:\n" + Files.readString(err));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** The example's sources, compiled as its pom compiles them: against recur-core alone. */
  private static Path compileExample(Path out) throws IOException {
    List<String> sources;
    try (Stream<Path> files = Files.walk(EXAMPLE.resolve("src/main/java"))) {
      sources = files.map(Path::toString).filter(n -> n.endsWith(".java")).sorted().toList();
    }
    Files.createDirectories(out);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no Java compiler: run the tests on a JDK, not a JRE");
    }
    StringWriter log = new StringWriter();
    List<String> options = List.of("--release", "17", "-encoding", "UTF-8", "-proc:none", "-Xlint:all", "-Werror",
        "-classpath", codeSource(RecurModel.class).toString(), "-d", out.toString());
    boolean ok = javac.getTask(log, null, null, options, null,
        javac.getStandardFileManager(null, Locale.ROOT, StandardCharsets.UTF_8).getJavaFileObjectsFromStrings(sources))
        .call();
    if (!ok) {
      throw new AssertionError("examples/java-api does not compile against this recur-core:\n" + log);
    }
    return out;
  }

  /**
   * The class path an application built from the example's pom runs with: this build's recur-core
   * and layer modules and the libraries they use. The test class path holds those and more; what
   * the example's pom does not bring in is left out, so a model that loads here loads for an
   * application too.
   */
  private static String applicationClassPath() {
    String cp = System.getProperty("surefire.test.class.path");
    if (cp == null || cp.isBlank()) {
      cp = System.getProperty("java.class.path");
    }
    Set<Path> notTheApplications = Stream.of(Main.class, JavaApiExampleTest.class, io.recur.datasets.DatasetsPlugin.class,
        picocli.CommandLine.class, io.recur.testkit.GradCheck.class).map(JavaApiExampleTest::codeSource)
        .collect(Collectors.toSet());
    List<Path> entries = Arrays.stream(cp.split(File.pathSeparator)).filter(e -> !e.isBlank())
        .map(e -> Path.of(e).toAbsolutePath().normalize()).toList();
    // each is really left out, not merely named differently on this class path
    assertTrue(entries.containsAll(notTheApplications), "not all of " + notTheApplications + " are on " + cp);
    return entries.stream().filter(e -> !notTheApplications.contains(e)).map(Path::toString)
        .collect(Collectors.joining(File.pathSeparator));
  }

  private static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toAbsolutePath().normalize();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
