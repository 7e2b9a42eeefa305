package io.recur.datasets.encoding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.spi.RecurException;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class StratifiedSplitsTest {
  private static int[] labels(int... perClass) {
    return IntStream.range(0, perClass.length).flatMap(c -> IntStream.generate(() -> c).limit(perClass[c])).toArray();
  }

  private static int[] counts(int[] labels, int[] indices, int classes) {
    int[] out = new int[classes];
    for (int i : indices) {
      out[labels[i]]++;
    }
    return out;
  }

  @Test
  void cutsEveryClassByTheRatios() {
    int[] labels = labels(100, 20, 7);
    Splits s = Splits.stratified(List.of(8.0, 1.0, 1.0), labels, new Well19937c(1), "test");
    // 7 samples: 5.6, 0.7, 0.7 → 5, 1, 1 (the leftovers go to the largest fractions)
    assertArrayEquals(new int[] {80, 16, 5}, counts(labels, s.train(), 3));
    assertArrayEquals(new int[] {10, 2, 1}, counts(labels, s.indices("val"), 3));
    assertArrayEquals(new int[] {10, 2, 1}, counts(labels, s.indices("test"), 3));
    int[] all = IntStream.concat(IntStream.concat(Arrays.stream(s.train()), Arrays.stream(s.indices("val"))),
        Arrays.stream(s.indices("test"))).sorted().toArray();
    assertArrayEquals(IntStream.range(0, labels.length).toArray(), all, "every sample exactly once");
  }

  @Test
  void isSeededAndMixesTheClasses() {
    int[] labels = labels(50, 50);
    Splits a = Splits.stratified(List.of(1.0), labels, new Well19937c(9), "test");
    Splits b = Splits.stratified(List.of(1.0), labels, new Well19937c(9), "test");
    assertArrayEquals(a.train(), b.train());
    int[] firstHalf = Arrays.copyOf(a.train(), 50);
    int[] c = counts(labels, firstHalf, 2);
    assertTrue(c[0] > 10 && c[1] > 10, "the train split is not ordered by class: " + Arrays.toString(c));
  }

  @Test
  void checksTheRatiosLikeShuffled() {
    RecurException e = assertThrows(RecurException.class,
        () -> Splits.stratified(List.of(0.0, 1.0), labels(3, 3), new Well19937c(1), "dataset 'x'"));
    assertEquals("dataset 'x': split [0.0, 1.0] of 6 samples leaves the training split empty; give train a larger"
        + " share or add samples", e.getMessage());
  }
}
