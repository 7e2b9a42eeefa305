package io.recur.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster on loopback: a master and workers, each a JVM of its own
 * started from the Spark jars of the plugin folder, as {@code sbin/start-master.sh} and {@code
 * sbin/start-worker.sh} would start them from a Spark distribution.
 *
 * <p>A worker launches each application's executor as a child JVM, with the class path Spark's
 * launcher builds from {@code $SPARK_HOME/jars} ({@code WorkerCommandBuilder}); so the cluster
 * gets a Spark home of its own whose {@code jars/} links to Spark's jars (not Recur's: those the
 * driver ships, as it must to any cluster), and {@code SPARK_SCALA_VERSION}, which a
 * distribution's scripts would set.
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
  private static final Pattern MASTER_URL = Pattern.compile("Starting Spark master at (spark://\\S+:\\d+)");

  private final Path home;
  private final Path logs;
  private final Process master;
  private final String url;
  private final List<Process> workers = new ArrayList<>();

  private StandaloneCluster(Path home, Path logs, Process master, String url) {
    this.home = home;
    this.logs = logs;
    this.master = master;
    this.url = url;
  }

  /** Starts a master and waits until it accepts workers. */
  static StandaloneCluster start(Path dir) throws IOException, InterruptedException {
    Path home = sparkHome(dir.resolve("spark-home"));
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Path log = logs.resolve("master.log");
    Process master = launch(home, log, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0",
        "--webui-port", "0");
    String url;
    try {
      url = await(master, log, MASTER_URL).group(1);
    } catch (IOException | RuntimeException | InterruptedException e) {
      kill(master);
      throw e;
    }
    return new StandaloneCluster(home, logs, master, url);
  }

  /** {@code spark://127.0.0.1:PORT}. */
  String url() {
    return url;
  }

  /** Starts a worker with 2 cores and waits until the master has registered it. */
  Process startWorker() throws IOException, InterruptedException {
    Path log = logs.resolve("worker-" + (workers.size() + 1) + ".log");
    Path work = Files.createDirectories(logs.resolve("work-" + (workers.size() + 1)));
    Process worker = launch(home, log, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--port", "0",
        "--webui-port", "0", "--cores", "2", "--memory", "1g", "--work-dir", work.toString(), url);
    workers.add(worker);
    await(worker, log, Pattern.compile("Successfully registered with master"));
    return worker;
  }

  /** Kills a worker and the executors it launched at once, as a machine that dies takes both. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.onExit().get();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop " + process, e);
    }
  }

  @Override
  public void close() {
    workers.forEach(StandaloneCluster::kill);
    kill(master);
  }

  private static Process launch(Path home, Path log, String mainClass, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    cmd.addAll(List.of(System.getProperty("recur.spark.java.options").trim().split("\\s+")));
    cmd.addAll(List.of("-Xmx256m", "-cp", home.resolve("jars") + "/*", mainClass));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("SPARK_HOME", home.toString());
    pb.environment().put("SPARK_SCALA_VERSION", System.getProperty("recur.spark.scala.version", "2.13"));
    RecurCli.loopback(pb.environment());
    return pb.start();
  }

  /** A Spark home whose {@code jars/} links every jar of the plugin folder except Recur's own. */
  private static Path sparkHome(Path home) throws IOException {
    Path jars = Files.createDirectories(home.resolve("jars"));
    try (Stream<Path> files = Files.list(RecurCli.pluginFolder())) {
      for (Path jar : files.toList()) {
        if (!jar.getFileName().toString().startsWith("recur-")) {
          Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar);
        }
      }
    }
    return home;
  }

  /** Waits until {@code log} has a line matching {@code pattern}; fails when the process dies first. */
  private static Matcher await(Process p, Path log, Pattern pattern) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.exists(log)) {
        Matcher m = pattern.matcher(Files.readString(log));
        if (m.find()) {
          return m;
        }
      }
      if (!p.isAlive()) {
        throw new IllegalStateException("the Spark process ended (exit " + p.exitValue() + ") before logging '"
            + pattern + "':\n" + Files.readString(log));
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no '" + pattern + "' in " + log + " after " + START_TIMEOUT + ":\n"
        + Files.readString(log));
  }
}
