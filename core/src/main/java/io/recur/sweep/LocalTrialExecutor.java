package io.recur.sweep;

import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialRunner;
import java.util.List;
import java.util.concurrent.CompletionService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorCompletionService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs trials in this JVM, {@code workers} at a time, started in the sweep's order. Each trial is
 * self-contained (its own injector and random streams), so the results are the same bits with
 * one worker or many; only which trials overlap in time changes.
 */
public final class LocalTrialExecutor implements TrialExecutor {
  public static final String NAME = "local";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String doc() {
    return "runs trials in this process, --workers at a time (the default)";
  }

  @Override
  public void run(List<PortableTrial> trials, TrialRunner runner, Settings settings, TrialListener listener) {
    if (trials.isEmpty()) {
      return;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(settings.workers(), trials.size()), threads());
    try {
      CompletionService<Void> done = new ExecutorCompletionService<>(pool);
      for (PortableTrial t : trials) {
        done.submit(() -> {
          listener.started(t);
          TrialResult result = runner.run(t);
          listener.finished(t, result);
          return null;
        });
      }
      for (int i = 0; i < trials.size(); i++) {
        try {
          done.take().get();
        } catch (ExecutionException e) {
          // stop starting trials; those running finish on their daemon threads or die with the JVM
          pool.shutdownNow();
          Throwable cause = e.getCause();
          if (cause instanceof RuntimeException r) {
            throw r;
          }
          if (cause instanceof Error err) {
            throw err;
          }
          throw new IllegalStateException(cause);
        }
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for trials", e);
    } finally {
      pool.shutdown();
    }
  }

  /** Daemon threads, so that an abandoned trial never keeps the JVM alive after the sweep gives up. */
  private static ThreadFactory threads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "recur-trial-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
