package io.recur.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Each test uses lengths of its own, and takes back what it handed back, so none sees another's arrays. */
class RecycledArraysTest {
  private static final int N = RecycledArrays.MIN_LENGTH;

  private static float[] filled(int length, float value) {
    float[] a = new float[length];
    java.util.Arrays.fill(a, value);
    return a;
  }

  @Test
  void anArrayHandedBackIsHandedOutAgainZeroed() {
    float[] a = filled(N + 1, 7f);
    RecycledArrays.giveBack(a);
    float[] b = RecycledArrays.zeros(N + 1);
    assertTrue(a == b, "the array handed back");
    assertArrayEquals(new float[N + 1], b);
  }

  @Test
  void otherLengthsAndShortArraysGetNewOnes() {
    float[] a = filled(N + 2, 1f);
    RecycledArrays.giveBack(a);
    assertFalse(a == RecycledArrays.zeros(N + 3), "another length's array");
    float[] small = filled(N - 1, 1f);
    RecycledArrays.giveBack(small);
    float[] other = RecycledArrays.zeros(N - 1);
    assertFalse(small == other, "a short array");
    assertArrayEquals(new float[N - 1], other);
    assertTrue(a == RecycledArrays.zeros(N + 2), "the array handed back");
  }

  @Test
  void anArrayHandedBackTwiceIsHandedOutOnce() {
    float[] a = new float[N + 4];
    RecycledArrays.giveBack(a);
    RecycledArrays.giveBack(a);
    float[] first = RecycledArrays.zeros(N + 4);
    float[] second = RecycledArrays.zeros(N + 4);
    assertTrue(a == first, "the array handed back");
    assertFalse(first == second, "one array handed out twice");
  }

  @Test
  void aThreadKeepsAFewArraysOfALengthAndOnlyItsOwn() throws Exception {
    long before = RecycledArrays.heldOnThisThread();
    List<float[]> given = new ArrayList<>();
    for (int i = 0; i < RecycledArrays.PER_LENGTH + 2; i++) {
      float[] a = new float[N + 5];
      given.add(a);
      RecycledArrays.giveBack(a);
    }
    assertEquals(before + (long) RecycledArrays.PER_LENGTH * (N + 5), RecycledArrays.heldOnThisThread());
    float[] elsewhere = CompletableFuture.supplyAsync(() -> RecycledArrays.zeros(N + 5)).get();
    for (float[] a : given) {
      assertFalse(a == elsewhere, "another thread got this thread's array");
    }
    for (int i = 0; i < RecycledArrays.PER_LENGTH; i++) {
      RecycledArrays.zeros(N + 5);
    }
    assertEquals(before, RecycledArrays.heldOnThisThread());
  }

  @Test
  void intermediateGradientsAreHandedBackAfterBackward() {
    Tensor w = Tensor.parameter(N + 6);
    java.util.Arrays.fill(w.data(), 2f);
    // w·3 is an intermediate: its gradient is dropped, and handed back, once backward has used it
    long before = RecycledArrays.heldOnThisThread();
    w.scale(3f).sum().backward();
    assertEquals(before + N + 6, RecycledArrays.heldOnThisThread());
    float[] reused = RecycledArrays.zeros(N + 6);
    assertFalse(w.grad() == reused, "a parameter's gradient must stay the parameter's");
    assertArrayEquals(new float[N + 6], reused);
    float[] expected = filled(N + 6, 3f);
    assertArrayEquals(expected, w.grad());
  }
}
