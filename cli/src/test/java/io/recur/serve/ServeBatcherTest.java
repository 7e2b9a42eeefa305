package io.recur.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.api.Prediction;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** {@link DynamicBatcher} with a stand-in model: grouping, limits, order, and a batch that cannot be computed. */
class ServeBatcherTest {
  /** Answers each item with a transduction of itself, and records every batch it runs. */
  private static final class FakeModel implements Function<List<String>, List<Prediction>> {
    final List<List<String>> batches = new CopyOnWriteArrayList<>();
    final CountDownLatch release;

    FakeModel(CountDownLatch release) {
      this.release = release;
    }

    @Override
    public List<Prediction> apply(List<String> items) {
      try {
        release.await();
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      batches.add(List.copyOf(items));
      if (items.contains("boom")) {
        throw new OutOfMemoryError("a batch too big to compute");
      }
      List<Prediction> out = new ArrayList<>();
      for (String item : items) {
        out.add(new Prediction.Transduction(item, item.toUpperCase()));
      }
      return out;
    }
  }

  private static List<String> outputs(CompletableFuture<List<Prediction>> f) throws Exception {
    List<String> out = new ArrayList<>();
    for (Prediction p : f.get(10, TimeUnit.SECONDS)) {
      out.add(((Prediction.Transduction) p).output());
    }
    return out;
  }

  @Test
  void requestsWaitingTogetherShareOneForwardPassAndGetTheirOwnRows() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeModel model = new FakeModel(release);
    DynamicBatcher batcher = new DynamicBatcher(model, 100, 8, TimeUnit.MILLISECONDS.toNanos(50), size -> { }, () -> 1);
    // the first request blocks the model, so the rest queue up behind it
    CompletableFuture<List<Prediction>> first = batcher.submit(List.of("a"));
    Thread.sleep(100);
    List<CompletableFuture<List<Prediction>>> rest = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rest.add(batcher.submit(List.of("x" + i, "y" + i)));
    }
    release.countDown();
    assertEquals(List.of("A"), outputs(first));
    for (int i = 0; i < 6; i++) {
      assertEquals(List.of("X" + i, "Y" + i), outputs(rest.get(i)));
    }
    // 12 waiting items in requests of 2, at most 8 a batch, never splitting a request: 8 then 4
    assertEquals(List.of(1, 8, 4), model.batches.stream().map(List::size).toList());
    batcher.stop(1000);
  }

  @Test
  void withNoRequestOnItsWayInABatchDoesNotWait() throws Exception {
    FakeModel model = new FakeModel(new CountDownLatch(0));
    DynamicBatcher batcher = new DynamicBatcher(model, 100, 32, TimeUnit.SECONDS.toNanos(5), size -> { }, () -> 0);
    long start = System.nanoTime();
    assertEquals(List.of("A"), outputs(batcher.submit(List.of("a"))));
    assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(4), "waited for the whole delay");
    batcher.stop(1000);
  }

  @Test
  void aRequestLargerThanTheBatchRunsAloneAndAFullQueueRefuses() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeModel model = new FakeModel(release);
    DynamicBatcher batcher = new DynamicBatcher(model, 2, 4, 0, size -> { }, () -> 1);
    CompletableFuture<List<Prediction>> big = batcher.submit(Collections.nCopies(10, "b"));
    Thread.sleep(100); // taken by the batcher, which now waits in the model
    CompletableFuture<List<Prediction>> second = batcher.submit(List.of("c"));
    CompletableFuture<List<Prediction>> third = batcher.submit(List.of("d"));
    assertNull(batcher.submit(List.of("e")), "a third waiting request does not fit a queue of 2");
    release.countDown();
    assertEquals(Collections.nCopies(10, "B"), outputs(big));
    assertEquals(List.of("C"), outputs(second));
    assertEquals(List.of("D"), outputs(third));
    assertEquals(10, model.batches.get(0).size());
    batcher.stop(1000);
  }

  @Test
  void aBatchThatCannotBeComputedFailsOnlyTheRequestThatCausesIt() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    FakeModel model = new FakeModel(release);
    List<Integer> sizes = new CopyOnWriteArrayList<>();
    DynamicBatcher batcher = new DynamicBatcher(model, 100, 64, TimeUnit.MILLISECONDS.toNanos(50), sizes::add, () -> 1);
    CompletableFuture<List<Prediction>> blocker = batcher.submit(List.of("a"));
    Thread.sleep(100);
    CompletableFuture<List<Prediction>> before = batcher.submit(List.of("p", "q"));
    CompletableFuture<List<Prediction>> bad = batcher.submit(List.of("r", "boom"));
    CompletableFuture<List<Prediction>> after = batcher.submit(List.of("s"));
    release.countDown();
    assertEquals(List.of("A"), outputs(blocker));
    assertEquals(List.of("P", "Q"), outputs(before));
    assertEquals(List.of("S"), outputs(after));
    ExecutionException e = assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertInstanceOf(OutOfMemoryError.class, e.getCause());
    // the shared batch failed, then each request ran alone
    assertEquals(List.of(List.of("a"), List.of("p", "q", "r", "boom", "s"), List.of("p", "q"), List.of("r", "boom"),
        List.of("s")), model.batches);
    assertEquals(List.of(1, 2, 1), sizes);
    // and the batcher goes on
    assertEquals(List.of("T"), outputs(batcher.submit(List.of("t"))));
    batcher.stop(1000);
    assertTrue(batcher.waiting() == 0);
  }
}
