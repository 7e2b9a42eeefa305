package io.recur.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class SplitsTest {
  private static final String WHERE = "dataset 'x'";

  @Test
  void twoOneZeroOf480Gives320And160AndNoTest() {
    assertArrayEquals(new int[] {320, 160, 0}, Splits.sizes(List.of(2.0, 1.0, 0.0), 480, WHERE));
  }

  @Test
  void leftoverSamplesGoToTheLargestShareAndNeverToAZeroRatio() {
    assertArrayEquals(new int[] {3, 2, 0}, Splits.sizes(List.of(1.0, 1.0, 0.0), 5, WHERE));
    assertArrayEquals(new int[] {5, 3, 2}, Splits.sizes(List.of(2.0, 1.0, 1.0), 10, WHERE));
    assertArrayEquals(new int[] {1, 0, 0}, Splits.sizes(List.of(2.0, 1.0, 0.0), 1, WHERE));
  }

  @Test
  void missingRatiosCountAsZero() {
    assertArrayEquals(new int[] {6, 2, 0}, Splits.sizes(List.of(3.0, 1.0), 8, WHERE));
    assertArrayEquals(new int[] {8, 0, 0}, Splits.sizes(List.of(1.0), 8, WHERE));
  }

  @Test
  void shuffleIsFisherYatesOverTheGivenStream() {
    Splits s = Splits.shuffled(List.of(1.0, 1.0, 1.0), 9, new Well19937c(7), WHERE);
    int[] expected = IntStream.range(0, 9).toArray();
    Well19937c r = new Well19937c(7);
    for (int i = 8; i > 0; i--) {
      int j = r.nextInt(i + 1);
      int t = expected[i];
      expected[i] = expected[j];
      expected[j] = t;
    }
    assertArrayEquals(Arrays.copyOfRange(expected, 0, 3), s.train());
    assertArrayEquals(Arrays.copyOfRange(expected, 3, 6), s.indices("val"));
    assertArrayEquals(Arrays.copyOfRange(expected, 6, 9), s.indices("test"));
  }

  @Test
  void sameSeedSameSplitDifferentSeedDifferentSplit() {
    int[] a = Splits.shuffled(List.of(2.0, 1.0, 0.0), 100, new Well19937c(1), WHERE).train();
    int[] b = Splits.shuffled(List.of(2.0, 1.0, 0.0), 100, new Well19937c(1), WHERE).train();
    int[] c = Splits.shuffled(List.of(2.0, 1.0, 0.0), 100, new Well19937c(2), WHERE).train();
    assertArrayEquals(a, b);
    assertEquals(false, Arrays.equals(a, c));
  }

  @Test
  void splitsPartitionTheSamples() {
    Splits s = Splits.shuffled(List.of(2.0, 1.0, 1.0), 37, new Well19937c(3), WHERE);
    int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.indices("val"))),
        Arrays.stream(s.indices("test"))).sorted().toArray();
    assertArrayEquals(IntStream.range(0, 37).toArray(), all);
  }

  @Test
  void applyOmitsEmptySplitsAndKeepsRowsTogether() {
    Splits s = Splits.shuffled(List.of(2.0, 1.0, 0.0), 6, new Well19937c(5), WHERE);
    Tensor inputs = Tensor.of(new float[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5}, 6, 2);
    Tensor targets = Tensor.of(new float[] {0, 1, 2, 3, 4, 5}, 6);
    Map<String, Split> parts = s.apply(inputs, targets, null);
    assertEquals(List.of("train", "val"), List.copyOf(parts.keySet()));
    Split train = parts.get("train");
    assertEquals(4, train.size());
    assertNull(train.mask());
    for (int i = 0; i < 4; i++) {
      assertEquals(train.targets().get(i), train.inputs().get(i, 1));
      assertEquals((float) s.train()[i], train.targets().get(i));
    }
  }

  @Test
  void rejectsASplitThatLeavesTrainEmpty() {
    RecurException e = assertThrows(RecurException.class, () -> Splits.sizes(List.of(0.0, 1.0, 0.0), 10, WHERE));
    assertEquals("dataset 'x': split [0.0, 1.0, 0.0] of 10 samples leaves the training split empty; give train a"
        + " larger share or add samples", e.getMessage());
  }

  @Test
  void rejectsRatiosThatAreAllZero() {
    RecurException e = assertThrows(RecurException.class, () -> Splits.sizes(List.of(0.0, 0.0, 0.0), 10, WHERE));
    assertEquals("dataset 'x': split needs at least one positive ratio, got [0.0, 0.0, 0.0]", e.getMessage());
  }

  @Test
  void rejectsNegativeRatios() {
    RecurException e = assertThrows(RecurException.class, () -> Splits.sizes(List.of(2.0, -1.0), 10, WHERE));
    assertEquals("dataset 'x': split ratios must be non-negative numbers, got [2.0, -1.0]", e.getMessage());
  }

  @Test
  void rejectsMoreThanThreeRatios() {
    RecurException e = assertThrows(RecurException.class,
        () -> Splits.sizes(List.of(1.0, 1.0, 1.0, 1.0), 10, WHERE));
    assertEquals("dataset 'x': split expects 1 to 3 numbers [train, val, test], got [1.0, 1.0, 1.0, 1.0]",
        e.getMessage());
  }

  @Test
  void rejectsNoSamples() {
    RecurException e = assertThrows(RecurException.class, () -> Splits.sizes(List.of(1.0), 0, WHERE));
    assertEquals("dataset 'x': the dataset holds no samples", e.getMessage());
  }
}
