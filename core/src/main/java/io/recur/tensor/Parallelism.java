package io.recur.tensor;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A scope in which the kernels of the calling thread may use more than one CPU thread:
 *
 * <pre>{@code
 * try (Parallelism p = Parallelism.open(2)) {
 *   trainer.fit(...);          // matrix products and fused cells split across 2 threads
 * }
 * }</pre>
 *
 * <p>The scope belongs to the thread that opened it (a thread-local, restored on {@link
 * #close()}); code on other threads, the pool's own workers included, runs single-threaded, so
 * kernels never nest pools. Outside any scope everything runs on the calling thread.
 *
 * <p>Determinism: kernels split work into a fixed partition of output blocks (rows or columns),
 * never the reduction over k, and every output element is computed by one task in one fixed
 * order. So results are the same bits on 1, 2 or any number of threads; the thread count only
 * changes which thread computes a block.
 *
 * <p>EXPERIMENTAL (issue 7). Not thread-safe: one scope serves one thread. Workers are daemon threads that spin briefly
 * after a task (the recurrent loop issues one parallel product per time step) and then park.
 */
public final class Parallelism implements AutoCloseable {
  private static final ThreadLocal<Parallelism> CURRENT = new ThreadLocal<>();
  /**
   * How long an idle worker (or the waiting caller) spins before it parks: 1 ms outlasts the
   * short serial stretches between a layer's parallel parts (packing a weight, adding a bias), so
   * a worker is awake for the next part instead of waking after the caller has run it alone.
   */
  private static final long SPIN_NANOS = 1_000_000;

  private final int threads;
  private final Thread owner;
  private final Parallelism previous;
  private final Worker[] workers;

  // the job being run: written by the owner before it bumps `generation`
  private volatile IntConsumer job;
  private volatile int tasks;
  private final AtomicInteger next = new AtomicInteger();
  private final AtomicInteger done = new AtomicInteger();
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile long generation;
  private volatile boolean closed;
  /** True while the owner runs a job: a task that calls a kernel then gets one thread, no nesting. */
  private boolean running;

  private Parallelism(int threads) {
    this.threads = threads;
    this.owner = Thread.currentThread();
    this.previous = CURRENT.get();
    this.workers = new Worker[threads - 1];
    for (int i = 0; i < workers.length; i++) {
      workers[i] = new Worker(i + 1);
      workers[i].start();
    }
  }

  /**
   * Opens a scope of {@code threads} compute threads (the caller plus {@code threads − 1}
   * workers) for the calling thread, until {@link #close()}.
   *
   * @throws IllegalArgumentException when {@code threads < 1}
   */
  public static Parallelism open(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, got " + threads);
    }
    Parallelism p = new Parallelism(threads);
    CURRENT.set(p);
    return p;
  }

  /**
   * The compute threads available to the calling thread: its scope's size, or 1 outside a
   * scope and inside a task of {@link #forEach}.
   */
  public static int current() {
    Parallelism p = CURRENT.get();
    return p == null || p.running || p.closed ? 1 : p.threads;
  }

  /** This scope's number of threads. */
  public int threads() {
    return threads;
  }

  /** Ends the scope: the workers stop and the enclosing scope (if any) is current again. */
  @Override
  public void close() {
    if (Thread.currentThread() != owner) {
      throw new IllegalStateException("a Parallelism scope must be closed by the thread that opened it");
    }
    if (closed) {
      return;
    }
    closed = true;
    for (Worker w : workers) {
      LockSupport.unpark(w);
    }
    if (previous == null) {
      CURRENT.remove();
    } else {
      CURRENT.set(previous);
    }
  }

  /**
   * Runs {@code task.accept(i)} for every {@code i} in {@code [0, count)}, spread over the
   * calling thread's scope when it has more than one thread, else in order on the calling
   * thread. Tasks must write disjoint outputs, and for deterministic results each output must
   * not depend on which task or thread computes it. Kernels called inside a task run on that
   * task's thread only. The first exception thrown by a task is rethrown once every task has
   * finished.
   */
  public static void forEach(int count, IntConsumer task) {
    Parallelism p = CURRENT.get();
    if (p == null || p.threads == 1 || count <= 1 || p.closed || p.running) {
      for (int i = 0; i < count; i++) {
        task.accept(i);
      }
      return;
    }
    p.run(count, task);
  }

  private void run(int count, IntConsumer task) {
    running = true;
    try {
      dispatch(count, task);
    } finally {
      running = false;
    }
  }

  private void dispatch(int count, IntConsumer task) {
    failure.set(null);
    job = task;
    tasks = count;
    done.set(0);
    next.set(0);
    generation++;
    for (Worker w : workers) {
      if (w.parked) {
        LockSupport.unpark(w);
      }
    }
    work();
    long spinUntil = System.nanoTime() + SPIN_NANOS;
    while (done.get() < count) {
      if (System.nanoTime() < spinUntil) {
        Thread.onSpinWait();
      } else {
        LockSupport.parkNanos(this, 20_000);
      }
    }
    job = null;
    Throwable t = failure.get();
    if (t != null) {
      failure.set(null);
      if (t instanceof RuntimeException r) {
        throw r;
      }
      if (t instanceof Error e) {
        throw e;
      }
      throw new IllegalStateException(t);
    }
  }

  /** Claims and runs tasks of the current job until none is left. */
  private void work() {
    while (true) {
      int i = next.getAndIncrement();
      int count = tasks;
      IntConsumer j = job;
      if (i >= count || j == null) {
        return;
      }
      try {
        j.accept(i);
      } catch (Throwable t) {
        failure.compareAndSet(null, t);
      }
      if (done.incrementAndGet() == count) {
        LockSupport.unpark(owner);
      }
    }
  }

  private final class Worker extends Thread {
    volatile boolean parked;

    Worker(int index) {
      super("recur-compute-" + index);
      setDaemon(true);
    }

    @Override
    public void run() {
      long seen = generation;
      while (!closed) {
        long spinUntil = System.nanoTime() + SPIN_NANOS;
        while (generation == seen && !closed) {
          if (System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
          } else {
            parked = true;
            // re-check after announcing: the owner unparks only threads that say they park
            if (generation == seen && !closed) {
              LockSupport.park(Parallelism.this);
            }
            parked = false;
          }
        }
        seen = generation;
        work();
      }
    }
  }
}
