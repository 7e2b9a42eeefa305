package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.Params;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code training.early_stopping} and {@code training.lr_schedule}: sections nested in a section. */
class NestedSectionsTest {
  private static final Path VALID = Path.of("src/test/resources/config/valid.yaml");

  @org.junit.jupiter.api.io.TempDir Path tmp;

  private static ExperimentSpec load(String... overrides) {
    return new ExperimentLoader(FakePlugin.registry()).load(VALID, List.of(overrides));
  }

  private static String error(String... overrides) {
    return assertThrows(ConfigException.class, () -> load(overrides)).getMessage();
  }

  @Test
  void absentSectionsResolveToNullAndStayOutOfTheResolvedConfig() {
    ExperimentSpec spec = load();
    assertNull(spec.training().get(TrainingParams.EARLY_STOPPING));
    assertNull(spec.training().get(TrainingParams.LR_SCHEDULE));
    assertEquals(0, spec.training().get(TrainingParams.CHECKPOINT_EVERY_STEPS));
    Map<?, ?> training = (Map<?, ?>) spec.resolved().get("training");
    assertFalse(training.containsKey("early_stopping"), training.toString());
  }

  @Test
  void eachScheduleTypeTakesOnlyItsOwnKeys() {
    String message = error("training.lr_schedule={type: cosine, gamma: 0.5}");
    assertTrue(message.contains("training.lr_schedule.gamma: unknown key 'gamma' for training.lr_schedule type"
        + " 'cosine' (a key of step, exponential); known: eta_min, t_max, type, warmup_epochs, warmup_start_factor"),
        message);
    assertTrue(error("training.lr_schedule={type: step, gama: 0.5}").endsWith("Did you mean 'gamma'?"));
    Map<?, ?> lr = (Map<?, ?>) ((Map<?, ?>) load("training.lr_schedule={type: step, gamma: 0.5}").resolved()
        .get("training")).get("lr_schedule");
    assertEquals(List.of("type", "step_size", "gamma", "warmup_epochs", "warmup_start_factor"), List.copyOf(lr.keySet()));
  }

  @Test
  void aWrittenSectionGetsItsDefaultsAndRoundTripsThroughConfigYaml() {
    ExperimentSpec spec = load("training.early_stopping.patience=3", "training.lr_schedule.type=cosine");
    Params es = spec.training().get(TrainingParams.EARLY_STOPPING);
    assertEquals(3, es.get(EarlyStoppingParams.PATIENCE));
    assertEquals("val.loss", es.get(EarlyStoppingParams.MONITOR));
    assertEquals("auto", es.get(EarlyStoppingParams.MODE));
    assertEquals(0.0, es.get(EarlyStoppingParams.MIN_DELTA));
    Params lr = spec.training().get(TrainingParams.LR_SCHEDULE);
    assertEquals("cosine", lr.get(LrScheduleParams.TYPE));
    assertNull(lr.get(LrScheduleParams.T_MAX));
    assertEquals(0, lr.get(LrScheduleParams.WARMUP_EPOCHS));

    String yaml = ConfigYaml.write(spec.resolved());
    assertTrue(yaml.contains("  early_stopping:\n    monitor: val.loss\n    mode: auto\n    patience: 3\n    min_delta: 0.0\n"),
        yaml);
    // the resolved config reads back to the same experiment
    Path copy = tmp.resolve("resolved.yaml");
    try {
      java.nio.file.Files.writeString(copy, yaml);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    ExperimentSpec again = new ExperimentLoader(FakePlugin.registry()).load(copy);
    assertEquals(spec.resolved(), again.resolved());
  }

  @Test
  void anUnknownKeyInANestedSectionNamesItsFullPath() {
    assertEquals("--set training.early_stopping.patiance=3: training.early_stopping.patiance: unknown key 'patiance' in "
        + "training.early_stopping; known: min_delta, mode, monitor, patience. Did you mean 'patience'?",
        error("training.early_stopping.patiance=3"));
  }

  @Test
  void aNestedSectionMustBeAMap() {
    assertEquals("--set training.early_stopping=5: training.early_stopping: expected a map with keys min_delta, mode, "
        + "monitor, patience, got 5", error("training.early_stopping=5"));
  }

  @Test
  void aScheduleTypeIsOneOfTheKnownSchedules() {
    assertEquals("--set training.lr_schedule.type=cosin: training.lr_schedule.type: unknown value 'cosin'; expected one "
        + "of: constant, cosine, exponential, plateau, step. Did you mean 'cosine'?",
        error("training.lr_schedule.type=cosin"));
  }

  @Test
  void aScheduleNeedsItsType() {
    assertTrue(error("training.lr_schedule.gamma=0.5").contains("training.lr_schedule: missing required 'type'"),
        error("training.lr_schedule.gamma=0.5"));
  }

  @Test
  void nestedValuesAreRangeChecked() {
    assertEquals("--set training.early_stopping.patience=0: training.early_stopping.patience: expected an integer >= 1, "
        + "got 0", error("training.early_stopping.patience=0"));
    assertTrue(error("training.checkpoint_every_steps=-1").contains("expected an integer >= 0"));
  }

  @Test
  void theSchemaDescribesNestedSections() {
    String schema = JsonSchema.generate(FakePlugin.registry());
    assertTrue(schema.contains("\"early_stopping\": {\n"), schema);
    assertTrue(schema.contains("\"warmup_epochs\""), schema);
  }
}
