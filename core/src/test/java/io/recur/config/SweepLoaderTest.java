package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.TypedValue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Expanding a {@code sweep:} block: grids in written order, seeded random draws, repeated seeds,
 * and one exact message, at the sweep entry that caused it, for every kind of bad block.
 */
class SweepLoaderTest {
  /** valid.yaml's experiment; the sweep block starts on line {@value #SWEEP_LINE}. */
  private static final String BASE = """
      name: tiny
      seed: 7
      data: {type: dummy-string, length: 12}
      model:
        layers:
          - {type: embedding, vocab: 4, units: 8}
          - {type: lstm, name: enc, units: 16}
          - {type: dense, units: 2, activation: softmax}
      loss: cross-entropy
      optimizer: {type: adam, learning_rate: 0.01}
      training: {epochs: 3}
      metrics: [accuracy]
      """;
  private static final int SWEEP_LINE = 13;

  @TempDir Path tmp;

  private final SweepLoader loader = new SweepLoader(FakePlugin.registry());

  private Path write(String sweep) throws IOException {
    Path file = tmp.resolve("sweep.yaml");
    Files.writeString(file, BASE + sweep);
    return file;
  }

  private SweepLoader.Plan plan(String sweep) throws IOException {
    return loader.load(write(sweep), List.of(), 0).orElseThrow();
  }

  /** The message for {@code sweep}, with the file's path replaced by {@code F}. */
  private String error(String sweep) throws IOException {
    Path file = write(sweep);
    String message = assertThrows(ConfigException.class, () -> loader.load(file, List.of(), 0)).getMessage();
    return message.replace(file.toString(), "F");
  }

  private static List<String> labels(SweepLoader.Plan plan) {
    return plan.trials().stream()
        .map(t -> String.join(",", t.assignments().stream().map(Assignment::shortForm).toList()))
        .toList();
  }

  private static Object learningRate(SweepLoader.PlannedTrial t) {
    return t.spec().optimizer().params().asMap().get("learning_rate");
  }

  private static Object units(SweepLoader.PlannedTrial t, int layer) {
    TypedValue l = t.spec().layers().get(layer);
    return l.params().asMap().get("units");
  }

  @Test
  void aFileWithoutASweepHasNoPlan() throws IOException {
    assertEquals(Optional.empty(), loader.load(write(""), List.of(), 0));
  }

  @Test
  void theBlockMayNameTheTrialExecutorWhichTheSweepCommandChecks() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          executor: spark
          parameters:
            model.layers[1].units: [4, 8]
        """);
    assertEquals(Optional.of("spark"), plan.sweep().executor());
    assertTrue(plan.sweep().executorLocation().endsWith(":" + (SWEEP_LINE + 1) + ":13"), plan.sweep().executorLocation());
    assertEquals(Optional.empty(), plan("""
        sweep:
          parameters:
            model.layers[1].units: [4, 8]
        """).sweep().executor());
  }

  @Test
  void aGridRunsEveryCombinationWithTheLastParameterFastest() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          parameters:
            optimizer.learning_rate: [0.001, 1e-2]
            model.layers[1].units: [4, 8, 16]
        """);
    assertEquals(List.of("learning_rate=0.001,units=4", "learning_rate=0.001,units=8", "learning_rate=0.001,units=16",
        "learning_rate=0.01,units=4", "learning_rate=0.01,units=8", "learning_rate=0.01,units=16"), labels(plan));
    SweepLoader.PlannedTrial last = plan.trials().get(5);
    assertEquals(5, last.index());
    assertEquals(0.01, learningRate(last));
    assertEquals(16, units(last, 1));
    assertEquals(List.of("optimizer.learning_rate=0.01", "model.layers[1].units=16"),
        last.assignments().stream().map(Assignment::asSetArgument).toList());
    // the base keeps its own values, and no trial carries the sweep block
    assertEquals(0.01, plan.base().optimizer().params().asMap().get("learning_rate"));
    assertTrue(plan.trials().stream().noneMatch(t -> t.spec().resolved().containsKey("sweep")));
    assertEquals(SweepSpec.Method.GRID, plan.sweep().method());
    assertEquals("val.loss", plan.sweep().metric());
    assertEquals(List.of("optimizer.learning_rate", "model.layers[1].units"),
        plan.sweep().parameters().stream().map(SweepSpec.Parameter::path).toList());
    assertEquals("[0.001, 0.01]", plan.sweep().parameters().get(0).domain());
  }

  @Test
  void aTrialIsTheExperimentThatTheSameSetArgumentsGive() throws IOException {
    Path file = write("""
        sweep:
          parameters:
            model.layers[1].type: [gru]
            model.layers[1].units: [32]
        """);
    SweepLoader.PlannedTrial trial = loader.load(file, List.of(), 0).orElseThrow().trials().get(0);
    List<String> sets = trial.assignments().stream().map(Assignment::asSetArgument).toList();
    ExperimentSpec viaSet = new ExperimentLoader(FakePlugin.registry()).load(file, sets);
    assertEquals(viaSet.resolved(), trial.spec().resolved());
    assertEquals("gru", trial.spec().layers().get(1).type());
  }

  @Test
  void seedsRepeatEveryPointAndComeLast() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          parameters:
            model.layers[1].units: [4, 8]
          seeds: [1, 2, 3]
        """);
    assertEquals(List.of("units=4,seed=1", "units=4,seed=2", "units=4,seed=3", "units=8,seed=1", "units=8,seed=2",
        "units=8,seed=3"), labels(plan));
    assertEquals(List.of(1L, 2L, 3L, 1L, 2L, 3L), plan.trials().stream().map(t -> t.spec().seed()).toList());
    assertEquals(7, plan.base().seed());
  }

  @Test
  void seedsAloneRepeatTheExperiment() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          seeds: [4, 5]
        """);
    assertEquals(List.of("seed=4", "seed=5"), labels(plan));
  }

  @Test
  void randomDrawsTheSamePointsForTheSameSeedAndKeepsToTheRanges() throws IOException {
    String sweep = """
        sweep:
          method: random
          trials: 12
          seed: %d
          parameters:
            optimizer.learning_rate: {log-uniform: [0.0001, 0.1]}
            model.layers[1].units: {int: [4, 64]}
            model.layers[1].type: [lstm, gru]
            optimizer.beta1: {uniform: [0.8, 0.99]}
        """;
    SweepLoader.Plan first = plan(sweep.formatted(3));
    SweepLoader.Plan again = plan(sweep.formatted(3));
    SweepLoader.Plan other = plan(sweep.formatted(4));
    assertEquals(12, first.trials().size());
    assertEquals(labels(first), labels(again));
    assertEquals(first.trials().stream().map(t -> t.spec().resolved()).toList(),
        again.trials().stream().map(t -> t.spec().resolved()).toList());
    assertNotEquals(labels(first), labels(other));
    Set<String> types = new HashSet<>();
    for (SweepLoader.PlannedTrial t : first.trials()) {
      double lr = (Double) learningRate(t);
      assertTrue(lr >= 0.0001 && lr <= 0.1, "learning rate " + lr);
      Object units = units(t, 1);
      assertInstanceOf(Integer.class, units);
      assertTrue((Integer) units >= 4 && (Integer) units <= 64, "units " + units);
      types.add(t.spec().layers().get(1).type());
      double beta1 = (Double) t.spec().optimizer().params().asMap().get("beta1");
      assertTrue(beta1 >= 0.8 && beta1 <= 0.99, "beta1 " + beta1);
    }
    assertEquals(Set.of("lstm", "gru"), types);
    assertTrue(first.sweep().parameters().get(0).logScale());
    assertEquals("log-uniform [0.0001, 0.1]", first.sweep().parameters().get(0).domain());
    assertEquals("int [4, 64]", first.sweep().parameters().get(1).domain());
  }

  @Test
  void randomPointsAreDistinctEvenWhenTheyExhaustTheChoices() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          method: random
          trials: 6
          parameters:
            model.layers[1].units: [4, 8, 16]
            model.layers[1].type: [lstm, gru]
        """);
    assertEquals(6, new HashSet<>(labels(plan)).size());
  }

  @Test
  void threadsAreSetOnEveryTrial() throws IOException {
    SweepLoader.Plan plan = loader.load(write("""
        sweep:
          parameters:
            model.layers[1].units: [4, 8]
        """), List.of(), 3).orElseThrow();
    for (SweepLoader.PlannedTrial t : plan.trials()) {
      assertEquals(3, t.spec().training().asMap().get("threads"));
    }
  }

  @Test
  void setOverridesApplyBeforeTheSweepAndMayChangeTheBlock() throws IOException {
    Path file = write("""
        sweep:
          parameters:
            model.layers[1].units: [4, 8]
          seeds: [1, 2, 3]
        """);
    SweepLoader.Plan plan = loader.load(file, List.of("training.epochs=1", "sweep.seeds=[9]"), 0).orElseThrow();
    assertEquals(List.of("units=4,seed=9", "units=8,seed=9"), labels(plan));
    assertEquals(1, plan.trials().get(0).spec().training().asMap().get("epochs"));
  }

  @Test
  void shortValuesKeepFourSignificantDigits() {
    assertEquals("0.003162", Assignment.shortValue(0.0031622776601683794));
    assertEquals("1e-5", Assignment.shortValue(1.0e-5));
    assertEquals("8", Assignment.shortValue(8));
    assertEquals("3", Assignment.shortValue(3.0));
    assertEquals("lstm", Assignment.shortValue("lstm"));
    Map<String, Object> adam = new LinkedHashMap<>();
    adam.put("type", "adam");
    adam.put("learning_rate", 0.1);
    assertEquals("{type: adam, learning_rate: 0.1}", Assignment.shortValue(adam));
  }

  @Test
  @SuppressWarnings("unchecked")
  void theSchemaDescribesTheSweepBlock() {
    Map<String, Object> schema = (Map<String, Object>) io.recur.io.Json.read(JsonSchema.generate(FakePlugin.registry()));
    Map<String, Object> sweep = (Map<String, Object>) ((Map<String, Object>) schema.get("properties")).get("sweep");
    Map<String, Object> properties = (Map<String, Object>) sweep.get("properties");
    assertEquals(List.of("method", "trials", "seed", "seeds", "metric", "mode", "executor", "min_epochs",
        "reduction_factor", "max_epochs", "parameters"),
        List.copyOf(properties.keySet()));
    assertEquals(List.of("grid", "random", "halving", "hyperband"), ((Map<String, Object>) properties.get("method")).get("enum"));
  }

  // ---------------------------------------------------------------- bad sweep blocks

  private static String at(int lineInSweep, int column) {
    return "F:" + (SWEEP_LINE + lineInSweep) + ":" + column + ": ";
  }

  @Test
  void aPathMissingFromTheConfigIsReportedAtTheSweepEntry() throws IOException {
    assertEquals(at(2, 5) + "optimizer.learning_rat: unknown key 'learning_rat' for optimizer type 'adam'; known: "
        + "beta1, learning_rate, type. Did you mean 'learning_rate'?", error("""
        sweep:
          parameters:
            optimizer.learning_rat: [0.1]
        """));
  }

  @Test
  void anIndexPastTheEndOfAListIsReportedAtTheSweepEntry() throws IOException {
    assertEquals(at(2, 5) + "model.layers[5]: index 5 is out of range; expected an index from 0 to 2", error("""
        sweep:
          parameters:
            model.layers[5].units: [8]
        """));
  }

  @Test
  void aTopLevelKeyThatDoesNotExistIsReportedAtTheSweepEntry() throws IOException {
    assertEquals(at(2, 5) + "trainin: unknown key 'trainin' at the top level; known: data, description, extends, "
        + "loss, metrics, model, name, optimizer, " + pluginsKey() + "seed, sweep, training. Did you mean 'training'?",
        error("""
        sweep:
          parameters:
            trainin.epochs: [1]
        """));
  }

  /** The top-level keys include {@code plugins} once plugin loading (issue 5) is in. */
  private static String pluginsKey() {
    return TopLevel.names().contains("plugins") ? "plugins, " : "";
  }

  @Test
  void aValueOfTheWrongTypeIsReportedWhereItIsWritten() throws IOException {
    assertEquals(at(2, 32) + "model.layers[1].units: expected an integer >= 1, got 'many'", error("""
        sweep:
          parameters:
            model.layers[1].units: [8, many]
        """));
  }

  @Test
  void aRangeBoundOutsideTheParamsRangeIsReportedAtTheRange() throws IOException {
    assertEquals(at(4, 30) + "optimizer.learning_rate: expected a number > 0, got -1.0", error("""
        sweep:
          method: random
          trials: 2
          parameters:
            optimizer.learning_rate: {uniform: [-1, 1]}
        """));
  }

  @Test
  void aSweptTypeWhoseParamsDoNotFitNamesTheValue() throws IOException {
    assertEquals("F:8:31: model.layers[2].activation: unknown key 'activation' for layer type 'lstm'; known: "
        + "bidirectional, dropout, layers, name, type, units (with sweep value model.layers[2].type=lstm)", error("""
        sweep:
          parameters:
            model.layers[2].type: [lstm]
        """));
  }

  @Test
  void anEmptyListOfChoicesIsAnEmptyGrid() throws IOException {
    assertEquals(at(2, 28) + "sweep.parameters.model.layers[1].units: the list of choices is empty; expected at least "
        + "one value", error("""
        sweep:
          parameters:
            model.layers[1].units: []
        """));
  }

  @Test
  void noParametersAndNoSeedsIsAnEmptySweep() throws IOException {
    assertEquals(at(1, 3) + "sweep: missing required 'parameters' (and no 'seeds'); expected a map of dotted paths to "
        + "a list of choices or a range, like 'optimizer.learning_rate: [0.001, 0.01]'", error("""
        sweep:
          method: grid
        """));
    assertEquals(at(1, 15) + "sweep.parameters: is empty; expected a map of dotted paths to a list of choices or a "
        + "range, like 'optimizer.learning_rate: [0.001, 0.01]'", error("""
        sweep:
          parameters: {}
        """));
  }

  @Test
  void aSingleValueIsNotAListOfChoices() throws IOException {
    assertEquals(at(2, 30) + "sweep.parameters.optimizer.learning_rate: found 0.1; expected a list of choices "
        + "(like [0.1]) or a range: {uniform: [low, high]}, {log-uniform: [low, high]} or {int: [low, high]}", error("""
        sweep:
          parameters:
            optimizer.learning_rate: 0.1
        """));
  }

  @Test
  void aRangeNeedsMethodRandom() throws IOException {
    assertEquals(at(2, 30) + "sweep.parameters.optimizer.learning_rate: {log-uniform: …} is a range, which only "
        + "method: random can draw from; expected a list of choices for a grid (or set method: random)", error("""
        sweep:
          parameters:
            optimizer.learning_rate: {log-uniform: [0.001, 0.1]}
        """));
  }

  @Test
  void anUnknownRangeSuggestsTheNearestOne() throws IOException {
    assertEquals(at(4, 31) + "sweep.parameters.optimizer.learning_rate.loguniform: unknown range 'loguniform'; known: "
        + "int, log-uniform, uniform. Did you mean 'log-uniform'?", error("""
        sweep:
          method: random
          trials: 2
          parameters:
            optimizer.learning_rate: {loguniform: [0.001, 0.1]}
        """));
  }

  @Test
  void badRangeBoundsAreNamed() throws IOException {
    String random = "sweep:\n  method: random\n  trials: 2\n  parameters:\n";
    assertEquals(at(4, 40) + "sweep.parameters.optimizer.learning_rate.uniform: found a list of 3; expected [low, high]",
        error(random + "    optimizer.learning_rate: {uniform: [0.1, 0.2, 0.3]}\n"));
    assertEquals(at(4, 46) + "sweep.parameters.optimizer.learning_rate.uniform[1]: high 0.1 is equal to low 0.1; "
        + "expected low < high", error(random + "    optimizer.learning_rate: {uniform: [0.1, 0.1]}\n"));
    assertEquals(at(4, 45) + "sweep.parameters.optimizer.learning_rate.log-uniform[0]: expected a number > 0 (a "
        + "log-uniform range needs positive bounds), got 0", error(random
        + "    optimizer.learning_rate: {log-uniform: [0, 0.1]}\n"));
    assertEquals(at(4, 38) + "sweep.parameters.model.layers[1].units.int[1]: expected an integer, got 8.5",
        error(random + "    model.layers[1].units: {int: [4, 8.5]}\n"));
    assertEquals(at(4, 28) + "sweep.parameters.model.layers[1].units: found a map with 2 keys; expected one range, "
        + "{uniform: [low, high]}, {log-uniform: [low, high]} or {int: [low, high]}, or a list of choices",
        error(random + "    model.layers[1].units: {int: [4, 8], uniform: [1, 2]}\n"));
  }

  @Test
  void aDuplicateChoiceIsRefused() throws IOException {
    assertEquals(at(2, 35) + "sweep.parameters.model.layers[1].units[2]: duplicate choice 8 (also at [0]); expected "
        + "each choice once", error("""
        sweep:
          parameters:
            model.layers[1].units: [8, 4, 8]
        """));
  }

  @Test
  void choicesThatResolveToTheSameExperimentAreRefused() throws IOException {
    assertEquals(at(1, 3) + "sweep: trials 0 (learning_rate=1) and 1 (learning_rate=1) are the same experiment; "
        + "expected values that make each trial different", error("""
        sweep:
          parameters:
            optimizer.learning_rate: [1, 1.0]
        """));
  }

  @Test
  void randomNeedsTrialsAndAGridRefusesThem() throws IOException {
    assertEquals(at(1, 3) + "sweep: missing required 'trials' for method: random (an integer >= 1: how many "
        + "points to draw)", error("""
        sweep:
          method: random
          parameters:
            model.layers[1].units: {int: [4, 8]}
        """));
    assertEquals(at(1, 3) + "sweep.trials: is only for method: random; a grid runs every combination; remove "
        + "'trials' or set method: random", error("""
        sweep:
          trials: 4
          parameters:
            model.layers[1].units: [4, 8]
        """));
    assertEquals(at(1, 3) + "sweep.seed: is only for method: random; a grid draws nothing; to repeat every trial "
        + "with other experiment seeds, use 'seeds: [1, 2, 3]'", error("""
        sweep:
          seed: 4
          parameters:
            model.layers[1].units: [4, 8]
        """));
  }

  @Test
  void randomCannotAskForMoreDistinctTrialsThanTheChoicesAllow() throws IOException {
    assertEquals(at(2, 11) + "sweep.trials: asks for 7 distinct trials, but the parameters allow only 6 combinations; "
        + "expected at most 6 (or method: grid to run every one)", error("""
        sweep:
          method: random
          trials: 7
          parameters:
            model.layers[1].units: [4, 8, 16]
            model.layers[1].type: [lstm, gru]
        """));
  }

  @Test
  void unknownSettingsAndMethodsSuggestTheNearestOne() throws IOException {
    assertEquals(at(1, 3) + "sweep.paramters: unknown key 'paramters' in sweep; known: executor, max_epochs, method, "
        + "metric, min_epochs, mode, parameters, reduction_factor, seed, seeds, trials. Did you mean 'parameters'?", error("""
        sweep:
          paramters:
            model.layers[1].units: [4, 8]
        """));
    assertEquals(at(1, 11) + "sweep.method: unknown value 'gird'; expected one of: grid, halving, hyperband, random. Did "
        + "you mean 'grid'?",
        error("""
        sweep:
          method: gird
          parameters:
            model.layers[1].units: [4, 8]
        """));
  }

  @Test
  void seedsMustBeDistinctIntegersAndNotAlsoSwept() throws IOException {
    assertEquals(at(1, 14) + "sweep.seeds[1]: expected an integer, got 'two'", error("""
        sweep:
          seeds: [1, two]
        """));
    assertEquals(at(1, 14) + "sweep.seeds[1]: duplicate seed 1 (also at [0]); expected each seed once", error("""
        sweep:
          seeds: [1, 1]
        """));
    assertEquals(at(1, 10) + "sweep.seeds: the list is empty; expected at least one seed, like [1, 2, 3]", error("""
        sweep:
          seeds: []
        """));
    assertEquals(at(2, 5) + "sweep.parameters.seed: sets the experiment seed, which 'sweep.seeds' sets already; "
        + "expected one of the two", error("""
        sweep:
          parameters:
            seed: [1, 2]
          seeds: [3]
        """));
  }

  @Test
  void aSweepCannotSweepItselfOrItsBase() throws IOException {
    assertEquals(at(2, 5) + "sweep.parameters.sweep.seeds: a sweep cannot change its own block; expected a path "
        + "inside the experiment, like optimizer.learning_rate", error("""
        sweep:
          parameters:
            sweep.seeds: [[1]]
        """));
    assertEquals(at(2, 5) + "extends: is read before --set applies; expected a path inside the experiment, like "
        + "optimizer.learning_rate=0.01", error("""
        sweep:
          parameters:
            extends: [a.yaml]
        """));
  }

  @Test
  void aMalformedBlockAlsoStopsATrainingOfTheBaseExperiment() throws IOException {
    Path file = write("""
        sweep:
          parameters:
            model.layers[1].units: []
        """);
    String message = assertThrows(ConfigException.class,
        () -> new ExperimentLoader(FakePlugin.registry()).load(file)).getMessage();
    assertTrue(message.endsWith("sweep.parameters.model.layers[1].units: the list of choices is empty; expected at "
        + "least one value"), message);
    // a well-formed block is not part of the base experiment
    Path good = write("""
        sweep:
          parameters:
            model.layers[1].units: [4]
        """);
    assertTrue(!new ExperimentLoader(FakePlugin.registry()).load(good).resolved().containsKey("sweep"));
  }

  @Test
  void halvingPlansEveryTrialAtTheLastRungsLengthAndDefaultsItsBudgets() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          method: halving
          parameters:
            model.layers[1].units: [4, 8, 16]
          max_epochs: 9
        """);
    assertEquals(SweepSpec.Method.HALVING, plan.sweep().method());
    assertEquals(new SweepSpec.Halving(1, 3, 9, plan.sweep().halving().orElseThrow().location()),
        plan.sweep().halving().orElseThrow());
    assertEquals(3, plan.trials().size());
    plan.trials().forEach(t -> assertEquals(9, t.spec().training().get(TrainingParams.EPOCHS)));
    // without max_epochs, the last rung is training.epochs
    assertEquals(3, plan("""
        sweep:
          method: hyperband
          parameters:
            model.layers[1].units: [4, 8, 16]
        """).sweep().halving().orElseThrow().maxEpochs());
  }

  @Test
  void halvingWithTrialsDrawsPointsAsRandomDoes() throws IOException {
    SweepLoader.Plan plan = plan("""
        sweep:
          method: halving
          trials: 2
          seed: 5
          parameters:
            optimizer.learning_rate: {log-uniform: [0.0001, 0.1]}
        """);
    assertEquals(2, plan.trials().size());
    assertTrue(plan.sweep().drawsPoints());
  }

  @Test
  void halvingSettingsAreRefusedWhereTheyMeanNothing() throws IOException {
    assertEquals(at(3, 3) + "sweep.reduction_factor: is only for method: halving or hyperband; a random sweep trains "
        + "every trial for training.epochs", error("""
        sweep:
          method: random
          trials: 2
          reduction_factor: 2
          parameters:
            model.layers[1].units: [4, 8, 16]
        """));
    assertEquals(at(2, 3) + "sweep.seed: is only for method: random; halving without 'trials' runs every combination "
        + "and draws nothing; add 'trials: N' to draw N points, or use 'seeds: [1, 2, 3]' for experiment seeds", error("""
        sweep:
          method: halving
          seed: 3
          parameters:
            model.layers[1].units: [4, 8, 16]
        """));
    assertEquals(at(2, 21) + "sweep.reduction_factor: expected an integer >= 2, got 1", error("""
        sweep:
          method: halving
          reduction_factor: 1
          parameters:
            model.layers[1].units: [4, 8, 16]
        """));
  }
}
