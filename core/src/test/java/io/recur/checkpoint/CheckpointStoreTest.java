package io.recur.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointStoreTest {
  @TempDir Path tmp;

  private static Map<String, Tensor> tensors(float v) {
    Map<String, Tensor> t = new LinkedHashMap<>();
    t.put("model.dense.weight", Tensor.of(new float[] {v, 2, 3, 4}, 2, 2));
    t.put("model.dense.bias", Tensor.of(new float[] {5, 6}, 2));
    return t;
  }

  private static Map<String, String> meta(String epoch) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("epoch", epoch);
    m.put("rng.shuffle", "abc");
    return m;
  }

  @Test
  void aCheckpointReadsBackWithItsTensorsAndMetadata() {
    Path file = tmp.resolve("c.safetensors");
    CheckpointFile.write(file, tensors(1), meta("3"));
    CheckpointFile.Contents c = CheckpointFile.read(file);
    assertEquals(List.of("model.dense.weight", "model.dense.bias"), new ArrayList<>(c.tensors().keySet()));
    assertArrayEquals(new float[] {1, 2, 3, 4}, c.tensors().get("model.dense.weight").data());
    assertEquals(meta("3"), c.metadata());
    assertEquals("3", c.require("epoch"));
  }

  @Test
  void aFlippedByteIsABadChecksumNamingTheFile() throws IOException {
    Path file = tmp.resolve("c.safetensors");
    CheckpointFile.write(file, tensors(1), meta("3"));
    byte[] b = Files.readAllBytes(file);
    b[b.length - 3] ^= 0x10;
    Files.write(file, b);
    RecurException e = assertThrows(RecurException.class, () -> CheckpointFile.read(file));
    assertTrue(e.getMessage().startsWith(file + ": bad checksum"), e.getMessage());
  }

  @Test
  void aTruncatedCheckpointNamesTheFileAndTheTensor() throws IOException {
    Path file = tmp.resolve("c.safetensors");
    CheckpointFile.write(file, tensors(1), meta("3"));
    byte[] b = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(b, b.length - 4));
    RecurException e = assertThrows(RecurException.class, () -> CheckpointFile.read(file));
    assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("tensor 'model.dense.bias'"),
        e.getMessage());
  }

  @Test
  void aWeightsFileIsNotACheckpoint() {
    Path file = tmp.resolve("w.safetensors");
    io.recur.io.Safetensors.write(file, tensors(1), Map.of("format", "pt"));
    RecurException e = assertThrows(RecurException.class, () -> CheckpointFile.read(file));
    assertTrue(e.getMessage().contains("not a Recur checkpoint"), e.getMessage());
  }

  @Test
  void theStoreKeepsTheNewestTwo() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    for (long step = 10; step <= 50; step += 10) {
      store.write(step, tensors(step), meta(Long.toString(step)));
    }
    assertEquals(List.of(store.fileFor(50), store.fileFor(40)), store.list());
  }

  @Test
  void resumingFallsBackPastADamagedNewestCheckpointAndSaysWhy() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    store.write(10, tensors(10), meta("1"));
    store.write(20, tensors(20), meta("2"));
    Files.write(store.fileFor(20), new byte[] {1, 2, 3});
    List<String> problems = new ArrayList<>();
    Optional<CheckpointStore.Found> found = store.latestValid(c -> { }, problems);
    assertTrue(found.isPresent());
    assertEquals(store.fileFor(10), found.get().contents().file());
    assertEquals(1, found.get().skipped().size());
    assertTrue(found.get().skipped().get(0).contains(store.fileFor(20).toString()), found.get().skipped().toString());
  }

  @Test
  void aCheckpointThatDoesNotFitTheModelIsSkippedToo() {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    store.write(10, tensors(10), meta("1"));
    store.write(20, tensors(20), meta("2"));
    List<String> problems = new ArrayList<>();
    Optional<CheckpointStore.Found> found = store.latestValid(c -> {
      if (c.require("epoch").equals("2")) {
        throw new RecurException(c.file() + ": tensor 'model.dense.weight' has shape [2, 2], this run expects [3, 2]");
      }
    }, problems);
    assertEquals("1", found.orElseThrow().contents().require("epoch"));
  }

  @Test
  void withNoUsableCheckpointEveryProblemIsReported() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    store.write(10, tensors(10), meta("1"));
    Files.write(store.fileFor(10), new byte[0]);
    List<String> problems = new ArrayList<>();
    assertTrue(store.latestValid(c -> { }, problems).isEmpty());
    assertEquals(1, problems.size());
    assertTrue(problems.get(0).contains("truncated"), problems.toString());
  }

  @Test
  void leftoverTemporaryFilesAreRemovedAndNeverListed() throws IOException {
    CheckpointStore store = new CheckpointStore(tmp.resolve("checkpoints"));
    store.write(10, tensors(10), meta("1"));
    Path stray = store.directory().resolve(".step-000000000020.safetensors.1234.tmp");
    Files.write(stray, new byte[] {1});
    assertEquals(List.of(store.fileFor(10)), store.list());
    store.removeLeftovers();
    assertTrue(Files.notExists(stray));
  }

  @Test
  void aMissingFolderHasNoCheckpoints() {
    assertEquals(List.of(), new CheckpointStore(tmp.resolve("none")).list());
  }
}
