package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.config.ConfigHash;
import io.recur.config.ConfigYaml;
import io.recur.run.TinyExperiment;
import io.recur.spi.RecurException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@code --resume} accepts of a changed config: more epochs, and nothing else. */
class ResumeChangesTest {
  @TempDir Path tmp;

  /** The resolved config of the tiny experiment with {@code --set} overrides. */
  private Map<String, Object> resolved(String... overrides) {
    return TinyExperiment.write(tmp.resolve("config"), TinyExperiment.CLASSIFIER, overrides).spec.resolved();
  }

  /** The run's config.yaml as the run wrote it. */
  private Path saved(Map<String, Object> resolved) throws Exception {
    return Files.writeString(tmp.resolve("config.yaml"), ConfigYaml.write(resolved));
  }

  /** 1-based number of the first line of {@code file} that is exactly {@code line}. */
  private static int lineOf(Path file, String line) throws Exception {
    List<String> lines = Files.readAllLines(file);
    int i = lines.indexOf(line);
    assertTrue(i >= 0, "no line '" + line + "' in\n" + String.join("\n", lines));
    return i + 1;
  }

  private static String refusal(Runnable r) {
    return assertThrows(RecurException.class, r::run).getMessage();
  }

  @Test
  void theSameConfigResumesAsItIs() throws Exception {
    Map<String, Object> config = resolved();
    ResumeChanges changes = ResumeChanges.check(saved(config), config, 2);
    assertFalse(changes.extended());
    assertEquals(2, changes.savedEpochs());
    assertEquals(ConfigHash.shortHash(config), changes.hashFor(-1));
    assertEquals(ConfigHash.shortHash(config), changes.hashFor(2));
  }

  @Test
  void moreEpochsContinueTheRunAndOldCheckpointsKeepTheirHash() throws Exception {
    Map<String, Object> before = resolved();
    Map<String, Object> after = resolved("training.epochs=5");
    ResumeChanges changes = ResumeChanges.check(saved(before), after, 5);
    assertTrue(changes.extended());
    assertEquals(2, changes.savedEpochs());
    // a checkpoint written for 2 epochs (or one that does not say) carries the old config's hash
    assertEquals(ConfigHash.shortHash(before), changes.hashFor(2));
    assertEquals(ConfigHash.shortHash(before), changes.hashFor(-1));
    assertEquals(ConfigHash.shortHash(after), changes.hashFor(5));
    assertNotEquals(changes.hashFor(2), changes.hashFor(5));
  }

  @Test
  void fewerEpochsAreRefusedAtTheEpochsLine() throws Exception {
    Path file = saved(resolved("training.epochs=5"));
    int line = lineOf(file, "  epochs: 5");
    assertEquals(file + ":" + line + ": the run was started for 5 epochs, the config now asks for 2; --resume"
        + " continues a run to the same or more epochs, never fewer", refusal(() -> ResumeChanges.check(file,
        resolved(), 2)));
  }

  @Test
  void anyOtherChangeIsRefusedQuotingTheLineBeforeAndNow() throws Exception {
    Path file = saved(resolved());
    int line = lineOf(file, "  learning_rate: 0.1");
    assertEquals(file + ":" + line + ": the run was started with a different config ('learning_rate: 0.1', now"
        + " 'learning_rate: 0.2'); --resume continues the same experiment, and accepts only training.epochs increased."
        + " Give the same config and --set options, or start a new run in another --run-dir",
        refusal(() -> ResumeChanges.check(file, resolved("optimizer.learning_rate=0.2"), 2)));
  }

  @Test
  void moreEpochsDoNotLetAnotherChangeThrough() throws Exception {
    Path file = saved(resolved());
    int line = lineOf(file, "  batch_size: 4");
    String message = refusal(() -> ResumeChanges.check(file, resolved("training.epochs=9",
        "training.batch_size=8"), 9));
    assertEquals(file + ":" + line + ": the run was started with a different config ('batch_size: 4', now"
        + " 'batch_size: 8'); --resume continues the same experiment, and accepts only training.epochs increased."
        + " Give the same config and --set options, or start a new run in another --run-dir", message);
  }

  @Test
  void aSavedConfigWithoutEpochsIsADifferentConfig() throws Exception {
    Map<String, Object> config = resolved();
    Path file = Files.writeString(tmp.resolve("config.yaml"), ConfigYaml.write(config).replace("  epochs: 2\n", ""));
    String message = refusal(() -> ResumeChanges.check(file, config, 2));
    int line = lineOf(file, "training:") + 1;
    assertEquals(file + ":" + line + ": the run was started with a different config ('batch_size: 4', now"
        + " 'epochs: 2'); --resume continues the same experiment, and accepts only training.epochs increased."
        + " Give the same config and --set options, or start a new run in another --run-dir", message);
  }

  @Test
  void aMissingConfigIsNamed() {
    Path file = tmp.resolve("gone/config.yaml");
    String message = refusal(() -> ResumeChanges.check(file, Map.of(), 1));
    assertTrue(message.startsWith(file + ": cannot be read: "), message);
  }
}
