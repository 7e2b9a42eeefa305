package io.recur.engine;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Lets a JVM shutdown (Ctrl-C, SIGTERM) ask a running training to checkpoint and stop: the
 * shutdown hook calls {@link #requestAndWait}, the training loop polls {@link #requested()}
 * between steps, and the run calls {@link #done()} when it has written its checkpoint (or ended
 * for any other reason). Thread-safe.
 */
final class StopSignal {
  /** How long a shutdown waits for the checkpoint: an epoch's evaluation may have to finish first. */
  static final long WAIT_SECONDS = 600;

  private volatile boolean requested;
  private final CountDownLatch done = new CountDownLatch(1);

  boolean requested() {
    return requested;
  }

  void done() {
    done.countDown();
  }

  /** From the shutdown hook: ask for a stop and wait until the run has wound down. */
  void requestAndWait() {
    if (done.getCount() == 0) {
      return;
    }
    requested = true;
    try {
      done.await(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
