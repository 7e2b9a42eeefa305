package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.builtin.optim.GradientClipping;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The training loop: seeded shuffling, mini-batches (zero-grad, forward, loss, backward, clip,
 * step), then evaluation of every split each epoch. Everything random comes from the streams it
 * is given, so the same inputs give the same bits.
 */
public final class Trainer {
  /** The loop's settings, read from the {@code training:} section. */
  public record Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm) {}

  private final Model model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<Metric> metrics;
  private final Settings settings;
  private final RandomGenerator shuffleRandom;
  private final RandomGenerator dropoutRandom;
  private final List<TrainingListener> listeners;

  /**
   * @param metrics the metrics to report for every split; the loss is among them (label
   *     "loss")
   */
  public Trainer(Model model, Loss loss, Optimizer optimizer, List<Metric> metrics, Settings settings,
      RandomStreams streams, List<TrainingListener> listeners) {
    this.model = requireNonNull(model, "model is null");
    this.loss = requireNonNull(loss, "loss is null");
    this.optimizer = requireNonNull(optimizer, "optimizer is null");
    this.metrics = List.copyOf(metrics);
    this.settings = requireNonNull(settings, "settings is null");
    this.shuffleRandom = streams.get(RandomStreams.SHUFFLE);
    this.dropoutRandom = streams.get(RandomStreams.DROPOUT);
    this.listeners = List.copyOf(listeners);
  }

  /** Trains for the configured epochs and returns each epoch's result. */
  public List<EpochResult> fit(String experiment, Dataset dataset) {
    Map<String, Split> splits = dataset.splits();
    Split train = splits.get(Dataset.TRAIN);
    List<String> columns = columns(splits);
    listeners.forEach(l -> l.onStart(experiment, settings.epochs(), columns));
    List<EpochResult> results = new ArrayList<>();
    int[] order = identity(train.size());
    for (int epoch = 0; epoch < settings.epochs(); epoch++) {
      long start = System.nanoTime();
      double lr = optimizer.learningRate();
      if (settings.shuffle()) {
        shuffle(order);
      }
      trainEpoch(epoch, train, order, start);
      Map<String, Double> values = new LinkedHashMap<>();
      Map<String, Map<String, Double>> bySplit = new LinkedHashMap<>();
      splits.forEach((name, split) -> bySplit.put(name, Evaluator.evaluate(model, split, metrics)));
      for (Metric m : metrics) {
        bySplit.forEach((name, v) -> values.put(name + "." + m.label(), v.get(m.label())));
      }
      EpochResult r = new EpochResult(epoch, lr, values, (System.nanoTime() - start) / 1e9);
      results.add(r);
      listeners.forEach(l -> l.onEpoch(r));
    }
    listeners.forEach(TrainingListener::onFinish);
    return results;
  }

  private List<String> columns(Map<String, Split> splits) {
    List<String> cols = new ArrayList<>();
    for (Metric m : metrics) {
      for (String s : splits.keySet()) {
        cols.add(s + "." + m.label());
      }
    }
    return cols;
  }

  private void trainEpoch(int epoch, Split train, int[] order, long epochStart) {
    int n = train.size();
    int batchSize = settings.batchSize() == 0 ? n : Math.min(settings.batchSize(), n);
    int batches = (n + batchSize - 1) / batchSize;
    for (int b = 0; b < batches; b++) {
      Batch batch = Batch.of(train, order, b * batchSize, Math.min(n, (b + 1) * batchSize));
      optimizer.zeroGrad();
      Tensor out = model.forward(batch.inputs(), Contexts.training(batch.mask(), dropoutRandom));
      Tensor value = loss.compute(out, batch.targets(), batch.mask());
      float v = value.item();
      if (!Float.isFinite(v)) {
        throw new RecurException("epoch " + epoch + ", step " + b + ": the loss is " + v
            + "; training diverged. Lower optimizer.learning_rate or set training.clip_norm");
      }
      value.backward();
      if (settings.clipNorm() != null) {
        GradientClipping.clipByGlobalNorm(model.parameters().values(), settings.clipNorm());
      }
      optimizer.step();
      if (!listeners.isEmpty()) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int done = Math.min(n, (b + 1) * batchSize);
        double rate = done / Math.max(elapsed, 1e-9);
        double left = (n - done) / rate + (double) (settings.epochs() - epoch - 1) * n / rate;
        int bb = b;
        listeners.forEach(l -> l.onBatch(epoch, bb, batches, v, rate, left));
      }
    }
  }

  private void shuffle(int[] order) {
    // Fisher–Yates from the shuffle stream: the epoch order is a pure function of the seed
    for (int i = order.length - 1; i > 0; i--) {
      int j = shuffleRandom.nextInt(i + 1);
      int t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
  }

  private static int[] identity(int n) {
    int[] o = new int[n];
    for (int i = 0; i < n; i++) {
      o[i] = i;
    }
    return o;
  }
}
