package io.recur.engine;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Named random streams derived from one root seed. Each stream's seed is a hash of the root seed
 * and the stream's name, so adding a new consumer never shifts the numbers another one draws,
 * and the same experiment seed gives the same bits on any machine (Well19937c is pure Java).
 * One instance per experiment: nothing is shared between experiments in one JVM.
 */
public final class RandomStreams {
  /** Parameter initialisation. */
  public static final String INIT = "init";
  /** Mini-batch order. */
  public static final String SHUFFLE = "shuffle";
  /** Dropout masks. */
  public static final String DROPOUT = "dropout";
  /** Synthetic data generation and the split shuffle. */
  public static final String DATA = "data";
  /** Sampling from a trained model. */
  public static final String SAMPLING = "sampling";

  private final long seed;
  private final Map<String, RandomGenerator> streams = new HashMap<>();

  public RandomStreams(long seed) {
    this.seed = seed;
  }

  public long seed() {
    return seed;
  }

  /** The stream called {@code name}, created on first use and then shared by every caller. */
  public synchronized RandomGenerator get(String name) {
    return streams.computeIfAbsent(name, n -> new Well19937c(seedFor(seed, n)));
  }

  /** A fresh, unshared stream for {@code name} (e.g. per-request sampling with its own seed). */
  public static RandomGenerator fresh(long seed, String name) {
    return new Well19937c(seedFor(seed, name));
  }

  private static int[] seedFor(long seed, String name) {
    try {
      byte[] h = MessageDigest.getInstance("SHA-256")
          .digest((seed + "/" + name).getBytes(StandardCharsets.UTF_8));
      int[] out = new int[8];
      for (int i = 0; i < 8; i++) {
        out[i] = (h[4 * i] & 0xff) << 24 | (h[4 * i + 1] & 0xff) << 16 | (h[4 * i + 2] & 0xff) << 8 | (h[4 * i + 3] & 0xff);
      }
      return out;
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
