package io.recur.serve;

import static java.util.Objects.requireNonNull;

import io.recur.api.Prediction;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Groups the items of requests that arrive together into one forward pass. Requests wait in a
 * bounded queue; one thread takes the first, then whatever else is already waiting, then waits
 * for more until {@code maxBatch} items are gathered or {@code maxDelay} has passed since it took
 * the first (the pattern of djl-serving's BatchAggregator), runs them as one call of the model and
 * hands every request its own rows.
 *
 * <p>The wait is skipped when no request is on its way in (being read or checked by a handler):
 * with one client, or clients that all wait for this very batch, waiting would only add latency.
 *
 * <p>A request is never split: one whose items would overflow the batch starts the next one
 * (a request larger than {@code maxBatch} runs alone, and the model cuts it into its own batches).
 * Requests are validated before they are submitted, so a batch fails only when the model cannot
 * compute it (memory, an unexpected exception); then each of its requests is run again alone,
 * so only a request that fails by itself gets the error. This relies on an answer not depending
 * on the other items of its batch, which {@link io.recur.api.RecurModel} guarantees.
 */
final class DynamicBatcher {
  /** One request's items and where its answers go. */
  private record Job(List<String> items, CompletableFuture<List<Prediction>> answers) {}

  private final Function<List<String>, List<Prediction>> model;
  private final ArrayBlockingQueue<Job> queue;
  private final int maxBatch;
  private final long maxDelayNanos;
  private final IntConsumer batchSizes;
  private final IntSupplier arriving;
  private final Thread thread;
  private volatile boolean stopping;
  /** A job taken from the queue that did not fit the last batch; it starts the next. Batcher thread only. */
  private Job carried;

  /**
   * @param model runs one batch: the answers of the items, in order
   * @param queueCapacity requests that may wait; more are refused
   * @param maxBatch the most items of one forward pass (unless one request alone has more)
   * @param maxDelayNanos how long the first request of a batch waits for others
   * @param batchSizes told the item count of every forward pass, for the metrics
   * @param arriving requests being received (read, parsed, checked) and not yet submitted: while
   *     there are none, no other request can join soon, and a batch does not wait for one
   */
  DynamicBatcher(Function<List<String>, List<Prediction>> model, int queueCapacity, int maxBatch, long maxDelayNanos,
      IntConsumer batchSizes, IntSupplier arriving) {
    this.model = requireNonNull(model, "model is null");
    this.queue = new ArrayBlockingQueue<>(queueCapacity);
    this.maxBatch = maxBatch;
    this.maxDelayNanos = maxDelayNanos;
    this.batchSizes = requireNonNull(batchSizes, "batchSizes is null");
    this.arriving = requireNonNull(arriving, "arriving is null");
    this.thread = new Thread(this::loop, "recur-batcher");
    thread.setDaemon(true);
    thread.start();
  }

  /**
   * Queues a request's items (already checked by the model).
   *
   * @return the future of its answers, in the items' order; {@code null} when the queue is full
   */
  CompletableFuture<List<Prediction>> submit(List<String> items) {
    Job job = new Job(List.copyOf(items), new CompletableFuture<>());
    return queue.offer(job) ? job.answers() : null;
  }

  /** Requests waiting for a batch. */
  int waiting() {
    return queue.size();
  }

  int capacity() {
    return queue.size() + queue.remainingCapacity();
  }

  /** Runs what is queued, then stops the thread; waits at most {@code millis} for it. */
  void stop(long millis) throws InterruptedException {
    stopping = true;
    thread.join(millis);
  }

  private void loop() {
    try {
      while (!(stopping && carried == null && queue.isEmpty())) {
        List<Job> batch = gather();
        if (!batch.isEmpty()) {
          run(batch);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One batch: the first request (waited for), then others until the batch is full or the delay is over. */
  private List<Job> gather() throws InterruptedException {
    List<Job> batch = new ArrayList<>();
    Job first = carried;
    carried = null;
    if (first == null) {
      // a bounded wait, so the thread sees stop() even when no request comes
      first = queue.poll(50, TimeUnit.MILLISECONDS);
      if (first == null) {
        return batch;
      }
    }
    batch.add(first);
    int items = first.items().size();
    long deadline = System.nanoTime() + maxDelayNanos;
    while (items < maxBatch) {
      Job next = queue.poll(); // what is already waiting joins at once
      if (next == null) {
        long left = deadline - System.nanoTime();
        // a lone client would otherwise pay the whole delay on every request for nothing
        if (left <= 0 || stopping || arriving.getAsInt() == 0) {
          break;
        }
        next = queue.poll(left, TimeUnit.NANOSECONDS);
        if (next == null) {
          break;
        }
      }
      if (items + next.items().size() > maxBatch) {
        carried = next;
        break;
      }
      batch.add(next);
      items += next.items().size();
    }
    return batch;
  }

  private void run(List<Job> batch) {
    List<String> items = new ArrayList<>();
    for (Job job : batch) {
      items.addAll(job.items());
    }
    List<Prediction> answers;
    try {
      answers = model.apply(items);
    } catch (Throwable t) { // OutOfMemoryError included: the server outlives a batch it cannot compute
      if (batch.size() == 1) {
        batch.get(0).answers().completeExceptionally(t);
      } else {
        // which request is to blame is unknown: each runs again alone, so only that one fails
        for (Job job : batch) {
          run(List.of(job));
        }
      }
      return;
    }
    batchSizes.accept(items.size());
    int from = 0;
    for (Job job : batch) {
      int to = from + job.items().size();
      job.answers().complete(List.copyOf(answers.subList(from, to)));
      from = to;
    }
  }
}
