package io.recur.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.model.EpochResult;
import io.recur.spi.RecurException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {
  private static final String UUID = "0123abcd-4567-89ef-0123-456789abcdef";

  @TempDir Path tmp;

  private static String refusal(Runnable r) {
    return assertThrows(RecurException.class, r::run).getMessage();
  }

  private static List<String> listing(Path dir) throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(p -> !p.equals(dir)).map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  private static EpochResult epoch(int epoch, double trainLoss, double valLoss) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("train.loss", trainLoss);
    m.put("val.loss", valLoss);
    return new EpochResult(epoch, 0.125, m, 1.5);
  }

  @Test
  void aNonEmptyDirectoryIsNeverReused() throws Exception {
    Path dir = tmp.resolve("run");
    Files.createDirectories(dir);
    Files.writeString(dir.resolve("notes.txt"), "mine");
    assertEquals(dir + ": run directory already exists and is not empty; runs are never overwritten. Choose another"
        + " --run-dir", refusal(() -> RunDirectory.create(dir)));
    assertEquals("mine", Files.readString(dir.resolve("notes.txt")));
    assertEquals(List.of("notes.txt"), listing(dir));
  }

  @Test
  void aFileWhereTheDirectoryShouldBeIsRefusedByCreateAndOpen() throws Exception {
    Path file = Files.writeString(tmp.resolve("run"), "x");
    String expected = file + ": run directory exists and is a file; choose another --run-dir";
    assertEquals(expected, refusal(() -> RunDirectory.create(file)));
    assertEquals(expected, refusal(() -> RunDirectory.open(file)));
  }

  @Test
  void theFolderIsMadeOnlyByTheFirstWrite() throws Exception {
    Path dir = tmp.resolve("a/b/run");
    RunDirectory run = RunDirectory.create(dir);
    assertEquals(dir, run.path());
    assertEquals(dir.resolve("model"), run.modelDirectory());
    assertEquals(dir.resolve("checkpoints"), run.checkpointsDirectory());
    assertFalse(Files.exists(dir), "a run that fails before writing leaves nothing behind");
    run.writeConfig("name: x\n");
    assertEquals("name: x\n", Files.readString(dir.resolve(RunDirectory.CONFIG)));
    // an existing empty folder is fine too
    Path empty = Files.createDirectories(tmp.resolve("empty"));
    RunDirectory.create(empty).writeConfig("a: 1\n");
    assertEquals(List.of("config.yaml"), listing(empty));
  }

  @Test
  void openAcceptsAnExistingRunAndAMissingFolder() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory.create(dir).writeConfig("name: x\n");
    assertEquals(dir, RunDirectory.open(dir).path());
    assertEquals(tmp.resolve("never"), RunDirectory.open(tmp.resolve("never")).path());
    assertFalse(Files.exists(tmp.resolve("never")));
  }

  @Test
  void wholeFilesAreReplacedWholeAndLeaveNoTemporaryFiles() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig("name: a long first version\n");
    run.writeConfig("name: b\n");
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("seed", 7);
    provenance.put("experiment", "x");
    run.writeProvenance(provenance);
    run.writeBaselines(Map.of("test.majority-accuracy", 0.5));
    run.writeReport("<html></html>", null);
    assertEquals("name: b\n", Files.readString(dir.resolve(RunDirectory.CONFIG)));
    assertEquals(provenance, Json.read(Files.readString(dir.resolve(RunDirectory.PROVENANCE))));
    assertEquals(Map.of("test.majority-accuracy", 0.5), Json.read(Files.readString(dir.resolve(RunDirectory.BASELINES))));
    // no curves given: no curves.png, and no temporary file of any write is left
    assertEquals(List.of("baselines.json", "config.yaml", "provenance.json", "report.html"), listing(dir));
    run.writeReport("<html>2</html>", new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, Files.readAllBytes(dir.resolve(RunDirectory.CURVES)));
    assertEquals("<html>2</html>", Files.readString(dir.resolve(RunDirectory.REPORT)));
  }

  @Test
  void aWriteThatFailsLeavesThePreviousFileAsItWas() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig("name: first\n");
    Path config = dir.resolve(RunDirectory.CONFIG).toAbsolutePath();
    try (AutoCloseable full = AtomicFiles.simulateFullDisk(config::equals)) {
      assertEquals(dir.resolve(RunDirectory.CONFIG) + ": cannot write: No space left on device",
          refusal(() -> run.writeConfig("name: second, never whole\n")));
    }
    assertEquals("name: first\n", Files.readString(config));
    assertEquals(List.of("config.yaml"), listing(dir));
  }

  @Test
  void metricsAreAppendedOneJsonLinePerEpoch() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.appendMetrics(epoch(0, 0.75, 0.5));
    run.appendMetrics(epoch(1, 0.5, 0.25));
    List<String> lines = Files.readAllLines(dir.resolve(RunDirectory.METRICS));
    assertEquals(2, lines.size());
    Map<?, ?> first = (Map<?, ?>) Json.read(lines.get(0));
    // DESIGN.md's order: epoch, the metrics in table order, lr, seconds
    assertEquals(List.of("epoch", "train.loss", "val.loss", "lr", "seconds"), List.copyOf(first.keySet()));
    assertEquals(0.75, ((Number) first.get("train.loss")).doubleValue());
    assertEquals(0.125, ((Number) first.get("lr")).doubleValue());
    // the run directory's contract: epoch is the 0-based index (screens count from 1)
    assertEquals(0, ((Number) first.get("epoch")).intValue());
    assertEquals(1, ((Number) ((Map<?, ?>) Json.read(lines.get(1))).get("epoch")).intValue());
  }

  @Test
  void truncatingMetricsLetsAResumedRunAppendWhatTheUninterruptedRunWould() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.appendMetrics(epoch(0, 0.75, 0.5));
    long afterFirst = Files.size(dir.resolve(RunDirectory.METRICS));
    run.appendMetrics(epoch(1, 0.5, 0.25));
    byte[] uninterrupted = Files.readAllBytes(dir.resolve(RunDirectory.METRICS));
    run.appendMetrics(epoch(2, 9, 9)); // written after the checkpoint the run resumes from
    run.truncateMetrics(afterFirst);
    assertEquals(afterFirst, Files.size(dir.resolve(RunDirectory.METRICS)));
    run.appendMetrics(epoch(1, 0.5, 0.25));
    assertArrayEquals(uninterrupted, Files.readAllBytes(dir.resolve(RunDirectory.METRICS)));
  }

  @Test
  void truncatingMissingMetricsToNothingIsANoOpButToSomeLengthIsAnError() {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.truncateMetrics(0);
    assertFalse(Files.exists(dir.resolve(RunDirectory.METRICS)), "truncating must not create metrics.jsonl");
    String message = refusal(() -> run.truncateMetrics(10));
    assertTrue(message.startsWith(dir.resolve(RunDirectory.METRICS) + ": cannot truncate metrics: "), message);
  }

  @Test
  void aRunOwnsItsFixedFilesConfusionMatricesAndEverythingUnderModelAndCheckpoints() {
    for (String owned : List.of("config.yaml", "provenance.json", "metrics.jsonl", "baselines.json", "report.html",
        "curves.png", "confusion-test.csv", "confusion-val.csv", "model", "model/weights.safetensors",
        "model/anything.txt", "checkpoints/latest/weights.safetensors")) {
      assertTrue(RunDirectory.ownsFile(Path.of(owned)), owned);
    }
    for (String other : List.of("predictions.tsv", "evaluation-test.json", "confusion-test.txt", "test-confusion.csv",
        "sub/config.yaml", "notes/report.html", "")) {
      assertFalse(RunDirectory.ownsFile(Path.of(other)), other);
    }
    assertFalse(RunDirectory.ownsFile(Path.of("/abs/config.yaml")), "absolute paths are never the run's");
  }

  @Test
  void aRunDirectoryIsOneWithConfigAndProvenance() throws Exception {
    Path dir = tmp.resolve("run");
    RunDirectory run = RunDirectory.create(dir);
    run.writeConfig("name: x\n");
    assertFalse(RunDirectory.isRunDirectory(dir));
    run.writeProvenance(Map.of());
    assertTrue(RunDirectory.isRunDirectory(dir));
    assertFalse(RunDirectory.isRunDirectory(tmp.resolve("missing")));
  }

  @Test
  void removeLeftoversDeletesOnlyTheTemporaryFilesOfTheRunsOwnFiles() throws Exception {
    Path dir = tmp.resolve("run");
    Path model = Files.createDirectories(dir.resolve("model"));
    Path checkpoints = Files.createDirectories(dir.resolve("checkpoints"));
    Files.writeString(dir.resolve("report.html"), "kept: the real file");
    List<Path> runs = List.of(
        Files.writeString(dir.resolve(".report.html." + UUID + ".tmp"), "half"),
        Files.writeString(dir.resolve(".confusion-test.csv." + UUID + ".tmp"), "half"),
        Files.writeString(model.resolve(".weights.safetensors." + UUID + ".tmp"), "half"));
    List<Path> others = List.of(
        // another command's output being written into the run directory
        Files.writeString(dir.resolve(".predictions.tsv." + UUID + ".tmp"), "theirs"),
        // the checkpoint store cleans its own folder
        Files.writeString(checkpoints.resolve(".state.bin." + UUID + ".tmp"), "store's"),
        // not the temporary-file pattern: no uuid
        Files.writeString(dir.resolve(".report.html.1234.tmp"), "user's"),
        Files.writeString(dir.resolve("report.html." + UUID + ".tmp"), "user's"));
    Path folderNamedLikeOne = Files.createDirectories(dir.resolve(".metrics.jsonl." + UUID + ".tmp"));
    // a link named like a leftover is not followed: the file it points to is the user's
    Path precious = Files.writeString(tmp.resolve("precious.txt"), "user's");
    Path link = Files.createSymbolicLink(dir.resolve(".curves.png." + UUID + ".tmp"), precious);

    List<Path> removed = RunDirectory.create(tmp.resolve("unused")).removeLeftovers();
    assertEquals(List.of(), removed, "a missing run directory has no leftovers");
    removed = RunDirectory.open(dir).removeLeftovers();

    assertEquals(runs.stream().sorted().toList(), removed.stream().sorted().toList());
    runs.forEach(p -> assertFalse(Files.exists(p), p.toString()));
    others.forEach(p -> assertTrue(Files.exists(p), p.toString()));
    assertTrue(Files.isDirectory(folderNamedLikeOne));
    assertTrue(Files.isSymbolicLink(link));
    assertEquals("user's", Files.readString(precious));
    assertEquals("kept: the real file", Files.readString(dir.resolve("report.html")));
  }

  @Test
  void runsCreatedUnderARootAreNamedFromExperimentTimeAndHashAndNeverCollide() throws Exception {
    DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    LocalDateTime now = LocalDateTime.now();
    // the names of this second and the next two are taken, so whichever second the call lands in, it
    // must move on to a numbered name
    for (int s = 0; s < 3; s++) {
      Files.createDirectories(tmp.resolve("my_exp_v2-" + now.plusSeconds(s).format(stamp) + "-abc123"));
    }
    RunDirectory run = RunDirectory.createUnder(tmp, "my exp/v2", "abc123");
    String name = run.path().getFileName().toString();
    assertTrue(name.matches("my_exp_v2-\\d{8}-\\d{6}-abc123-2"), name);
    assertEquals(tmp, run.path().getParent());
    assertFalse(Files.exists(run.path()));
    assertEquals("name: x\n", new String(writeConfigAndRead(run), StandardCharsets.UTF_8));
  }

  private static byte[] writeConfigAndRead(RunDirectory run) throws Exception {
    run.writeConfig("name: x\n");
    return Files.readAllBytes(run.path().resolve(RunDirectory.CONFIG));
  }
}
