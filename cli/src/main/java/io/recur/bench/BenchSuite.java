package io.recur.bench;

import io.recur.bench.PeerSuite.Case;
import io.recur.bench.PeerSuite.Result;
import java.util.List;

/** A suite of {@code recur bench}: its cases, in report order, and how one of them runs. */
public interface BenchSuite {
  List<Case> cases();

  /** Runs one case on the calling thread's {@link io.recur.tensor.Parallelism} scope. */
  Result run(Case c, int threads);

  /** The case called {@code name}, or null. */
  default Case find(String name) {
    return cases().stream().filter(c -> c.name().equals(name)).findFirst().orElse(null);
  }
}
