package io.recur.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProvenanceTest {
  @TempDir Path tmp;

  private Map<String, Object> provenance(List<Map<String, Object>> jars) {
    return Provenance.of("tiny", 42L, "c0ffee12", "points", "sha256:abc", jars, tmp);
  }

  @Test
  void everyKeyIsRecordedInItsFixedOrder() {
    Map<String, Object> p = provenance(List.of());
    assertEquals(List.of(Provenance.RECUR_VERSION, Provenance.GIT_COMMIT, Provenance.JAVA_VERSION,
        Provenance.JAVA_VENDOR, Provenance.OS_NAME, Provenance.OS_ARCH, Provenance.EXPERIMENT, Provenance.SEED,
        Provenance.CONFIG_HASH, Provenance.DATASET, Provenance.PLUGINS, Provenance.STARTED), List.copyOf(p.keySet()));
    // the key names are a file format: other tools read them
    assertEquals(List.of("recur_version", "git_commit", "java_version", "java_vendor", "os_name", "os_arch",
        "experiment", "seed", "config_hash", "dataset", "plugins", "started"), List.copyOf(p.keySet()));
  }

  @Test
  void theRunAndTheSystemAreRecordedAsGiven() {
    Map<String, Object> jar = new LinkedHashMap<>();
    jar.put("jar", "my-plugin.jar");
    jar.put("sha256", "ab12");
    Instant before = Instant.now();
    Map<String, Object> p = provenance(List.of(jar));
    Instant after = Instant.now();
    assertEquals("tiny", p.get(Provenance.EXPERIMENT));
    assertEquals(42L, p.get(Provenance.SEED));
    assertEquals("c0ffee12", p.get(Provenance.CONFIG_HASH));
    assertEquals(Map.of("type", "points", "fingerprint", "sha256:abc"), p.get(Provenance.DATASET));
    assertEquals(List.of(jar), p.get(Provenance.PLUGINS));
    assertEquals(System.getProperty("java.version"), p.get(Provenance.JAVA_VERSION));
    assertEquals(System.getProperty("java.vendor"), p.get(Provenance.JAVA_VENDOR));
    assertEquals(System.getProperty("os.name"), p.get(Provenance.OS_NAME));
    assertEquals(System.getProperty("os.arch"), p.get(Provenance.OS_ARCH));
    Instant started = Instant.parse((String) p.get(Provenance.STARTED));
    assertFalse(started.isBefore(before), started + " before " + before);
    assertFalse(started.isAfter(after), started + " after " + after);
  }

  @Test
  void runningFromClassesTheVersionIsDev() {
    // Maven runs core's tests from target/classes, which has no manifest to read a version from
    assertEquals("dev", Provenance.recurVersion());
    assertEquals("dev", provenance(List.of()).get(Provenance.RECUR_VERSION));
  }

  @Test
  void outsideAGitWorkTreeTheCommitIsUnknown() throws Exception {
    Path plain = Files.createDirectories(tmp.resolve("not-a-repo"));
    // a folder that is not in a work tree, whether or not git is installed
    Files.createDirectories(plain.resolve(".git")); // an empty .git is not a repository either
    assertEquals(Provenance.UNKNOWN, Provenance.gitCommit(plain));
    assertEquals("unknown", Provenance.UNKNOWN);
  }

  @Test
  void theCommitIsFortyHexDigitsOrUnknownNeverAnythingElse() {
    // from the source tree, wherever the tests run: a fresh clone gives a commit, an export gives unknown
    String commit = Provenance.gitCommit(Path.of("").toAbsolutePath());
    assertTrue(commit.matches("[0-9a-f]{40}") || commit.equals(Provenance.UNKNOWN), commit);
  }

  @Test
  void theRecordSurvivesAJsonRoundTrip() {
    Map<String, Object> p = provenance(List.of());
    Map<?, ?> read = (Map<?, ?>) Json.read(Json.writePretty(p));
    assertEquals(p.keySet(), read.keySet());
    assertEquals(((Number) p.get(Provenance.SEED)).longValue(), ((Number) read.get(Provenance.SEED)).longValue());
    assertEquals(p.get(Provenance.DATASET), read.get(Provenance.DATASET));
  }
}
