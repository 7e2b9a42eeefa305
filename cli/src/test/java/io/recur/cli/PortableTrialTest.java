package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.config.SweepLoader;
import io.recur.engine.DataDirectory;
import io.recur.registry.Registry;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialWorker;
import io.recur.sweep.LocalTrialRunner;
import io.recur.sweep.Sweep;
import io.recur.sweep.SweepDirectory;
import io.recur.sweep.Trial;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trial packed for another JVM (what a distributed executor ships) trains to the same result
 * and the same weights as the local runner gives it, through Java serialization, with the
 * sweep's own registry or with one the worker builds itself.
 */
class PortableTrialTest {
  @TempDir Path tmp;

  @Test
  void aPortableTrialRunsAsTheLocalRunnerRunsIt() throws Exception {
    Registry registry = Registries.builtIn();
    Sweep sweep = Sweep.of(new SweepLoader(registry).load(SweepCommandTest.resource("tiny.yaml"), List.of(), 1)
        .orElseThrow(), registry);
    SweepDirectory directory = SweepDirectory.create(tmp.resolve("sweep"), sweep);
    LocalTrialRunner runner = new LocalTrialRunner(sweep, directory, registry, new DataDirectory(tmp), "");
    Trial trial = sweep.trials().get(3);
    TrialResult local = runner.run(runner.portable(trial));
    assertTrue(local.ok(), local.error());

    PortableTrial shipped = roundTrip(runner.portable(trial));
    assertEquals(runner.trialsDirectory(), directory.path().resolve("trials"));
    TrialResult here = roundTrip(TrialWorker.run(shipped, tmp.resolve("here").resolve(trial.id())));
    assertSameResult(local, here);
    assertSameWeights(directory.trialDirectory(trial), tmp.resolve("here").resolve(trial.id()));
    assertTrue(Files.exists(tmp.resolve("here").resolve(trial.id()).resolve(SweepDirectory.MARKER)));

    // in a JVM that did not plan the sweep, the worker builds its registry from its class path
    PortableTrial elsewhere = new PortableTrial(shipped.id(), shipped.index(), shipped.assignments(), shipped.seed(),
        shipped.configYaml(), shipped.higherIsBetter(), shipped.dataDirectory(), "another-jvm");
    TrialResult there = TrialWorker.run(elsewhere, tmp.resolve("there").resolve(trial.id()));
    assertSameResult(local, there);
    assertSameWeights(directory.trialDirectory(trial), tmp.resolve("there").resolve(trial.id()));

    runner.recordFinished(there);
    assertEquals(Map.copyOf(there.last()), Map.copyOf(directory.result(trial).orElseThrow().last()));
  }

  private static void assertSameResult(TrialResult expected, TrialResult actual) {
    assertEquals(expected.id(), actual.id());
    assertEquals(expected.index(), actual.index());
    assertEquals(expected.assignments(), actual.assignments());
    assertEquals(expected.seed(), actual.seed());
    assertEquals(expected.error(), actual.error());
    assertEquals(expected.epochs(), actual.epochs());
    assertEquals(expected.last(), actual.last());
    assertEquals(expected.best(), actual.best());
  }

  private static void assertSameWeights(Path expected, Path actual) throws IOException {
    Path weights = Path.of("model", "weights.safetensors");
    assertEquals(-1L, Files.mismatch(expected.resolve(weights), actual.resolve(weights)));
  }

  @SuppressWarnings("unchecked")
  private static <T> T roundTrip(T value) throws IOException, ClassNotFoundException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      return (T) in.readObject();
    }
  }
}
