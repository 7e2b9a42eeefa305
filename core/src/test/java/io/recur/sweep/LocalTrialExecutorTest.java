package io.recur.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.registry.Registry;
import io.recur.spi.sweep.PortableTrial;
import io.recur.spi.sweep.TrialExecutor;
import io.recur.spi.sweep.TrialListener;
import io.recur.spi.sweep.TrialResult;
import io.recur.spi.sweep.TrialRunner;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The local executor: every trial once, at most {@code workers} at a time, the first internal failure rethrown. */
class LocalTrialExecutorTest {
  private static List<PortableTrial> trials(int n) {
    List<PortableTrial> trials = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      trials.add(new PortableTrial("t" + i, i, Map.of(), 1, "name: test\n", Map.of(), ".", "session"));
    }
    return trials;
  }

  private static TrialResult ok(PortableTrial t) {
    return TrialResult.failed(t, "not trained", 0); // the executor only passes results on
  }

  @Test
  void runsEveryTrialOnceWithAtMostWorkersAtATime() {
    AtomicInteger running = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    Set<String> ran = ConcurrentHashMap.newKeySet();
    List<String> heard = Collections.synchronizedList(new ArrayList<>());
    TrialRunner runner = t -> {
      most.accumulateAndGet(running.incrementAndGet(), Math::max);
      try {
        Thread.sleep(30);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      running.decrementAndGet();
      assertTrue(ran.add(t.id()), "ran twice: " + t.id());
      return ok(t);
    };
    TrialListener listener = new TrialListener() {
      @Override public void started(PortableTrial trial) {
        heard.add("start " + trial.id());
      }

      @Override public void finished(PortableTrial trial, TrialResult result) {
        heard.add("end " + result.id());
      }
    };
    new LocalTrialExecutor().run(trials(8), runner, new TrialExecutor.Settings(3, Map.of()), listener);
    assertEquals(8, ran.size());
    assertEquals(16, heard.size());
    assertEquals(3, most.get(), "trials at once");
  }

  @Test
  void theFirstInternalFailureEndsTheSweep() {
    IllegalStateException bug = new IllegalStateException("a bug");
    TrialRunner runner = t -> {
      if (t.index() == 1) {
        throw bug;
      }
      return ok(t);
    };
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> new LocalTrialExecutor()
        .run(trials(3), runner, new TrialExecutor.Settings(1, Map.of()), new TrialListener() {}));
    assertSame(bug, thrown);
  }

  @Test
  void isFoundByName() {
    Registry registry = Registry.discover(getClass().getClassLoader());
    assertEquals(LocalTrialExecutor.class, TrialExecutors.find("local", registry, "--executor").getClass());
    assertEquals("--executor: unknown trial executor 'spork'; known: local; an executor that is not built in comes "
            + "from a plugin (--plugins DIR), such as the Spark executor of docs/distributed.md",
        assertThrows(RuntimeException.class, () -> TrialExecutors.find("spork", registry, "--executor"))
            .getMessage());
  }
}
