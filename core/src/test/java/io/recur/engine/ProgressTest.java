package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.model.EpochResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {
  @Test
  void aNewRunStandsAtTheStartOfTheFirstEpochInDataOrder() {
    Progress p = new Progress(4);
    assertArrayEquals(new int[] {0, 1, 2, 3}, p.order);
    assertEquals(-1, p.bestEpoch());
    assertEquals(Double.NaN, p.bestValue());
    assertEquals("the start of epoch 1 (step 0)", p.describe());
  }

  @Test
  void describeSaysWhereTrainingStandsForMessages() {
    Progress p = new Progress(4);
    p.epoch = 3;
    p.step = 41;
    assertEquals("the start of epoch 4 (step 41)", p.describe());
    p.epochStarted = true;
    p.batch = 2;
    assertEquals("epoch 4, batch 2 (step 41)", p.describe());
    p.finished = true;
    p.epoch = 5;
    assertEquals("the end of training (epoch 5)", p.describe(), "after the last epoch, epoch is one past its index: its number counted from 1");
  }

  @Test
  void historyIsASnapshot() {
    Progress p = new Progress(1);
    p.history.add(new EpochResult(0, 0.1, Map.of("train.loss", 1.0), 1));
    var history = p.history();
    p.history.add(new EpochResult(1, 0.1, Map.of("train.loss", 0.5), 1));
    assertEquals(1, history.size());
    assertEquals(2, p.history().size());
    assertThrows(UnsupportedOperationException.class, () -> history.add(null));
  }
}
