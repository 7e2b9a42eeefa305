package io.recur.spark;

import io.recur.spi.RecurException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;

/**
 * The spark executor's settings, from {@code recur sweep}'s {@code --spark-master}, {@code --conf}
 * (keys {@code spark.*}, passed to Spark as they are) and {@code --executor-option}:
 *
 * <ul>
 *   <li>{@code trials-dir=URI}: where finished trial folders are published; any Hadoop file
 *       system ({@code hdfs://nn/sweeps/x/trials}, {@code s3a://bucket/x/trials}); default: the
 *       sweep directory's {@code trials/} folder.
 * </ul>
 *
 * Immutable.
 */
final class SparkOptions {
  static final String TRIALS_DIR = "trials-dir";
  static final String MASTER = "spark.master";
  static final String DEFAULT_MASTER = "local[*]";
  static final String MAX_FAILURES = "spark.task.maxFailures";
  private static final String HADOOP_PREFIX = "spark.hadoop.";
  /** {@code local}, {@code local[4]}, {@code local[*]}: the forms that take a retry count as {@code local[N,F]}. */
  private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|\\d+)])?");

  private final Map<String, String> spark;
  private final String trialsDirectory;

  private SparkOptions(Map<String, String> spark, String trialsDirectory) {
    this.spark = spark;
    this.trialsDirectory = trialsDirectory;
  }

  /**
   * @param defaultTrials the sweep directory's {@code trials/} folder
   * @throws RecurException naming the option when one is unknown or malformed
   */
  static SparkOptions parse(Map<String, String> options, Path defaultTrials) {
    Map<String, String> spark = new LinkedHashMap<>();
    String trials = defaultTrials.toAbsolutePath().toUri().toString();
    for (Map.Entry<String, String> e : options.entrySet()) {
      String key = e.getKey();
      if (key.startsWith("spark.")) {
        spark.put(key, e.getValue());
      } else if (key.equals(TRIALS_DIR)) {
        trials = trialsUri(e.getValue());
      } else {
        throw new RecurException("--executor-option " + key + ": unknown option of the spark executor; known: "
            + TRIALS_DIR + " (Spark's own settings go in --conf spark.…=…)");
      }
    }
    // spark-submit --master arrives as a system property
    spark.putIfAbsent(MASTER, System.getProperty(MASTER, DEFAULT_MASTER));
    String maxFailures = spark.get(MAX_FAILURES);
    if (maxFailures != null && !maxFailures.matches("[1-9]\\d*")) {
      throw new RecurException("--conf " + MAX_FAILURES + "=" + maxFailures + ": expected an integer >= 1");
    }
    return new SparkOptions(spark, trials);
  }

  private static String trialsUri(String value) {
    try {
      URI uri = new URI(value);
      if (uri.getScheme() == null) {
        return Path.of(value).toAbsolutePath().toUri().toString(); // a plain path: file:
      }
      if (uri.getPath() == null || uri.getPath().isEmpty()) {
        throw new URISyntaxException(value, "no path");
      }
      return uri.toString();
    } catch (URISyntaxException e) {
      throw new RecurException("--executor-option " + TRIALS_DIR + "=" + value + ": expected a folder path or URI "
          + "(hdfs://namenode/sweeps/x/trials, s3a://bucket/x/trials, file:/shared/x/trials): " + e.getMessage());
    }
  }

  /** The master, {@code local[*]} unless set. */
  String master() {
    return spark.get(MASTER);
  }

  /** Whether Spark runs embedded in this JVM ({@code local…}); then nothing needs shipping. */
  boolean isLocal() {
    return master().startsWith("local") && !master().startsWith("local-cluster");
  }

  /** How often Spark tries a trial: {@code spark.task.maxFailures}, else Spark's default (1 in local mode, else 4). */
  int maxAttempts() {
    String set = spark.get(MAX_FAILURES);
    if (set != null) {
      return Integer.parseInt(set);
    }
    Matcher m = Pattern.compile("local\\[[^,\\]]+,\\s*(\\d+)]").matcher(master());
    return m.matches() ? Integer.parseInt(m.group(1)) : isLocal() ? 1 : 4;
  }

  /** Where finished trial folders go, as a URI. */
  String trialsDirectory() {
    return trialsDirectory;
  }

  /** The {@code spark.hadoop.*} settings without that prefix: the Hadoop configuration of the trials directory. */
  Map<String, String> hadoopSettings() {
    Map<String, String> out = new LinkedHashMap<>();
    spark.forEach((k, v) -> {
      if (k.startsWith(HADOOP_PREFIX)) {
        out.put(k.substring(HADOOP_PREFIX.length()), v);
      }
    });
    return out;
  }

  /**
   * Spark's configuration: the given settings, plus, on a cluster, the jars its executors need to
   * run Recur ({@code spark.jars}), loaded before Spark's own (Recur bundles a newer Guava than
   * the one on Spark's class path).
   */
  SparkConf sparkConf(List<String> shippedJars) {
    // what spark-submit passed (system properties spark.*) first, then this sweep's settings
    SparkConf conf = new SparkConf(true);
    spark.forEach(conf::set);
    conf.set(MASTER, localMasterWithRetries());
    conf.setIfMissing("spark.app.name", "recur sweep");
    // Spark's progress bar would tear through the sweep's own progress lines
    conf.setIfMissing("spark.ui.showConsoleProgress", "false");
    if (!isLocal()) {
      List<String> jars = new ArrayList<>();
      for (String jar : conf.get("spark.jars", "").split(",")) {
        if (!jar.isBlank()) {
          jars.add(jar.trim());
        }
      }
      shippedJars.stream().filter(j -> !jars.contains(j)).forEach(jars::add);
      conf.set("spark.jars", String.join(",", jars));
      conf.setIfMissing("spark.executor.userClassPathFirst", "true");
    }
    return conf;
  }

  /**
   * Local mode ignores {@code spark.task.maxFailures} and takes the count from the master,
   * {@code local[N,F]}: carry it over, so retries behave the same embedded and on a cluster.
   */
  private String localMasterWithRetries() {
    String failures = spark.get(MAX_FAILURES);
    Matcher m = LOCAL.matcher(master());
    if (failures == null || !m.matches()) {
      return master();
    }
    return "local[" + (m.group(1) == null ? "1" : m.group(1)) + "," + failures + "]";
  }
}
