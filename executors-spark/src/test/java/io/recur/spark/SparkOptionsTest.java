package io.recur.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

class SparkOptionsTest {
  private static final Path TRIALS = Path.of("/sweeps/x/trials");

  private static SparkOptions parse(String... keyValues) {
    Map<String, String> options = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      options.put(keyValues[i], keyValues[i + 1]);
    }
    return SparkOptions.parse(options, TRIALS);
  }

  @Test
  void withoutOptionsSparkRunsEmbeddedAndTrialsGoToTheSweepDirectory() {
    SparkOptions o = parse();
    assertEquals("local[*]", o.master());
    assertTrue(o.isLocal());
    assertEquals("file:/sweeps/x/trials", o.trialsDirectory().replace("file:///", "file:/"));
    assertEquals(1, o.maxAttempts());
    SparkConf conf = o.sparkConf(List.of("file:/recur.jar"));
    assertEquals("local[*]", conf.get("spark.master"));
    assertEquals("recur sweep", conf.get("spark.app.name"));
    assertFalse(conf.contains("spark.jars"), "nothing is shipped to executors in this JVM");
  }

  @Test
  void aClusterGetsRecursJarsAfterTheUsersOwnLoadedFirst() {
    SparkOptions o = parse("spark.master", "spark://10.0.0.1:7077", "spark.jars", "file:/layers.jar");
    assertFalse(o.isLocal());
    assertEquals(4, o.maxAttempts());
    SparkConf conf = o.sparkConf(List.of("file:/recur.jar", "file:/recur-executors-spark.jar"));
    assertEquals("file:/layers.jar,file:/recur.jar,file:/recur-executors-spark.jar", conf.get("spark.jars"));
    assertEquals("true", conf.get("spark.executor.userClassPathFirst"));
  }

  @Test
  void localModeTakesItsRetriesFromTheMaster() {
    SparkOptions o = parse("spark.master", "local[2]", "spark.task.maxFailures", "3");
    assertEquals(3, o.maxAttempts());
    assertEquals("local[2,3]", o.sparkConf(List.of()).get("spark.master"));
    assertEquals("local[*,2]", parse("spark.task.maxFailures", "2").sparkConf(List.of()).get("spark.master"));
    assertEquals(5, parse("spark.master", "local[4,5]").maxAttempts());
  }

  @Test
  void hadoopSettingsAndTheTrialsDirectoryAreTheExecutors() {
    SparkOptions o = parse("trials-dir", "hdfs://namenode:8020/sweeps/x/trials",
        "spark.hadoop.fs.s3a.endpoint", "http://minio:9000");
    assertEquals("hdfs://namenode:8020/sweeps/x/trials", o.trialsDirectory());
    assertEquals(Map.of("fs.s3a.endpoint", "http://minio:9000"), o.hadoopSettings());
    assertTrue(parse("trials-dir", "relative/trials").trialsDirectory().startsWith("file:/"));
  }

  @Test
  void unknownOrMalformedOptionsSayWhatIsExpected() {
    assertEquals("--executor-option trails-dir: unknown option of the spark executor; known: trials-dir (Spark's own "
        + "settings go in --conf spark.…=…)", assertThrows(RecurException.class, () -> parse("trails-dir", "x"))
        .getMessage());
    assertEquals("--conf spark.task.maxFailures=often: expected an integer >= 1",
        assertThrows(RecurException.class, () -> parse("spark.task.maxFailures", "often")).getMessage());
    assertTrue(assertThrows(RecurException.class, () -> parse("trials-dir", "hdfs://namenode"))
        .getMessage().startsWith("--executor-option trials-dir=hdfs://namenode: expected a folder path or URI"));
  }
}
