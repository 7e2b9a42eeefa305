package io.recur.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParallelismTest {
  @Test
  void outsideAScopeEverythingRunsOnTheCaller() {
    assertEquals(1, Parallelism.current());
    Set<Thread> seen = ConcurrentHashMap.newKeySet();
    Parallelism.forEach(4, i -> seen.add(Thread.currentThread()));
    assertEquals(Set.of(Thread.currentThread()), seen);
  }

  @Test
  void aScopeRunsEveryTaskOnceAndRestoresTheOuterScope() {
    try (Parallelism outer = Parallelism.open(2)) {
      assertEquals(2, Parallelism.current());
      try (Parallelism inner = Parallelism.open(3)) {
        assertEquals(3, Parallelism.current());
        for (int round = 0; round < 200; round++) {
          AtomicInteger[] hits = new AtomicInteger[7];
          for (int i = 0; i < hits.length; i++) {
            hits[i] = new AtomicInteger();
          }
          Parallelism.forEach(hits.length, i -> hits[i].incrementAndGet());
          for (AtomicInteger h : hits) {
            assertEquals(1, h.get());
          }
        }
      }
      assertEquals(2, Parallelism.current());
    }
    assertEquals(1, Parallelism.current());
  }

  @Test
  void tasksSeeOneThreadSoKernelsDoNotNest() {
    try (Parallelism p = Parallelism.open(2)) {
      Set<Integer> inside = ConcurrentHashMap.newKeySet();
      Parallelism.forEach(2, i -> inside.add(Parallelism.current()));
      assertEquals(Set.of(1), inside);
    }
  }

  @Test
  void aTaskFailureIsRethrownAfterAllTasksFinish() {
    try (Parallelism p = Parallelism.open(2)) {
      AtomicInteger done = new AtomicInteger();
      IllegalStateException e = assertThrows(IllegalStateException.class, () -> Parallelism.forEach(4, i -> {
        if (i == 1) {
          throw new IllegalStateException("task 1");
        }
        done.incrementAndGet();
      }));
      assertEquals("task 1", e.getMessage());
      assertEquals(3, done.get());
      // the scope still works afterwards
      AtomicInteger again = new AtomicInteger();
      Parallelism.forEach(3, i -> again.incrementAndGet());
      assertEquals(3, again.get());
    }
  }

  @Test
  void rejectsFewerThanOneThread() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Parallelism.open(0));
    assertTrue(e.getMessage().contains("threads must be >= 1, got 0"));
  }
}
