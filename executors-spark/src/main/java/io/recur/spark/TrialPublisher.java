package io.recur.spark;

import io.recur.spi.RecurException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Puts a finished trial folder into the trials directory on any Hadoop file system ({@code
 * file:}, {@code hdfs:}, {@code s3a:}…): copied under a hidden temporary name beside its final
 * place, then renamed, so a reader (and {@code --resume}) sees the whole trial or none of it. A
 * folder already there (an attempt whose result never reached the driver) is replaced.
 */
final class TrialPublisher {
  private static final String TEMPORARY = ".publishing-";
  private static final String REPLACED = ".replaced-";

  private TrialPublisher() {}

  /**
   * Checks on the driver that the trials directory can be reached and creates it, so a wrong
   * URI is one clear message rather than every task failing.
   *
   * @throws RecurException when the file system is unknown or the folder cannot be created
   */
  static void prepare(String trialsDirectory, Map<String, String> hadoopSettings) {
    try {
      FileSystem fs = fileSystem(trialsDirectory, hadoopSettings);
      fs.mkdirs(new Path(URI.create(trialsDirectory)));
    } catch (IOException | RuntimeException e) {
      throw new RecurException("--executor-option " + SparkOptions.TRIALS_DIR + "=" + trialsDirectory
          + ": cannot create the trials folder (" + e.getMessage() + "); expected a folder on a file system Hadoop "
          + "can reach (file:, hdfs:, s3a: with its settings as --conf spark.hadoop.…=…)", e);
    }
  }

  /** Publishes the local folder {@code trial} as {@code trialsDirectory/id}. */
  static void publish(java.nio.file.Path trial, String trialsDirectory, String id, Map<String, String> hadoopSettings)
      throws IOException {
    FileSystem fs = fileSystem(trialsDirectory, hadoopSettings);
    // from the URI, not its text: Hadoop's Path(String) would keep %20 in a folder name
    Path parent = new Path(URI.create(trialsDirectory));
    Path target = new Path(parent, id);
    fs.mkdirs(parent);
    removeLeftovers(fs, parent, id);
    Path temporary = new Path(parent, "." + id + TEMPORARY + UUID.randomUUID());
    fs.copyFromLocalFile(false, true, new Path(trial.toUri()), temporary);
    Path replaced = null;
    if (fs.exists(target)) {
      replaced = new Path(parent, "." + id + REPLACED + UUID.randomUUID());
      if (!fs.rename(target, replaced)) {
        throw new IOException("cannot move the earlier " + target + " aside to " + replaced);
      }
    }
    if (!fs.rename(temporary, target)) {
      throw new IOException("cannot rename " + temporary + " to " + target);
    }
    if (replaced != null) {
      fs.delete(replaced, true);
    }
  }

  /**
   * Copies {@code trialsDirectory/id} into the local folder {@code trial} (which must not exist)
   * when the trials directory has it: the run a halving sweep's earlier rung published, which the
   * next rung continues from its checkpoint. Nothing is copied when there is none.
   */
  static void fetch(String trialsDirectory, String id, java.nio.file.Path trial, Map<String, String> hadoopSettings)
      throws IOException {
    FileSystem fs = fileSystem(trialsDirectory, hadoopSettings);
    Path source = new Path(new Path(URI.create(trialsDirectory)), id);
    if (fs.exists(source)) {
      fs.copyToLocalFile(false, source, new Path(trial.toUri()), true);
    }
  }

  /** Temporary folders of earlier attempts at this trial that died while publishing. */
  private static void removeLeftovers(FileSystem fs, Path parent, String id) throws IOException {
    for (FileStatus s : fs.listStatus(parent)) {
      String name = s.getPath().getName();
      if (name.startsWith("." + id + TEMPORARY) || name.startsWith("." + id + REPLACED)) {
        fs.delete(s.getPath(), true);
      }
    }
  }

  /**
   * The file system of {@code uri}; for {@code file:} the raw one, since the checksummed local
   * file system would leave a {@code .crc} file beside every file of the trial.
   */
  private static FileSystem fileSystem(String uri, Map<String, String> hadoopSettings) {
    Configuration conf = new Configuration();
    hadoopSettings.forEach(conf::set);
    try {
      FileSystem fs = FileSystem.get(URI.create(uri), conf);
      return fs instanceof LocalFileSystem local ? local.getRaw() : fs;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the file system of " + uri + ": " + e.getMessage(), e);
    }
  }
}
