package io.recur.engine;

import io.recur.checkpoint.CheckpointFile;
import io.recur.model.Fitting;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.schedule.LrSchedule;
import io.recur.spi.Optimizer;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a training checkpoint holds and how it goes back into a run. Tensors: the weights as
 * {@code model.<layer>.<param>}, the optimizer state as {@code optimizer.<param>.<slot>}, the
 * data order as {@value #ORDER}, the states carried from batch to batch with {@code
 * training.carry_state} as {@code trainer.carried.<layer>.<state>} (so a run resumed mid-epoch
 * continues the streams exactly), and a counted model's fitted state as {@code
 * fitted.<layer>.<name>} (see {@link Fitting}). Metadata: the {@link Progress} fields, the learning rate, every
 * random stream ({@code rng.<name>}), the schedule's state ({@code schedule.<key>}), the length
 * and sha256 of metrics.jsonl at that moment, and the config hash. Doubles are stored as their
 * exact bits, so a resumed run compares and computes exactly as the original did.
 */
final class TrainingCheckpoint {
  static final String MODEL = "model.";
  static final String OPTIMIZER = "optimizer.";
  static final String ORDER = "trainer.order";
  static final String CARRIED = "trainer.carried.";
  static final String FITTED = "fitted.";
  static final String EPOCH = "epoch";
  static final String BATCH = "batch";
  static final String EPOCH_STARTED = "epoch_started";
  static final String STEP = "step";
  static final String FINISHED = "finished";
  static final String STOP_REASON = "stop_reason";
  static final String LEARNING_RATE = "learning_rate";
  static final String BEST_VALUE = "best_value";
  static final String BEST_EPOCH = "best_epoch";
  static final String WITHOUT_IMPROVEMENT = "epochs_without_improvement";
  static final String RNG = "rng.";
  static final String SCHEDULE = "schedule.";
  static final String METRICS_BYTES = "metrics_bytes";
  static final String METRICS_SHA256 = "metrics_sha256";
  static final String CONFIG_HASH = "config_hash";
  /** The run's training.epochs when the checkpoint was written: a run may be continued to more. */
  static final String EPOCHS = "epochs";

  /** Float32 holds every integer up to 2^24 exactly; larger orders would not round-trip. */
  private static final int MAX_SAMPLES = 1 << 24;

  private TrainingCheckpoint() {}

  static Map<String, Tensor> tensors(Model model, Optimizer optimizer, Progress p) {
    Map<String, Tensor> t = new LinkedHashMap<>();
    model.parameters().forEach((k, v) -> t.put(MODEL + k, v));
    optimizer.state().forEach((k, v) -> t.put(OPTIMIZER + k, v));
    if (p.order.length > MAX_SAMPLES) {
      throw new RecurException("checkpoints hold the data order of at most " + MAX_SAMPLES + " training samples, this"
          + " run has " + p.order.length);
    }
    float[] order = new float[p.order.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = p.order[i];
    }
    t.put(ORDER, Tensor.of(order, order.length));
    p.carried.forEach((k, v) -> t.put(CARRIED + k, v));
    Fitting.state(model).forEach((k, v) -> t.put(FITTED + k, v));
    return t;
  }

  static Map<String, String> metadata(Progress p, Optimizer optimizer, RandomStreams streams, LrSchedule schedule,
      long metricsBytes, String metricsSha256, String configHash, int epochs) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(CONFIG_HASH, configHash);
    m.put(EPOCHS, Integer.toString(epochs));
    m.put(EPOCH, Integer.toString(p.epoch));
    m.put(BATCH, Integer.toString(p.batch));
    m.put(EPOCH_STARTED, Boolean.toString(p.epochStarted));
    m.put(STEP, Long.toString(p.step));
    m.put(FINISHED, Boolean.toString(p.finished));
    if (p.stopReason != null) {
      m.put(STOP_REASON, p.stopReason);
    }
    m.put(LEARNING_RATE, bits(optimizer.learningRate()));
    m.put(BEST_VALUE, bits(p.bestValue));
    m.put(BEST_EPOCH, Integer.toString(p.bestEpoch));
    m.put(WITHOUT_IMPROVEMENT, Integer.toString(p.epochsWithoutImprovement));
    streams.state().forEach((k, v) -> m.put(RNG + k, v));
    schedule.state().forEach((k, v) -> m.put(SCHEDULE + k, v));
    m.put(METRICS_BYTES, Long.toString(metricsBytes));
    m.put(METRICS_SHA256, metricsSha256);
    return m;
  }

  /**
   * Checks that {@code c} fits this run before anything is restored: the config hash, every
   * weight and optimizer tensor by name and shape, and a data order that is a permutation of the
   * training split.
   *
   * @throws RecurException naming the file and the tensor or entry that does not fit
   */
  static void check(CheckpointFile.Contents c, Model model, Optimizer optimizer, int trainSize, String configHash) {
    String hash = c.require(CONFIG_HASH);
    if (!hash.equals(configHash)) {
      throw new RecurException(c.file() + ": written for config " + hash + ", this run's config is " + configHash);
    }
    Map<String, Tensor> expected = new LinkedHashMap<>();
    model.parameters().forEach((k, v) -> expected.put(MODEL + k, v));
    optimizer.state().forEach((k, v) -> expected.put(OPTIMIZER + k, v));
    for (Map.Entry<String, Tensor> e : expected.entrySet()) {
      Tensor saved = c.tensors().get(e.getKey());
      if (saved == null) {
        throw new RecurException(c.file() + ": tensor '" + e.getKey() + "' is missing");
      }
      if (!Arrays.equals(saved.shape(), e.getValue().shape())) {
        throw new RecurException(c.file() + ": tensor '" + e.getKey() + "' has shape " + Shape.toString(saved.shape())
            + ", this run expects " + Shape.toString(e.getValue().shape()));
      }
    }
    TreeSet<String> extra = new TreeSet<>(c.tensors().keySet());
    extra.removeAll(expected.keySet());
    extra.remove(ORDER);
    // shapes of carried states follow the batch, those of fitted state the data: restore checks them
    extra.removeIf(k -> k.startsWith(CARRIED) || k.startsWith(FITTED));
    if (!extra.isEmpty()) {
      throw new RecurException(c.file() + ": tensors " + extra + " do not belong to this run's model or optimizer");
    }
    order(c, trainSize);
    for (String key : new String[] {EPOCH, BATCH, EPOCH_STARTED, STEP, FINISHED, LEARNING_RATE, BEST_VALUE,
        BEST_EPOCH, WITHOUT_IMPROVEMENT, METRICS_BYTES, METRICS_SHA256}) {
      c.require(key);
    }
    integer(c, EPOCH);
    integer(c, BATCH);
    long step = longValue(c, STEP);
    if (step < 0) {
      throw new RecurException(c.file() + ": entry '" + STEP + "' is negative");
    }
    doubleBits(c, LEARNING_RATE);
  }

  /**
   * Writes the checkpoint's weights, optimizer state, random streams and schedule state into
   * the run, and returns its progress (without history: that comes from metrics.jsonl).
   */
  static Progress restore(CheckpointFile.Contents c, Model model, Optimizer optimizer, RandomStreams streams,
      LrSchedule schedule) {
    model.parameters().forEach((k, v) -> copy(c.tensors().get(MODEL + k), v));
    Map<String, Tensor> fitted = new LinkedHashMap<>();
    Map<String, Tensor> carried = new LinkedHashMap<>();
    c.tensors().forEach((k, v) -> {
      if (k.startsWith(FITTED)) {
        fitted.put(k.substring(FITTED.length()), v);
      } else if (k.startsWith(CARRIED)) {
        carried.put(k.substring(CARRIED.length()), v);
      }
    });
    if (Fitting.fitted(model)) {
      Fitting.load(model, fitted, c.file().toString());
    }
    optimizer.state().forEach((k, v) -> copy(c.tensors().get(OPTIMIZER + k), v));
    Map<String, String> rng = new LinkedHashMap<>();
    Map<String, String> sched = new LinkedHashMap<>();
    c.metadata().forEach((k, v) -> {
      if (k.startsWith(RNG)) {
        rng.put(k.substring(RNG.length()), v);
      } else if (k.startsWith(SCHEDULE)) {
        sched.put(k.substring(SCHEDULE.length()), v);
      }
    });
    try {
      streams.restore(rng);
    } catch (RecurException e) {
      throw new RecurException(c.file() + ": " + e.getMessage(), e);
    }
    if (!sched.isEmpty()) {
      schedule.restore(sched, c.file().toString());
    }
    optimizer.setLearningRate(doubleBits(c, LEARNING_RATE));
    int[] order = order(c, -1);
    Progress p = new Progress(0);
    p.order = order;
    p.epoch = integer(c, EPOCH);
    p.batch = integer(c, BATCH);
    p.epochStarted = Boolean.parseBoolean(c.require(EPOCH_STARTED));
    p.step = longValue(c, STEP);
    p.finished = Boolean.parseBoolean(c.require(FINISHED));
    p.stopReason = c.metadata().get(STOP_REASON);
    p.bestValue = doubleBits(c, BEST_VALUE);
    p.bestEpoch = integer(c, BEST_EPOCH);
    p.epochsWithoutImprovement = integer(c, WITHOUT_IMPROVEMENT);
    p.carried.putAll(carried);
    return p;
  }

  /** The epochs the checkpoint's run was configured for, or -1 for a checkpoint that does not record it. */
  static int epochs(CheckpointFile.Contents c) {
    String v = c.metadata().get(EPOCHS);
    if (v == null) {
      return -1;
    }
    try {
      return Integer.parseInt(v);
    } catch (NumberFormatException e) {
      throw new RecurException(c.file() + ": entry '" + EPOCHS + "' = '" + v + "' is not an integer");
    }
  }

  static long metricsBytes(CheckpointFile.Contents c) {
    return longValue(c, METRICS_BYTES);
  }

  static String metricsSha256(CheckpointFile.Contents c) {
    return c.require(METRICS_SHA256);
  }

  private static void copy(Tensor from, Tensor to) {
    System.arraycopy(from.data(), 0, to.data(), 0, to.size());
  }

  /** The saved order, checked to be a permutation of {@code 0..n-1} ({@code n} = trainSize unless -1). */
  private static int[] order(CheckpointFile.Contents c, int trainSize) {
    Tensor t = c.tensors().get(ORDER);
    if (t == null) {
      throw new RecurException(c.file() + ": tensor '" + ORDER + "' is missing");
    }
    int n = t.size();
    if (t.rank() != 1 || (trainSize >= 0 && n != trainSize)) {
      throw new RecurException(c.file() + ": tensor '" + ORDER + "' has shape " + Shape.toString(t.shape())
          + ", this run expects [" + trainSize + "] (one index per training sample)");
    }
    int[] order = new int[n];
    boolean[] seen = new boolean[n];
    float[] d = t.data();
    for (int i = 0; i < n; i++) {
      int k = (int) d[i];
      if (k != d[i] || k < 0 || k >= n || seen[k]) {
        throw new RecurException(c.file() + ": tensor '" + ORDER + "' is not a permutation of the training samples"
            + " (value " + d[i] + " at " + i + ")");
      }
      seen[k] = true;
      order[i] = k;
    }
    return order;
  }

  private static int integer(CheckpointFile.Contents c, String key) {
    long v = longValue(c, key);
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new RecurException(c.file() + ": entry '" + key + "' = " + v + " is out of range");
    }
    return (int) v;
  }

  private static long longValue(CheckpointFile.Contents c, String key) {
    String v = c.require(key);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new RecurException(c.file() + ": entry '" + key + "' = '" + v + "' is not an integer");
    }
  }

  private static String bits(double d) {
    return Long.toHexString(Double.doubleToRawLongBits(d));
  }

  private static double doubleBits(CheckpointFile.Contents c, String key) {
    String v = c.require(key);
    try {
      return Double.longBitsToDouble(Long.parseUnsignedLong(v, 16));
    } catch (NumberFormatException e) {
      throw new RecurException(c.file() + ": entry '" + key + "' = '" + v + "' is not a number's hex bits");
    }
  }
}
