package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class StopSignalTest {
  /** Waits (bounded) until the signal reports a request: the shutdown hook has asked. */
  private static void awaitRequest(StopSignal signal) throws InterruptedException {
    for (int i = 0; i < 2000 && !signal.requested(); i++) {
      Thread.sleep(5);
    }
    assertTrue(signal.requested(), "the hook never asked for a stop");
  }

  @Test
  void nothingIsRequestedUntilTheHookAsks() {
    assertFalse(new StopSignal().requested());
  }

  @Test
  void theHookAsksThenWaitsUntilTheRunIsDone() throws Exception {
    StopSignal signal = new StopSignal();
    CountDownLatch returned = new CountDownLatch(1);
    Thread hook = new Thread(() -> {
      signal.requestAndWait();
      returned.countDown();
    });
    hook.start();
    awaitRequest(signal);
    // the run has not written its checkpoint yet: the hook must still be waiting
    assertFalse(returned.await(200, TimeUnit.MILLISECONDS), "the hook returned before the run was done");
    signal.done();
    assertTrue(returned.await(30, TimeUnit.SECONDS), "the hook did not return once the run was done");
    hook.join();
  }

  @Test
  void aRunThatHasAlreadyEndedIsNotAskedAndTheHookDoesNotWait() {
    StopSignal signal = new StopSignal();
    signal.done();
    signal.requestAndWait(); // would block for WAIT_SECONDS if it waited
    assertFalse(signal.requested(), "nothing left to stop");
  }

  @Test
  void anInterruptedHookStopsWaitingAndKeepsItsInterruptFlag() throws Exception {
    StopSignal signal = new StopSignal();
    AtomicBoolean interrupted = new AtomicBoolean();
    Thread hook = new Thread(() -> {
      signal.requestAndWait();
      interrupted.set(Thread.currentThread().isInterrupted());
    });
    hook.start();
    awaitRequest(signal);
    hook.interrupt();
    hook.join(TimeUnit.SECONDS.toMillis(30));
    assertFalse(hook.isAlive(), "the interrupted hook kept waiting");
    assertTrue(interrupted.get(), "the interrupt was swallowed");
  }
}
