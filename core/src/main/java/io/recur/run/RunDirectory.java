package io.recur.run;

import static java.util.Objects.requireNonNull;

import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.model.EpochResult;
import io.recur.model.FinalTest;
import io.recur.model.MetricsLines;
import io.recur.spi.RecurException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * The run directory of DESIGN.md: {@code config.yaml}, {@code provenance.json}, {@code
 * metrics.jsonl}, {@code model/}. Whole files are written atomically (temp, sync, rename);
 * metrics lines are appended and synced one epoch at a time, so a crash loses at most the epoch
 * in progress. An existing, non-empty directory is never reused.
 */
public final class RunDirectory {
  public static final String CONFIG = "config.yaml";
  public static final String PROVENANCE = "provenance.json";
  public static final String METRICS = "metrics.jsonl";
  public static final String BASELINES = "baselines.json";
  /** The test split scored once after training: one JSON object, written whole. */
  public static final String TEST_METRICS = "test-metrics.json";
  public static final String MODEL = "model";
  public static final String CHECKPOINTS = "checkpoints";
  public static final String REPORT = "report.html";
  public static final String CURVES = "curves.png";
  /** A split's confusion matrix is {@code confusion-<split>.csv}. */
  public static final String CONFUSION_PREFIX = "confusion-";
  public static final String CONFUSION_SUFFIX = ".csv";

  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final Path root;

  private RunDirectory(Path root) {
    this.root = root;
  }

  /**
   * A run directory at {@code dir}, which may exist only if empty. The folder itself is made on
   * the first write, so a run that fails while loading its data leaves nothing behind.
   */
  public static RunDirectory create(Path dir) {
    requireNonNull(dir, "dir is null");
    if (Files.exists(dir)) {
      if (!Files.isDirectory(dir)) {
        throw new RecurException(dir + ": run directory exists and is a file; choose another --run-dir");
      }
      try (var entries = Files.list(dir)) {
        if (entries.findAny().isPresent()) {
          throw new RecurException(dir + ": run directory already exists and is not empty; runs are never overwritten. Choose another --run-dir");
        }
      } catch (IOException e) {
        throw new RecurException(dir + ": cannot read the run directory: " + e.getMessage(), e);
      }
    }
    return new RunDirectory(dir);
  }

  /**
   * An existing run directory, to continue a run in it ({@code --resume}); it may also be missing
   * or empty, for a run that was stopped before it wrote anything.
   */
  public static RunDirectory open(Path dir) {
    requireNonNull(dir, "dir is null");
    if (Files.exists(dir) && !Files.isDirectory(dir)) {
      throw new RecurException(dir + ": run directory exists and is a file; choose another --run-dir");
    }
    return new RunDirectory(dir);
  }

  /**
   * A new directory under {@code runsRoot} named from the experiment name, the local time and
   * the config hash; a numeric suffix keeps two runs started in the same second apart.
   */
  public static RunDirectory createUnder(Path runsRoot, String experiment, String configHash) {
    String base = experiment.replaceAll("[^A-Za-z0-9._-]+", "_") + "-" + LocalDateTime.now().format(STAMP) + "-" + configHash;
    Path dir = runsRoot.resolve(base);
    for (int i = 2; Files.exists(dir); i++) {
      dir = runsRoot.resolve(base + "-" + i);
    }
    return create(dir);
  }

  /**
   * True for a file a run writes itself, {@code name} being its path relative to the run
   * directory: the files named by the constants above, {@code confusion-<split>.csv}, and anything
   * under {@code model/} or {@code checkpoints/}. Other files in a run directory (predictions,
   * evaluations) belong to the commands that wrote them.
   */
  public static boolean ownsFile(Path name) {
    requireNonNull(name, "name is null");
    if (name.isAbsolute() || name.getNameCount() == 0) {
      return false;
    }
    String first = name.getName(0).toString();
    if (first.equals(MODEL) || first.equals(CHECKPOINTS)) {
      return true;
    }
    if (name.getNameCount() > 1) {
      return false;
    }
    return switch (first) {
      case CONFIG, PROVENANCE, METRICS, BASELINES, TEST_METRICS, REPORT, CURVES -> true;
      default -> first.startsWith(CONFUSION_PREFIX) && first.endsWith(CONFUSION_SUFFIX);
    };
  }

  /** True when {@code dir} holds the {@link #CONFIG} and {@link #PROVENANCE} every run writes first. */
  public static boolean isRunDirectory(Path dir) {
    requireNonNull(dir, "dir is null");
    return Files.isRegularFile(dir.resolve(CONFIG)) && Files.isRegularFile(dir.resolve(PROVENANCE));
  }

  public Path path() {
    return root;
  }

  public Path modelDirectory() {
    return root.resolve(MODEL);
  }

  public Path checkpointsDirectory() {
    return root.resolve(CHECKPOINTS);
  }

  /** report.html and curves.png, written whole. */
  public void writeReport(String html, byte[] curvesPng) {
    ensureCreated();
    if (curvesPng != null) {
      AtomicFiles.write(root.resolve(CURVES), curvesPng);
    }
    write(root.resolve(REPORT), html);
  }

  /**
   * Cuts metrics.jsonl back to its first {@code length} bytes, the lines a checkpoint had seen,
   * so that a resumed run appends exactly what the uninterrupted run would have.
   */
  public void truncateMetrics(long length) {
    Path file = root.resolve(METRICS);
    if (!Files.exists(file) && length == 0) {
      return;
    }
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.truncate(length);
      ch.force(true);
    } catch (IOException e) {
      throw new RecurException(file + ": cannot truncate metrics: " + e.getMessage(), e);
    }
  }

  /** {@code .NAME.<uuid>.tmp}: a temporary file of {@link AtomicFiles}, NAME the file it was to become. */
  private static final java.util.regex.Pattern TEMPORARY =
      java.util.regex.Pattern.compile("\\.(.+)\\.[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\\.tmp");

  /**
   * Deletes the temporary files a run killed while writing left behind ({@code
   * model/.weights.safetensors.<uuid>.tmp}, {@code .report.html.<uuid>.tmp}): those of files the
   * run owns ({@link #ownsFile}) in the run directory and in {@code model/}. Temporary files of
   * other commands' outputs (a {@code predict} writing here) are left alone; the checkpoints'
   * are the {@code CheckpointStore}'s.
   *
   * @return the files deleted
   */
  public java.util.List<Path> removeLeftovers() {
    java.util.List<Path> removed = new java.util.ArrayList<>();
    for (Path dir : java.util.List.of(root, modelDirectory())) {
      if (!Files.isDirectory(dir)) {
        continue;
      }
      try (var entries = Files.list(dir)) {
        for (Path p : (Iterable<Path>) entries::iterator) {
          java.util.regex.Matcher m = TEMPORARY.matcher(p.getFileName().toString());
          Path target = root.relativize(dir.resolve(m.matches() ? m.group(1) : ""));
          if (m.matches() && ownsFile(target) && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            Files.deleteIfExists(p);
            removed.add(p);
          }
        }
      } catch (IOException e) {
        throw new RecurException(dir + ": cannot remove the temporary files of an interrupted write: " + e.getMessage(), e);
      }
    }
    return removed;
  }

  private void ensureCreated() {
    try {
      Files.createDirectories(root);
    } catch (IOException e) {
      throw new RecurException(root + ": cannot create the run directory: " + e.getMessage(), e);
    }
  }

  public void writeConfig(String yaml) {
    write(root.resolve(CONFIG), yaml);
  }

  public void writeProvenance(Map<String, Object> provenance) {
    write(root.resolve(PROVENANCE), Json.writePretty(provenance));
  }

  /** The dataset's reference scores ({@code test.majority-accuracy} → value). */
  public void writeBaselines(Map<String, Double> baselines) {
    write(root.resolve(BASELINES), Json.writePretty(baselines));
  }

  /**
   * Appends one epoch as a JSON line: {@code {"epoch":0,"train.loss":…,"lr":…,"seconds":…}}. The
   * run directory's contract (DESIGN.md) keeps {@code epoch} the 0-based index, one object per
   * epoch, for scripts; screens and reports count from 1 ({@link MetricsLines}).
   */
  public void appendMetrics(EpochResult r) {
    appendLine(root.resolve(METRICS), MetricsLines.epochLine(r, true));
  }

  /**
   * Writes {@code test-metrics.json}, the test split scored once after training: {@code
   * {"test":"after_training","weights_of_epoch":6,"chosen_by":"val.loss","test.loss":…}}, the
   * epoch an index as in metrics.jsonl.
   */
  public void writeTestMetrics(FinalTest test) {
    write(root.resolve(TEST_METRICS), MetricsLines.testLine(test, true) + "\n");
  }

  /** Removes {@code test-metrics.json}: a resumed run scores the test split again when it ends. */
  public void removeTestMetrics() {
    Path file = root.resolve(TEST_METRICS);
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      throw AtomicFiles.failure(file, e);
    }
  }

  private void appendLine(Path file, String text) {
    ensureCreated();
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
      java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap((text + "\n").getBytes(StandardCharsets.UTF_8));
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      throw AtomicFiles.failure(file, e);
    }
  }

  private void write(Path file, String text) {
    ensureCreated();
    AtomicFiles.write(file, text.getBytes(StandardCharsets.UTF_8));
  }
}
