package io.recur.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every malformed config gives one exact message: location, dotted path, what was found, what was
 * expected, and a suggestion for a near miss. Most files under {@code bad/} extend {@code
 * valid.yaml} and change one thing, so the location also shows that errors point at the file
 * where the bad value was written.
 */
class ConfigErrorsTest {
  private static final String DIR = "src/test/resources/config/";
  private static final String BAD = DIR + "bad/";
  private static final String EXT = DIR + "extends/";
  private static final String TOP_LEVEL_KEYS =
      "name, seed, description, plugins, data, model, loss, optimizer, training, metrics, sweep";

  private final ExperimentLoader loader = new ExperimentLoader(FakePlugin.registry());

  private String error(String file, String... overrides) {
    return assertThrows(ConfigException.class, () -> loader.load(Path.of(file), List.of(overrides))).getMessage();
  }

  @Test
  void unknownTopLevelKeySuggestsTheNearestKnownKey() {
    assertEquals(BAD + "unknown-top-level-key.yaml:2:1: optimiser: unknown key 'optimiser' at the top level; "
        + "known: data, description, extends, loss, metrics, model, name, optimizer, plugins, seed, sweep, training. "
        + "Did you mean 'optimizer'?", error(BAD + "unknown-top-level-key.yaml"));
  }

  @Test
  void unknownLayerTypeListsTheKnownTypesAndSuggestsOne() {
    assertEquals(BAD + "unknown-layer-type.yaml:7:13: model.layers[1].type: unknown layer type 'lstmm'; "
        + "known: dense, embedding, gru, lstm, rnn. Did you mean 'lstm'?", error(BAD + "unknown-layer-type.yaml"));
  }

  @Test
  void unknownLayerParamListsTheTypesKeys() {
    assertEquals(BAD + "unknown-layer-param.yaml:5:7: model.layers[0].unit: unknown key 'unit' for layer type "
        + "'dense'; known: activation, dropout, kernel_init, name, type, units. Did you mean 'units'?",
        error(BAD + "unknown-layer-param.yaml"));
  }

  @Test
  void rejectsAStringWhereAnIntegerIsExpected() {
    assertEquals(BAD + "string-for-int.yaml:5:14: model.layers[0].units: expected an integer >= 1, got 'many'",
        error(BAD + "string-for-int.yaml"));
  }

  @Test
  void rejectsAQuotedNumberWhereAnIntegerIsExpected() {
    assertEquals(BAD + "quoted-int.yaml:3:11: training.epochs: expected an integer >= 1, got '3' (quoted, so a string)",
        error(BAD + "quoted-int.yaml"));
  }

  @Test
  void rejectsAFloatWhereAnIntegerIsExpected() {
    assertEquals(BAD + "float-for-int.yaml:3:11: training.epochs: expected an integer >= 1, got 1.5",
        error(BAD + "float-for-int.yaml"));
  }

  @Test
  void rejectsZeroUnits() {
    assertEquals(BAD + "units-zero.yaml:8:14: model.layers[1].units: expected an integer >= 1, got 0",
        error(BAD + "units-zero.yaml"));
  }

  @Test
  void rejectsDropoutAboveOneInAFlowMap() {
    assertEquals(BAD + "dropout-too-large.yaml:4:39: model.layers[0].dropout: expected a number between 0 and 1, "
        + "got 1.5", error(BAD + "dropout-too-large.yaml"));
  }

  @Test
  void rejectsZeroLearningRateBecauseTheMinimumIsExclusive() {
    assertEquals(BAD + "learning-rate-zero.yaml:3:18: optimizer.learning_rate: expected a number > 0, got 0",
        error(BAD + "learning-rate-zero.yaml"));
  }

  @Test
  void missingRequiredParamOfABareTypeNamePointsAtTheName() {
    assertEquals(BAD + "missing-learning-rate.yaml:2:12: optimizer: missing required 'learning_rate' "
        + "(a number > 0: step size)", error(BAD + "missing-learning-rate.yaml"));
  }

  @Test
  void missingRequiredParamPointsAtTheEnclosingMapAndIgnoresABaseOfAnotherType() {
    // the base's adam learning_rate must not leak into an sgd optimizer
    assertEquals(BAD + "missing-learning-rate-map.yaml:3:3: optimizer: missing required 'learning_rate' "
        + "(a number > 0: step size)", error(BAD + "missing-learning-rate-map.yaml"));
  }

  @Test
  void missingDataIsReportedAtTheTopLevel() {
    assertEquals(BAD + "missing-data.yaml:1:1: missing required 'data' (a dataset type name or a map with "
        + "'type:': the dataset to train and evaluate on)", error(BAD + "missing-data.yaml"));
  }

  @Test
  void badChoiceListsTheChoicesAndSuggestsOne() {
    assertEquals(BAD + "bad-choice.yaml:6:19: model.layers[0].activation: unknown value 'softmx'; expected one of: "
        + "linear, relu, sigmoid, softmax, tanh. Did you mean 'softmax'?", error(BAD + "bad-choice.yaml"));
  }

  @Test
  void malformedYamlIsReportedAtTheParsersMark() {
    assertEquals(BAD + "bad-indentation.yaml:4:10: malformed YAML: mapping values are not allowed here",
        error(BAD + "bad-indentation.yaml"));
  }

  @Test
  void duplicateKeyNamesTheFirstOccurrence() {
    assertEquals(BAD + "duplicate-key.yaml:5:3: training.epochs: duplicate key 'epochs' (first written at line 3); "
        + "each key may appear only once", error(BAD + "duplicate-key.yaml"));
  }

  @Test
  void duplicateLayerNamesAreRejected() {
    assertEquals(BAD + "duplicate-layer-name.yaml:8:13: model.layers[1].name: layer name 'enc' is already used by "
        + "model.layers[0]; expected a name unique within the model", error(BAD + "duplicate-layer-name.yaml"));
  }

  @Test
  void aDefaultLayerNameMayNotCollideWithAGivenOne() {
    assertEquals(BAD + "default-layer-name-taken.yaml:7:7: model.layers[1]: default layer name 'dense_1' is already "
        + "used by model.layers[0]; expected unique names (give this layer a 'name:')",
        error(BAD + "default-layer-name-taken.yaml"));
  }

  @Test
  void layerNamesAreRestrictedToSafeCharacters() {
    assertEquals(BAD + "bad-layer-name.yaml:5:13: model.layers[0].name: expected a layer name of letters, digits, "
        + "'_', '.' and '-', got 'my layer'", error(BAD + "bad-layer-name.yaml"));
  }

  @Test
  void listElementOfTheWrongTypeIsReportedWithItsIndex() {
    assertEquals(BAD + "list-element.yaml:4:16: data.split[1]: expected a number between 0 and 1, got 'abc'",
        error(BAD + "list-element.yaml"));
  }

  @Test
  void unknownTypeOfANestedTypedParamIsReportedWithTheFullPath() {
    assertEquals(BAD + "nested-typed.yaml:6:27: model.layers[0].kernel_init.type: unknown initializer type "
        + "'unifrom'; known: glorot-uniform, uniform, zeros. Did you mean 'uniform'?", error(BAD + "nested-typed.yaml"));
  }

  @Test
  void paramsOfANestedTypedValueAreValidatedToo() {
    assertEquals(BAD + "nested-typed-param.yaml:8:16: model.layers[0].kernel_init.range: expected a number > 0, "
        + "got -0.1", error(BAD + "nested-typed-param.yaml"));
  }

  @Test
  void yesIsNotABoolean() {
    assertEquals(BAD + "yes-for-boolean.yaml:3:12: training.shuffle: expected true or false, got yes",
        error(BAD + "yes-for-boolean.yaml"));
  }

  @Test
  void emptyFileSaysWhatWasExpected() {
    assertEquals(BAD + "empty.yaml: the file is empty; expected a map of experiment keys (" + TOP_LEVEL_KEYS + ")",
        error(BAD + "empty.yaml"));
  }

  @Test
  void topLevelListIsRejected() {
    assertEquals(BAD + "top-level-list.yaml:1:1: the top level is a list; expected a map of experiment keys ("
        + TOP_LEVEL_KEYS + ")", error(BAD + "top-level-list.yaml"));
  }

  @Test
  void localTagsAreRejected() {
    assertEquals(BAD + "unsupported-tag.yaml:2:14: description: unsupported YAML tag '!include'; "
        + "expected plain maps, lists, strings, numbers and booleans", error(BAD + "unsupported-tag.yaml"));
  }

  @Test
  void classTagsAreNeverConstructed() {
    // SnakeYAML's safe composer refuses global tags before any node exists
    assertEquals(BAD + "class-tag.yaml:2:14: malformed YAML: Global tag is not allowed: "
        + "tag:yaml.org,2002:python/object:os.system", error(BAD + "class-tag.yaml"));
  }

  @Test
  void sectionMustBeAMap() {
    assertEquals(BAD + "section-not-map.yaml:2:11: training: expected a map of training keys (adaptation, batch_size, "
        + "carry_state, checkpoint_every_steps, clip_norm, divergence, early_stopping, epochs, evaluate_test, evaluate_train, evaluation,"
        + " init_from, init_from_strict, lr_schedule, shuffle,"
        + " threads), got 5", error(BAD + "section-not-map.yaml"));
  }

  @Test
  void missingFileIsReported() {
    assertEquals(DIR + "no-such.yaml: file not found; expected a YAML experiment file", error(DIR + "no-such.yaml"));
  }

  @Test
  void extendsCycleNamesEveryFileInIt() {
    assertEquals(EXT + "cycle-b.yaml:2:10: extends: cycle " + EXT + "cycle-a.yaml -> " + EXT + "cycle-b.yaml -> "
        + EXT + "cycle-a.yaml; a file cannot extend itself, directly or through others", error(EXT + "cycle-a.yaml"));
  }

  @Test
  void extendsOfAMissingFileSaysWhereItLooked() {
    assertEquals(EXT + "missing-base.yaml:1:10: extends: file 'no-such-base.yaml' not found (looked for " + EXT
        + "no-such-base.yaml); expected a YAML file path relative to " + EXT + "missing-base.yaml",
        error(EXT + "missing-base.yaml"));
  }

  @Test
  void errorInABaseFilePointsAtTheBaseFile() {
    assertEquals(EXT + "bad-base.yaml:6:14: model.layers[0].units: expected an integer >= 1, got -1",
        error(EXT + "extends-bad-base.yaml"));
  }

  @Test
  void setWithAnIndexOutOfRangeSaysWhichIndexesExist() {
    assertEquals("--set model.layers[5].units=3: model.layers[5]: index 5 is out of range; expected an index from "
        + "0 to 2", error(DIR + "valid.yaml", "model.layers[5].units=3"));
  }

  @Test
  void setThroughAScalarIsRejected() {
    assertEquals("--set training.epochs.max=3: training.epochs: found 3, which has no key 'max'; expected a map",
        error(DIR + "valid.yaml", "training.epochs.max=3"));
  }

  @Test
  void setWithABadValueIsReportedAtTheArgument() {
    assertEquals("--set optimizer.learning_rate=abc: optimizer.learning_rate: expected a number > 0, got 'abc'",
        error(DIR + "valid.yaml", "optimizer.learning_rate=abc"));
  }

  @Test
  void setOfAnUnknownKeySuggestsTheNearestKnownKey() {
    assertEquals("--set training.epoch=5: training.epoch: unknown key 'epoch' in training; known: adaptation, batch_size, "
        + "carry_state, checkpoint_every_steps, clip_norm, divergence, early_stopping, epochs, evaluate_test, evaluate_train, evaluation,"
        + " init_from, init_from_strict, lr_schedule, shuffle,"
        + " threads. Did you mean 'epochs'?", error(DIR + "valid.yaml", "training.epoch=5"));
  }

  @Test
  void setWithoutAnEqualsSignShowsTheForm() {
    assertEquals("--set epochs: found no '='; expected path=value, like optimizer.learning_rate=0.01",
        error(DIR + "valid.yaml", "epochs"));
  }

  @Test
  void setWithAMalformedPathShowsTheForm() {
    assertEquals("--set model..units=3: 'model..units' is not a valid path; expected keys and indexes like "
        + "model.layers[0].units", error(DIR + "valid.yaml", "model..units=3"));
  }

  @Test
  void setWithAnIndexIntoAMapIsRejected() {
    assertEquals("--set optimizer[0]=adam: optimizer: found a map, which has no element [0]; expected a list",
        error(DIR + "valid.yaml", "optimizer[0]=adam"));
  }

  @Test
  void setWithMalformedYamlIsReportedAtTheArgument() {
    assertEquals("--set data.split=[0.5, 0.5: malformed YAML: expected ',' or ']', but got <stream end> "
        + "(while parsing a flow sequence)", error(DIR + "valid.yaml", "data.split=[0.5, 0.5"));
  }

  @Test
  void setOfAParamOfAnUnsetTypedValueNeedsItsType() {
    assertEquals("--set model.layers[0].kernel_init.range=0.2: model.layers[0].kernel_init: missing required 'type' "
        + "(an initializer type name; known: glorot-uniform, uniform, zeros)",
        error(DIR + "minimal.yaml", "model.layers[0].kernel_init.range=0.2"));
  }

  @Test
  void aBareLayerNameWithoutItsRequiredParamsPointsAtTheName() {
    assertEquals("--set model.layers[0]=dense: model.layers[0]: missing required 'units' (an integer >= 1: output "
        + "features)", error(DIR + "minimal.yaml", "model.layers[0]=dense"));
  }

  @Test
  void aTypeMustBeAName() {
    assertEquals("--set loss.type=3: loss.type: expected a loss type name, got 3; known: bce, cross-entropy",
        error(DIR + "valid.yaml", "loss.type=3"));
  }

  @Test
  void theFirstErrorInDocumentOrderWins() {
    // both the data length and the epochs are bad; data comes first in valid.yaml
    assertEquals("--set data.length=0: data.length: expected an integer >= 1, got 0",
        error(DIR + "valid.yaml", "training.epochs=0", "data.length=0"));
  }
}
