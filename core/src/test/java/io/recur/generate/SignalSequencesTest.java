package io.recur.generate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import org.junit.jupiter.api.Test;

class SignalSequencesTest {
  private static float[] column(float[][] rows) {
    float[] out = new float[rows.length];
    for (int i = 0; i < rows.length; i++) {
      assertEquals(1, rows[i].length);
      out[i] = rows[i][0];
    }
    return out;
  }

  @Test
  void perStepSamplesAreTheirInputsFollowedByTheLastTarget() {
    // two signals 0 1 2 3 and 10 11 12 13 as inputs [N=2, T=3, 1] and next-step targets
    Split split = new Split(Tensor.of(new float[] {0, 1, 2, 10, 11, 12}, 2, 3, 1),
        Tensor.of(new float[] {1, 2, 3, 11, 12, 13}, 2, 3, 1), null);
    assertArrayEquals(new float[] {0, 1, 2, 3}, column(SignalSequences.of(split, 0, "test")));
    assertArrayEquals(new float[] {10, 11, 12, 13}, column(SignalSequences.of(split, 1, "test")));
  }

  @Test
  void consecutiveWindowsOfASeriesJoinIntoOneSignal() {
    // the series 0 … 5 in windows of 2 with the value after each as target, then a break
    Split split = new Split(Tensor.of(new float[] {0, 1, 1, 2, 2, 3, 3, 4, 9, 9}, 5, 2, 1),
        Tensor.of(new float[] {2, 3, 4, 5, 9}, 5, 1), null);
    assertArrayEquals(new float[] {0, 1, 2, 3, 4, 5}, column(SignalSequences.of(split, 0, "test")));
    assertArrayEquals(new float[] {2, 3, 4, 5}, column(SignalSequences.of(split, 2, "test")));
    assertArrayEquals(new float[] {9, 9, 9}, column(SignalSequences.of(split, 4, "test")));
  }

  @Test
  void targetsThatAreNotTheInputsOneStepAheadAreRefused() {
    Split copy = new Split(Tensor.of(new float[] {0, 1, 2}, 1, 3, 1), Tensor.of(new float[] {0, 1, 2}, 1, 3, 1), null);
    String message = assertThrows(RecurException.class, () -> SignalSequences.of(copy, 0, "val")).getMessage();
    assertTrue(message.startsWith("the val split's targets are not its inputs one step ahead"), message);
    Split classes = new Split(Tensor.of(new float[] {0, 1, 2}, 1, 3), Tensor.of(new float[] {1}, 1), null);
    assertThrows(RecurException.class, () -> SignalSequences.of(classes, 0, "val"));
    String sample = assertThrows(RecurException.class, () -> SignalSequences.of(copy, 3, "test")).getMessage();
    assertEquals("sample 3 does not exist; the test split has 1 samples (0 to 0)", sample);
  }
}
