package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.config.ConfigException;
import io.recur.run.TinyExperiment;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few of the checks {@code recur validate} and training share, on the tiny two-class experiment. */
class ExperimentCheckTest {
  /** Line 8, column 7 of {@link TinyExperiment#CLASSIFIER}: the map of its only layer. */
  private static final String LAYER_AT = ":8:7";

  @TempDir Path tmp;

  private TinyExperiment experiment(String yaml, String... overrides) {
    return TinyExperiment.write(tmp, yaml, overrides);
  }

  private static List<String> check(TinyExperiment e) {
    return new ExperimentCheck(e.spec, e.locations()).run(e.prepare());
  }

  private static String refusal(TinyExperiment e) {
    return assertThrows(ConfigException.class, () -> check(e)).getMessage();
  }

  @Test
  void aSoundExperimentPassesWithoutWarnings() {
    assertEquals(List.of(), check(experiment(TinyExperiment.CLASSIFIER)));
  }

  @Test
  void aLastLayerWiderThanTheClassesIsRefusedAtThatLayer() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("units: 2", "units: 3"));
    assertEquals(e.file + LAYER_AT + ": model.layers[0]: the model gives 3 values per prediction but the data has 2"
        + " classes (neg, pos); give the last layer 2 units (or 1 sigmoid unit)", refusal(e));
  }

  @Test
  void oneSigmoidUnitIsEnoughForTwoClasses() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("units: 2", "units: 1\n      activation: sigmoid")
        .replace("loss: cross-entropy", "loss: bce"));
    assertEquals(List.of(), check(e));
  }

  @Test
  void aLossReadingLogProbabilitiesNeedsALogSoftmaxLast() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("loss: cross-entropy", "loss: nll"));
    assertEquals(e.file + LAYER_AT + ": model.layers[0]: loss 'nll' reads log-probabilities, but the last layer"
        + " 'affine_0' ends in identity, so the loss is not a likelihood (it can go negative); expected activation:"
        + " log-softmax, or loss: cross-entropy on logits (activation: identity)", refusal(e));
    TinyExperiment fixed = experiment(TinyExperiment.CLASSIFIER.replace("loss: cross-entropy", "loss: nll")
        .replace("units: 2", "units: 2\n      activation: log-softmax"));
    assertEquals(List.of(), check(fixed));
  }

  @Test
  void aSoftmaxBeforeCrossEntropyTrainsButIsWarnedAbout() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("units: 2", "units: 2\n      activation: softmax"));
    assertEquals(List.of(e.file + LAYER_AT + ": model.layers[0]: loss 'cross-entropy' applies a softmax to logits"
        + " itself, but the last layer 'affine_0' ends in softmax, so the outputs are squashed twice and learning slows;"
        + " expected activation: identity"), check(e));
  }

  @Test
  void anEarlyStoppingMonitorThatIsNotReportedIsRefusedWithTheColumnItAbbreviates() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("  batch_size: 4",
        "  batch_size: 4\n  early_stopping:\n    monitor: val.acc"));
    assertEquals(e.file + ":18:14: training.early_stopping.monitor: 'val.acc' is not a reported metric; expected one of"
        + " train.accuracy, val.accuracy, train.loss, val.loss. Did you mean 'val.accuracy'?", refusal(e));
  }

  @Test
  void carryingStateNeedsUnshuffledBackToBackWindows() {
    TinyExperiment shuffled = experiment(TinyExperiment.CLASSIFIER, "training.carry_state=true");
    assertEquals("--set training.carry_state=true: training.carry_state: carrying the state from batch to batch needs"
        + " the windows in order; set training.shuffle: false", refusal(shuffled));
    TinyExperiment ordered = experiment(TinyExperiment.CLASSIFIER, "training.carry_state=true",
        "training.shuffle=false");
    assertEquals("--set training.carry_state=true: training.carry_state: dataset 'points' does not give back-to-back"
        + " windows (each sample continuing the previous one), so there is no state to carry; use text in corpus mode"
        + " with stride = sequence_length", refusal(ordered));
  }

  @Test
  void suggestionsAreATypoOrTheOneColumnAPrefixAbbreviates() {
    List<String> columns = List.of("train.accuracy", "val.accuracy", "train.loss", "val.loss");
    assertEquals(". Did you mean 'val.loss'?", ExperimentCheck.suggestion("val.lss", columns));
    assertEquals(". Did you mean 'val.accuracy'?", ExperimentCheck.suggestion("val.acc", columns));
    assertEquals("", ExperimentCheck.suggestion("val.", columns), "two columns start so: no guess");
    assertEquals("", ExperimentCheck.suggestion("test.f1", columns));
  }

  @Test
  void theFinalActivationIsWhatTheConfigSaysTheLastLayerEndsIn() {
    TinyExperiment e = experiment(TinyExperiment.CLASSIFIER.replace("units: 2", "units: 2\n      activation: sigmoid"));
    assertEquals(Optional.of("sigmoid"), ExperimentCheck.finalActivation(e.spec.layers().get(0)));
  }
}
