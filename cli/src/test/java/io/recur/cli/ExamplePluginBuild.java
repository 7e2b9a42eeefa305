package io.recur.cli;

import io.recur.testkit.PluginJarBuilder;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;
import org.junit.platform.engine.discovery.DiscoverySelectors;

/**
 * Builds {@code examples/plugin-example} the way its pom does, without Maven: its main sources
 * compiled against this build's {@code recur-core} (on the test class path, so no installed
 * artifact in {@code ~/.m2} is needed and no stale one can be used), its resources copied, and a
 * jar written with the manifest entry its pom writes ({@code Recur-Spi-Version}). Its tests,
 * which use core's test kit, run with the JUnit Platform launcher.
 */
final class ExamplePluginBuild {
  static final Path ROOT = CliRunner.repoRoot().resolve("examples/plugin-example");
  static final Path POM = ROOT.resolve("pom.xml");

  private ExamplePluginBuild() {}

  /** A property of the example's pom, e.g. {@code recur.spi.version}. */
  static String pomProperty(String name) {
    Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]*)</" + Pattern.quote(name) + ">").matcher(read(POM));
    if (!m.find()) {
      throw new AssertionError(POM + " has no <" + name + ">");
    }
    return m.group(1).trim();
  }

  /** The jar {@code mvn package} would make, {@code <artifactId>-<version>.jar}, written under {@code dir}. */
  static Path jar(Path dir) {
    Path classes = compile(List.of(ROOT.resolve("src/main/java")), List.of(), dir.resolve("classes"));
    copyTree(ROOT.resolve("src/main/resources"), classes);
    String name = firstTag(read(POM), "artifactId") + "-" + firstTag(read(POM), "version") + ".jar";
    return PluginJarBuilder.create().spiVersion(pomProperty("recur.spi.version")).addTree(classes)
        .writeTo(dir.resolve("jar").resolve(name));
  }

  /** Compiles and runs the example's own tests; the summary says how they went. */
  static TestExecutionSummary runTests(Path dir) {
    Path classes = dir.resolve("classes");
    if (!Files.isDirectory(classes)) {
      jar(dir);
    }
    Path testClasses = compile(List.of(ROOT.resolve("src/test/java")), List.of(classes), dir.resolve("test-classes"));
    List<String> names;
    try (Stream<Path> files = Files.walk(testClasses)) {
      names = files.map(p -> testClasses.relativize(p).toString()).filter(n -> n.endsWith("Test.class"))
          .map(n -> n.substring(0, n.length() - ".class".length()).replace('/', '.')).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {url(classes), url(testClasses)},
        ExamplePluginBuild.class.getClassLoader())) {
      // the kit finds the plugin's types (nested layers, initialisers) through the context loader
      thread.setContextClassLoader(loader);
      LauncherDiscoveryRequestBuilder request = LauncherDiscoveryRequestBuilder.request();
      for (String n : names) {
        request.selectors(DiscoverySelectors.selectClass(loader.loadClass(n)));
      }
      LauncherDiscoveryRequest built = request.build();
      Launcher launcher = LauncherFactory.create();
      SummaryGeneratingListener listener = new SummaryGeneratingListener();
      launcher.execute(built, listener);
      return listener.getSummary();
    } catch (IOException | ClassNotFoundException e) {
      throw new AssertionError("cannot run the example plugin's tests", e);
    } finally {
      thread.setContextClassLoader(previous);
    }
  }

  /**
   * What the example's pom puts on its compile class path: recur-core and the libraries of its SPI
   * signatures (provided), and for tests core's test kit and JUnit. Nothing else, so a plugin
   * that reaches past Recur's published API fails to compile here as it would for its author.
   */
  static final List<Class<?>> MAIN_CLASS_PATH = List.of(io.recur.spi.RecurPlugin.class, com.google.inject.Module.class,
      jakarta.inject.Inject.class, org.apache.commons.math3.random.RandomGenerator.class);
  static final List<Class<?>> TEST_CLASS_PATH = List.of(io.recur.testkit.GradCheck.class, org.junit.jupiter.api.Test.class,
      org.junit.jupiter.params.ParameterizedTest.class, org.opentest4j.AssertionFailedError.class,
      org.apiguardian.api.API.class, org.junit.platform.commons.annotation.Testable.class);

  static Path compile(List<Path> sourceRoots, List<Path> extraClassPath, Path out) {
    List<String> sources = new ArrayList<>();
    for (Path root : sourceRoots) {
      try (Stream<Path> files = Files.walk(root)) {
        files.filter(p -> p.toString().endsWith(".java")).sorted().forEach(p -> sources.add(p.toString()));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<Path> classPath = new ArrayList<>();
    MAIN_CLASS_PATH.forEach(c -> classPath.add(codeSource(c)));
    if (!extraClassPath.isEmpty()) {
      TEST_CLASS_PATH.forEach(c -> classPath.add(codeSource(c)));
      classPath.addAll(extraClassPath);
    }
    List<String> options = List.of("--release", "17", "-encoding", "UTF-8", "-proc:none", "-classpath",
        String.join(java.io.File.pathSeparator, classPath.stream().map(Path::toString).toList()), "-d", out.toString());
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    if (javac == null) {
      throw new AssertionError("no Java compiler: run the tests on a JDK, not a JRE");
    }
    StringWriter log = new StringWriter();
    try {
      Files.createDirectories(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    boolean ok = javac.getTask(log, null, null, options, null,
        javac.getStandardFileManager(null, null, StandardCharsets.UTF_8).getJavaFileObjectsFromStrings(sources)).call();
    if (!ok) {
      throw new AssertionError(sourceRoots + " does not compile against this recur-core:\n" + log);
    }
    return out;
  }

  private static Path codeSource(Class<?> c) {
    try {
      return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void copyTree(Path from, Path to) {
    if (!Files.isDirectory(from)) {
      return;
    }
    try (Stream<Path> files = Files.walk(from)) {
      for (Path f : files.filter(Files::isRegularFile).toList()) {
        Path target = to.resolve(from.relativize(f).toString());
        Files.createDirectories(target.getParent());
        Files.copy(f, target);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first {@code <tag>} after the parent-less project start: the project's own coordinates. */
  private static String firstTag(String pom, String tag) {
    String body = pom.replaceAll("(?s)<dependencies>.*</dependencies>", "").replaceAll("(?s)<build>.*</build>", "");
    Matcher m = Pattern.compile("<" + tag + ">([^<]*)</" + tag + ">").matcher(body);
    if (!m.find()) {
      throw new AssertionError(POM + " has no <" + tag + ">");
    }
    return m.group(1).trim();
  }

  private static String read(Path p) {
    try {
      return Files.readString(p, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static URL url(Path p) {
    try {
      return p.toUri().toURL();
    } catch (MalformedURLException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
