package io.recur.model;

import io.recur.spi.RecurException;
import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.commons.math3.random.BitsStreamGenerator;
import org.apache.commons.math3.random.RandomGenerator;
import org.apache.commons.math3.random.Well19937c;

/**
 * Named random streams derived from one root seed. Each stream's seed is a hash of the root seed
 * and the stream's name, so adding a new consumer never shifts the numbers another one draws,
 * and the same experiment seed gives the same bits on any machine (Well19937c is pure Java).
 * One instance per experiment: nothing is shared between experiments in one JVM.
 *
 * <p>Checkpoints save every stream's exact position with {@link #state()} and put it back with
 * {@link #restore(Map)}, so a resumed run draws the same numbers an uninterrupted one would.
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
    return streams.computeIfAbsent(name, n -> new SavableWell(seedFor(seed, n)));
  }

  /**
   * Every stream created so far by name (sorted), its state as base64 text: the generator's
   * pool, its index and the cached second Gaussian of a Box–Muller pair.
   */
  public synchronized Map<String, String> state() {
    Map<String, String> out = new TreeMap<>();
    streams.forEach((name, g) -> out.put(name, ((SavableWell) g).save()));
    return out;
  }

  /**
   * Puts streams back where {@link #state()} found them, creating any that do not exist yet.
   *
   * @throws RecurException naming the stream when its saved state is malformed
   */
  public synchronized void restore(Map<String, String> saved) {
    for (Map.Entry<String, String> e : saved.entrySet()) {
      ((SavableWell) get(e.getKey())).load(e.getValue(), e.getKey());
    }
  }

  /**
   * Well19937c whose state can be read and written. The pool and index are protected fields of
   * AbstractWell; the cached Gaussian is private in BitsStreamGenerator and read reflectively,
   * which works because Commons Math is on the class path, not a named module.
   */
  private static final class SavableWell extends Well19937c {
    private static final long serialVersionUID = 1L;
    private static final Field NEXT_GAUSSIAN = gaussianField();

    SavableWell(int[] seed) {
      super(seed);
    }

    String save() {
      ByteBuffer b = ByteBuffer.allocate((3 + v.length) * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
      b.putInt(index);
      b.putLong(Double.doubleToRawLongBits(gaussian()));
      for (int x : v) {
        b.putInt(x);
      }
      return Base64.getEncoder().encodeToString(b.array());
    }

    void load(String text, String name) {
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(text);
      } catch (IllegalArgumentException e) {
        throw new RecurException("random stream '" + name + "': saved state is not base64");
      }
      if (bytes.length != (3 + v.length) * Integer.BYTES) {
        throw new RecurException("random stream '" + name + "': saved state has " + bytes.length + " bytes, expected "
            + (3 + v.length) * Integer.BYTES);
      }
      ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
      int i = b.getInt();
      if (i < 0 || i >= v.length) {
        throw new RecurException("random stream '" + name + "': saved index " + i + " is outside 0.." + (v.length - 1));
      }
      double g = Double.longBitsToDouble(b.getLong());
      index = i;
      for (int k = 0; k < v.length; k++) {
        v[k] = b.getInt();
      }
      setGaussian(g);
    }

    private double gaussian() {
      try {
        return NEXT_GAUSSIAN.getDouble(this);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot read the random generator's state", e);
      }
    }

    private void setGaussian(double g) {
      try {
        NEXT_GAUSSIAN.setDouble(this, g);
      } catch (IllegalAccessException e) {
        throw new IllegalStateException("cannot restore the random generator's state", e);
      }
    }

    private static Field gaussianField() {
      try {
        Field f = BitsStreamGenerator.class.getDeclaredField("nextGaussian");
        f.setAccessible(true);
        return f;
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("this Commons Math has no BitsStreamGenerator.nextGaussian; checkpoints"
            + " cannot save random streams", e);
      }
    }
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
