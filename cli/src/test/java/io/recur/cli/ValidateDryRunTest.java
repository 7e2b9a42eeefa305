package io.recur.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code recur validate} as a dry run: each mistake a new user made, which used to validate and
 * then fail in training (or not at all), is refused with exit 2 and a message naming where the
 * value was written; a pairing that trains but trains badly is a warning with exit 0. On the
 * shipped dummy-string lstm (one-hot, lstm with output: last, dense of 2 softmax units, bce),
 * whose data is generated.
 */
class ValidateDryRunTest {
  private static final String CONFIG = CliRunner.config("dummy-string/lstm.yaml").toString();

  @TempDir Path tmp;

  private static CliRunner.Result validate(String... sets) {
    List<String> args = new ArrayList<>(List.of("validate", CONFIG));
    for (String s : sets) {
      args.addAll(List.of("--set", s));
    }
    return CliRunner.run(args.toArray(String[]::new));
  }

  private static String refused(CliRunner.Result r) {
    assertEquals(2, r.exitCode(), r.out() + r.err());
    return r.err();
  }

  @Test
  void theShippedConfigIsFine() {
    CliRunner.Result r = validate();
    assertEquals(0, r.exitCode(), r.err());
    assertFalse(r.err().contains("warning"), r.err());
  }

  @Test
  void moreUnitsThanClassesIsRefused() {
    String err = refused(validate("model.layers[2].units=5"));
    assertTrue(err.contains("lstm.yaml:20:7: model.layers[2]: the model gives 5 values per prediction but the data has"
        + " 2 classes (0, 1); give the last layer 2 units (or 1 sigmoid unit)"), err);
  }

  @Test
  void aSequenceBeforeAClassifierOfWholeSequencesNamesTheLayer() {
    String err = refused(validate("model.layers[1].output=sequence"));
    assertTrue(err.contains("lstm.yaml:19:7: model.layers[1].output: the model gives [12, 2] per sample but the"
        + " targets are [] per sample"), err);
    assertTrue(err.contains("add `output: last` to layer 'lstm_1' (" + CONFIG + ":19:7)"), err);
  }

  @Test
  void anUnreportedMonitorIsRefusedWithASuggestion() {
    String err = refused(validate("training.early_stopping={monitor: val.acc}"));
    assertTrue(err.contains("--set training.early_stopping={monitor: val.acc}: training.early_stopping.monitor:"
        + " 'val.acc' is not a reported metric; expected one of "), err);
    assertTrue(err.contains("Did you mean 'val.accuracy'?"), err);
    String plateau = refused(validate("training.lr_schedule={type: plateau, monitor: val.los}"));
    assertTrue(plateau.contains("training.lr_schedule.monitor: 'val.los' is not a reported metric"), plateau);
    assertTrue(plateau.contains("Did you mean 'val.loss'?"), plateau);
  }

  @Test
  void badSplitsAndSampleCountsAreRefused() {
    assertTrue(refused(validate("data.split=[0,0,0]")).contains("data.split: split needs at least one positive ratio"));
    assertTrue(refused(validate("data.split=[-1,2,0]")).contains("data.split[0]: expected a number >= 0, got -1"));
    assertTrue(refused(validate("data.samples=2147483647")).contains("data.samples: expected an integer between"));
  }

  @Test
  void aKeyOfAnotherScheduleTypeIsRefused() {
    String err = refused(validate("training.lr_schedule={type: cosine, gamma: 0.5}"));
    assertTrue(err.contains("training.lr_schedule.gamma: unknown key 'gamma' for training.lr_schedule type 'cosine'"
        + " (a key of step, exponential); known: eta_min, t_max, type, warmup_epochs, warmup_start_factor"), err);
  }

  @Test
  void theLossMustReadWhatTheLastActivationGives() {
    String nll = refused(validate("loss=nll"));
    assertTrue(nll.contains("lstm.yaml:20:7: model.layers[2]: loss 'nll' reads log-probabilities, but the last layer"
        + " 'dense_2' ends in softmax"), nll);
    String bce = refused(validate("model.layers[2].activation=identity"));
    assertTrue(bce.contains("loss 'bce' reads probabilities, but the last layer 'dense_2' ends in identity"), bce);
    assertEquals(0, validate("loss=nll", "model.layers[2].activation=log-softmax").exitCode());
  }

  @Test
  void aSoftmaxBeforeCrossEntropyIsAWarning() {
    CliRunner.Result r = validate("loss=cross-entropy");
    assertEquals(0, r.exitCode(), r.err());
    assertTrue(r.err().contains("warning: " + CONFIG + ":20:7: model.layers[2]: loss 'cross-entropy' applies a softmax"
        + " to logits itself, but the last layer 'dense_2' ends in softmax"), r.err());
    assertTrue(r.out().contains("1 warning)"), r.out());
  }

  @Test
  void trainRefusesWhatValidateRefusesBeforeWritingAnything() {
    Path run = tmp.resolve("run");
    CliRunner.Result r = CliRunner.run("train", CONFIG, "--run-dir", run.toString(), "--set", "model.layers[2].units=5");
    assertEquals(2, r.exitCode(), r.out() + r.err());
    assertTrue(r.err().contains("the model gives 5 values per prediction but the data has 2 classes"), r.err());
    assertFalse(Files.exists(run.resolve("config.yaml")));
  }

  @Test
  void summaryListsEveryLayerWithItsShapeAndParameters() {
    CliRunner.Result r = CliRunner.run("validate", "--summary", CONFIG);
    assertEquals(0, r.exitCode(), r.err());
    // one-hot embedding: none; lstm of 1 unit over 4 inputs: 4 gates × (4 + 1 + 2 biases) = 28; dense 1 → 2: 4
    String table = r.out().replaceAll(" +", " ");
    assertTrue(table.contains("embedding_0 embedding [N, 12, 4] 0\n"), r.out());
    assertTrue(table.contains("lstm_1 lstm [N, 1] 28\n"), r.out());
    assertTrue(table.contains("dense_2 dense [N, 2] 4\n"), r.out());
    assertTrue(table.contains("parameters: 32 (128 B float32)"), r.out());
    assertTrue(r.out().contains("optimizer state (sgd): "), r.out());
  }
}
