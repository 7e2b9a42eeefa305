package io.recur.run;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What {@code provenance.json} records, with the key names in one place. The system is recorded
 * because {@code Math} results may differ across JVMs and CPUs (we use {@code StrictMath} for
 * transcendentals so they should not, but a reader must be able to check). Readers must accept
 * files that lack newer keys.
 */
public final class Provenance {
  public static final String RECUR_VERSION = "recur_version";
  /**
   * Outputs a finished run could not write (report.html, curves.png, confusion-&lt;split&gt;.csv),
   * each with the reason; absent when every one was written. The run still exits 0 (its model and
   * metrics are saved), so a script reads this to tell.
   */
  public static final String INCOMPLETE = "incomplete";
  public static final String GIT_COMMIT = "git_commit";
  public static final String JAVA_VERSION = "java_version";
  public static final String JAVA_VENDOR = "java_vendor";
  public static final String OS_NAME = "os_name";
  public static final String OS_ARCH = "os_arch";
  public static final String EXPERIMENT = "experiment";
  public static final String SEED = "seed";
  public static final String CONFIG_HASH = "config_hash";
  public static final String DATASET = "dataset";
  public static final String PLUGINS = "plugins";
  public static final String STARTED = "started";
  /** The experiment file the run was started from, absolute: relative data paths resolve against its folder. */
  public static final String CONFIG_FILE = "config_file";
  /**
   * {@code training.init_from}: the saved model directory the weights started from and the
   * sha256 of its weights file, and the parameters that kept their fresh initialisation, if any.
   */
  public static final String INIT_FROM = "init_from";
  /**
   * Each time {@code --resume} continued the run to more epochs: the epochs before and after, and
   * the config hash before ({@link #CONFIG_HASH} is the run's current one).
   */
  public static final String EXTENDED = "extended";
  public static final String UNKNOWN = "unknown";

  private Provenance() {}

  /** The provenance of a run about to start. */
  public static Map<String, Object> of(String experiment, long seed, String configHash, String datasetType,
      String datasetFingerprint, List<Map<String, Object>> pluginJars, Path workingDirectory) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put(RECUR_VERSION, recurVersion());
    p.put(GIT_COMMIT, gitCommit(workingDirectory));
    p.put(JAVA_VERSION, System.getProperty("java.version"));
    p.put(JAVA_VENDOR, System.getProperty("java.vendor"));
    p.put(OS_NAME, System.getProperty("os.name"));
    p.put(OS_ARCH, System.getProperty("os.arch"));
    p.put(EXPERIMENT, experiment);
    p.put(SEED, seed);
    p.put(CONFIG_HASH, configHash);
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("type", datasetType);
    data.put("fingerprint", datasetFingerprint);
    p.put(DATASET, data);
    p.put(PLUGINS, pluginJars);
    p.put(STARTED, Instant.now().toString());
    return p;
  }

  /** The version in the jar manifest, or "dev" when running from classes. */
  public static String recurVersion() {
    String v = Provenance.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  /** The commit of the git work tree holding {@code dir}, or "unknown" (no git, not a repo). */
  static String gitCommit(Path dir) {
    try {
      Process p = new ProcessBuilder("git", "rev-parse", "HEAD").directory(dir.toFile()).redirectErrorStream(true).start();
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        return UNKNOWN;
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
      return p.exitValue() == 0 && out.matches("[0-9a-f]{40}") ? out : UNKNOWN;
    } catch (IOException e) {
      return UNKNOWN;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return UNKNOWN;
    }
  }
}
