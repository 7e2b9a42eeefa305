package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.model.EpochResult;
import io.recur.schedule.Monitor;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EarlyStoppingTest {
  private static EpochResult epoch(int epoch, String column, double value) {
    return new EpochResult(epoch, 0.1, Map.of("train.loss", 9.0, column, value), 1);
  }

  @Test
  void anEpochImprovesOnlyByMoreThanMinDeltaAndPatienceCountsEpochsInARowWithout() {
    EarlyStopping stopping = new EarlyStopping(new Monitor("val.loss", false), 2, 0.1);
    Progress p = new Progress(4);
    assertTrue(stopping.update(p, epoch(0, "val.loss", 1.0)), "the first number always improves on nothing");
    assertEquals(0, p.bestEpoch());
    assertEquals(1.0, p.bestValue());

    assertFalse(stopping.update(p, epoch(1, "val.loss", 0.95)), "better, but by less than min_delta");
    assertEquals(1, p.epochsWithoutImprovement);
    assertNull(p.stopReason());

    assertTrue(stopping.update(p, epoch(2, "val.loss", 0.85)));
    assertEquals(0, p.epochsWithoutImprovement, "an improvement starts the count again");
    assertEquals(2, p.bestEpoch());

    assertFalse(stopping.update(p, epoch(3, "val.loss", Double.NaN)), "NaN never improves");
    assertNull(p.stopReason());
    assertFalse(stopping.update(p, epoch(4, "val.loss", 0.8)));
    assertEquals("early stopping: val.loss has not improved for 2 epochs; best 0.850000 at epoch 3", p.stopReason());
    assertEquals(0.85, p.bestValue(), "the best is kept, not the last");
  }

  @Test
  void higherIsBetterMetricsMustRiseAndATieIsNoImprovement() {
    EarlyStopping stopping = new EarlyStopping(new Monitor("val.accuracy", true), 1, 0.0);
    Progress p = new Progress(1);
    assertTrue(stopping.update(p, epoch(0, "val.accuracy", 0.5)));
    assertTrue(stopping.update(p, epoch(1, "val.accuracy", 0.625)));
    assertFalse(stopping.update(p, epoch(2, "val.accuracy", 0.625)));
    assertEquals("early stopping: val.accuracy has not improved for 1 epochs; best 0.625000 at epoch 2", p.stopReason());
  }

  @Test
  void aLowerValueOfAHigherIsBetterMetricIsNotAnImprovement() {
    EarlyStopping stopping = new EarlyStopping(new Monitor("val.accuracy", true), 3, 0.0);
    Progress p = new Progress(1);
    stopping.update(p, epoch(0, "val.accuracy", 0.9));
    assertFalse(stopping.update(p, epoch(1, "val.accuracy", 0.1)));
    assertEquals(0, p.bestEpoch());
    assertEquals(0.9, p.bestValue());
  }

  @Test
  void theStateLivesInProgressSoAFreshStoppingContinuesAResumedRun() {
    // a resumed run builds a new EarlyStopping; the count it continues is the checkpoint's
    Monitor monitor = new Monitor("val.loss", false);
    Progress p = new Progress(1);
    new EarlyStopping(monitor, 2, 0).update(p, epoch(0, "val.loss", 1.0));
    new EarlyStopping(monitor, 2, 0).update(p, epoch(1, "val.loss", 2.0));
    assertNull(p.stopReason());
    new EarlyStopping(monitor, 2, 0).update(p, epoch(2, "val.loss", 3.0));
    assertEquals("early stopping: val.loss has not improved for 2 epochs; best 1.00000 at epoch 1", p.stopReason());
  }
}
