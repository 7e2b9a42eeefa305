package io.recur.engine;

import static java.util.Objects.requireNonNull;

import io.recur.builtin.optim.GradientClipping;
import io.recur.model.Batch;
import io.recur.model.Contexts;
import io.recur.model.EpochNumbers;
import io.recur.model.EpochResult;
import io.recur.model.Fitting;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.schedule.LrSchedule;
import io.recur.spi.Dataset;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Split;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The training loop: per epoch, the scheduled learning rate and a seeded shuffle, then
 * mini-batches (zero-grad, forward, loss, backward, finiteness check, clip, step), then
 * evaluation of every split, early stopping and a checkpoint. Everything random comes from the
 * streams it is given, so the same inputs give the same bits, and a run continued from a
 * {@link Progress} a checkpoint saved draws exactly what the uninterrupted run would have.
 */
public final class Trainer {
  /**
   * The loop's settings, read from the {@code training:} section.
   *
   * @param checkpointEverySteps also checkpoint every this many steps; 0: at epoch ends only
   * @param carryState truncated back-propagation through time: the training split's samples are
   *     laid out as B streams ({@link #streamOrder}), and each batch's stateful layers start from
   *     the states the previous batch of the epoch ended in
   * @param evaluateTrain whether every epoch ends with the metrics of the training split
   * @param stopOnDivergence stop a run that blows up while staying finite ({@link
   *     DivergenceWatch}) as diverged; false only warns ({@code training.divergence: warn})
   * @param evaluateTestEveryEpoch whether every epoch ends with the metrics of the test split; false
   *     leaves the test split alone until training is over ({@code training.evaluate_test: end}),
   *     so no choice made during training can look at test data. The constructors without it
   *     evaluate every split, as the loop always did
   */
  public record Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm, int checkpointEverySteps,
      boolean carryState, boolean evaluateTrain, Evaluator.Mode evaluation, boolean stopOnDivergence,
      boolean evaluateTestEveryEpoch) {
    public Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm, int checkpointEverySteps,
        boolean carryState, boolean evaluateTrain, Evaluator.Mode evaluation, boolean stopOnDivergence) {
      this(epochs, batchSize, shuffle, clipNorm, checkpointEverySteps, carryState, evaluateTrain, evaluation,
          stopOnDivergence, true);
    }

    public Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm, int checkpointEverySteps,
        boolean carryState, boolean evaluateTrain) {
      this(epochs, batchSize, shuffle, clipNorm, checkpointEverySteps, carryState, evaluateTrain,
          Evaluator.Mode.WINDOWS, true);
    }

    public Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm) {
      this(epochs, batchSize, shuffle, clipNorm, 0);
    }

    public Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm, int checkpointEverySteps) {
      this(epochs, batchSize, shuffle, clipNorm, checkpointEverySteps, false);
    }

    public Settings(int epochs, int batchSize, boolean shuffle, Double clipNorm, int checkpointEverySteps,
        boolean carryState) {
      this(epochs, batchSize, shuffle, clipNorm, checkpointEverySteps, carryState, true);
    }
  }

  /** What the run around the loop does at its milestones; every method defaults to nothing. */
  public interface Hooks {
    /** Save a checkpoint of {@code progress}; the model, optimizer and streams are at that point. */
    default void checkpoint(Progress progress) {}

    /** The epoch just evaluated is the best so far by the early-stopping monitor. */
    default void onBest(Progress progress) {}

    /** True when the user asked to stop (Ctrl-C); polled between steps. */
    default boolean stopRequested() {
      return false;
    }
  }

  private final Model model;
  private final Loss loss;
  private final Optimizer optimizer;
  private final List<Metric> metrics;
  private final Settings settings;
  private final RandomGenerator shuffleRandom;
  private final RandomGenerator dropoutRandom;
  private final List<TrainingListener> listeners;
  private final DivergenceWatch divergence = new DivergenceWatch();
  /** With {@code training.divergence: warn}: a warning was printed, print no more. */
  private boolean warnedDivergence;

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

  /** Trains for the configured epochs at a constant rate and returns each epoch's result. */
  public List<EpochResult> fit(String experiment, Dataset dataset) {
    Progress p = start(dataset);
    fit(experiment, dataset, p, e -> optimizer.learningRate(), null, new Hooks() {});
    return p.history();
  }

  /**
   * A fresh {@link Progress} for {@code dataset}: epoch 0, the identity order (the stream layout
   * with {@link Settings#carryState()}).
   */
  public Progress start(Dataset dataset) {
    Progress p = new Progress(dataset.splits().get(Dataset.TRAIN).size());
    if (settings.carryState()) {
      p.order = streamOrder(p.order.length, batchSize(p.order.length));
    }
    return p;
  }

  /**
   * The classic char-rnn batch layout for {@code n} consecutive samples in batches of {@code B}:
   * the first S·B samples (S = ⌊n/B⌋) are cut into B streams of S consecutive samples, and batch
   * b takes sample b of every stream, so row i of batch b + 1 continues row i of batch b. The
   * n − S·B samples left over come last; an epoch with carried state trains on the S full batches
   * only.
   */
  static int[] streamOrder(int n, int batchSize) {
    int streams = batchSize;
    int perStream = n / streams;
    int[] order = new int[n];
    for (int b = 0; b < perStream; b++) {
      for (int i = 0; i < streams; i++) {
        order[b * streams + i] = i * perStream + b;
      }
    }
    for (int k = perStream * streams; k < n; k++) {
      order[k] = k;
    }
    return order;
  }

  /**
   * The splits every epoch ends by evaluating: all, less train without {@link
   * Settings#evaluateTrain()} and less test without {@link Settings#evaluateTestEveryEpoch()}.
   */
  private Map<String, Split> evaluated(Map<String, Split> splits) {
    Map<String, Split> out = new LinkedHashMap<>(splits);
    out.keySet().retainAll(columnSplits(splits.keySet(), settings.evaluateTrain(), settings.evaluateTestEveryEpoch()));
    return out;
  }

  /** The splits of {@code splits} that every epoch reports, in their order. */
  static List<String> columnSplits(java.util.Collection<String> splits, boolean evaluateTrain, boolean evaluateTest) {
    List<String> out = new ArrayList<>();
    for (String s : splits) {
      if ((evaluateTrain || !s.equals(Dataset.TRAIN)) && (evaluateTest || !s.equals(Dataset.TEST))) {
        out.add(s);
      }
    }
    return out;
  }

  /**
   * The metrics of {@code split} for the model as it stands, as an epoch would report them
   * ({@code test.loss}, {@code test.accuracy}): the test split scored once after training.
   */
  public Map<String, Double> evaluate(String name, Split split) {
    return labelled(name + ".", Evaluator.evaluate(model, split, metrics, settings.evaluation()));
  }

  /**
   * The metrics of {@code split} scored as a stream that adapts to it ({@link AdaptiveEvaluation}),
   * labelled {@code test.adapted.bits-per-character}; the weights are the trained ones again after.
   */
  public Map<String, Double> evaluateAdapting(String name, Split split, AdaptiveEvaluation.Settings adaptation) {
    return labelled(name + "." + AdaptiveEvaluation.LABEL_PREFIX,
        AdaptiveEvaluation.evaluate(model, split, metrics, loss, adaptation));
  }

  /** Metric label → value as {@code <prefix><label>}, in the order of the metrics. */
  private Map<String, Double> labelled(String prefix, Map<String, Double> values) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (Metric m : metrics) {
      out.put(prefix + m.label(), values.get(m.label()));
    }
    return out;
  }

  private int batchSize(int n) {
    return settings.batchSize() == 0 ? n : Math.min(settings.batchSize(), n);
  }

  /** The metric columns every epoch reports, {@code <split>.<metric>}, in table order. */
  public List<String> columns(Dataset dataset) {
    return columns(metrics, dataset.splits(), settings.evaluateTrain(), settings.evaluateTestEveryEpoch());
  }

  /** {@link #columns(Dataset)} before a trainer exists, for {@link ExperimentCheck}. */
  static List<String> columns(List<Metric> metrics, Map<String, Split> splits, boolean evaluateTrain,
      boolean evaluateTest) {
    List<String> cols = new ArrayList<>();
    List<String> reported = columnSplits(splits.keySet(), evaluateTrain, evaluateTest);
    for (Metric m : metrics) {
      for (String s : reported) {
        cols.add(s + "." + m.label());
      }
    }
    return cols;
  }

  /**
   * Trains from {@code progress} until the last epoch, early stopping, or a stop request.
   *
   * @param earlyStopping null for none
   * @throws TrainingDivergedException when the loss, a gradient or a weight is not finite
   * @throws TrainingInterruptedException after checkpointing, when {@link Hooks#stopRequested()}
   */
  void fit(String experiment, Dataset dataset, Progress progress, LrSchedule schedule,
      EarlyStopping earlyStopping, Hooks hooks) {
    Map<String, Split> splits = dataset.splits();
    Split train = splits.get(Dataset.TRAIN);
    if (progress.finished) {
      return;
    }
    listeners.forEach(l -> l.onStart(experiment, settings.epochs(), columns(dataset)));
    while (!progress.finished && progress.epoch < settings.epochs()) {
      int epoch = progress.epoch;
      long start = System.nanoTime();
      if (!progress.epochStarted) {
        optimizer.setLearningRate(schedule.rateFor(epoch));
        if (settings.shuffle()) {
          shuffle(progress.order);
        }
        progress.epochStarted = true;
        progress.batch = 0;
      }
      trainEpoch(train, progress, start, hooks);
      double lr = optimizer.learningRate();
      Map<String, Double> values = new LinkedHashMap<>();
      Map<String, Map<String, Double>> bySplit = new LinkedHashMap<>();
      evaluated(splits).forEach((name, split) -> bySplit.put(name,
          Evaluator.evaluate(model, split, metrics, settings.evaluation())));
      for (Metric m : metrics) {
        bySplit.forEach((name, v) -> values.put(name + "." + m.label(), v.get(m.label())));
      }
      EpochResult r = new EpochResult(epoch, lr, values, (System.nanoTime() - start) / 1e9);
      progress.history.add(r);
      listeners.forEach(l -> l.onEpoch(r));
      schedule.onEpochEnd(epoch, values);
      progress.epoch = epoch + 1;
      progress.epochStarted = false;
      progress.batch = 0;
      if (earlyStopping != null && earlyStopping.update(progress, r)) {
        hooks.onBest(progress);
      }
      if (progress.stopReason != null || progress.epoch >= settings.epochs()) {
        progress.finished = true;
      }
      checkpoint(progress, hooks);
      if (!progress.finished && hooks.stopRequested()) {
        throw new TrainingInterruptedException(progress);
      }
    }
    listeners.forEach(TrainingListener::onFinish);
    if (progress.stopReason != null) {
      String reason = progress.stopReason;
      listeners.forEach(l -> l.onNotice(reason));
    }
  }

  private void trainEpoch(Split train, Progress progress, long epochStart, Hooks hooks) {
    int n = train.size();
    int batchSize = batchSize(n);
    if (Fitting.countedOnly(model)) {
      fitEpoch(train, progress, batchSize);
      return;
    }
    // with carried state only full batches: a short last batch would break the streams
    int batches = settings.carryState() ? n / batchSize : (n + batchSize - 1) / batchSize;
    int epoch = progress.epoch;
    int first = progress.batch;
    if (epoch == 0 && first == 0 && Fitting.fitted(model)) {
      // counted parts first, once: the trained layers then learn beside fixed counts (a resumed
      // run gets them back from its checkpoint, which holds them from the first step on)
      Fitting.fitEpoch(model, train, progress.order, batchSize);
    }
    if (first == 0) {
      progress.carried.clear();
    }
    for (int b = first; b < batches; b++) {
      if (hooks.stopRequested()) {
        checkpoint(progress, hooks);
        throw new TrainingInterruptedException(progress);
      }
      Batch batch = Batch.of(train, progress.order, b * batchSize, Math.min(n, (b + 1) * batchSize));
      optimizer.zeroGrad();
      if (settings.carryState()) {
        startFromCarried(progress);
      }
      Tensor out = model.forward(batch.inputs(), Contexts.training(batch.mask(), dropoutRandom));
      if (settings.carryState()) {
        keepCarried(progress);
      }
      Tensor value = loss.compute(out, batch.targets(), batch.mask());
      float v = value.item();
      if (!Float.isFinite(v)) {
        throw TrainingDivergedException.loss(epoch, b, v, optimizer.learningRate());
      }
      String blownUp = divergence.onLoss(v);
      if (blownUp != null) {
        diverged("epoch " + EpochNumbers.shown(epoch) + ", batch " + (b + 1), blownUp);
      }
      value.backward();
      checkGradients(epoch, b);
      if (settings.clipNorm() != null) {
        GradientClipping.clipByGlobalNorm(model.parameters().values(), settings.clipNorm());
      }
      optimizer.step();
      progress.batch = b + 1;
      progress.step++;
      int every = settings.checkpointEverySteps();
      if (every > 0 && progress.step % every == 0 && b + 1 < batches) {
        checkpoint(progress, hooks);
      }
      if (!listeners.isEmpty()) {
        double elapsed = (System.nanoTime() - epochStart) / 1e9;
        int done = Math.min(n, (b + 1 - first) * batchSize);
        double rate = done / Math.max(elapsed, 1e-9);
        double left = (n - Math.min(n, (b + 1) * batchSize)) / rate
            + (double) (settings.epochs() - epoch - 1) * n / rate;
        int bb = b;
        listeners.forEach(l -> l.onBatch(epoch, bb, batches, v, rate, left));
      }
    }
  }

  /**
   * The fitting pass of a model trained by counting ({@link Fitting}): one pass over the
   * training split, with no optimizer step; atomic, so a checkpoint never holds half of it.
   */
  private void fitEpoch(Split train, Progress progress, int batchSize) {
    int batches = Fitting.fitEpoch(model, train, progress.order, batchSize);
    progress.step += batches - progress.batch;
    progress.batch = batches;
  }

  /** Each stateful layer starts from the states the previous batch left in {@code progress}. */
  private void startFromCarried(Progress progress) {
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof StatefulLayer s) {
        String prefix = l.name() + ".";
        Map<String, Tensor> states = new LinkedHashMap<>();
        progress.carried.forEach((k, v) -> {
          if (k.startsWith(prefix)) {
            states.put(k.substring(prefix.length()), v);
          }
        });
        s.startFrom(states);
      }
    }
  }

  /** Keeps every stateful layer's final states (detached: the next batch back-propagates no further). */
  private void keepCarried(Progress progress) {
    for (Model.NamedLayer l : model.layers()) {
      if (l.layer() instanceof StatefulLayer s) {
        s.finalStates().forEach((k, v) -> progress.carried.put(l.name() + "." + k, v.detach()));
      }
    }
  }

  /** A checkpoint only of finite weights: one that holds NaN could never be resumed usefully. */
  private void checkpoint(Progress progress, Hooks hooks) {
    for (Map.Entry<String, Tensor> p : model.parameters().entrySet()) {
      if (!allFinite(p.getValue().data())) {
        throw TrainingDivergedException.weights(progress, p.getKey(), optimizer.learningRate());
      }
    }
    if (!Fitting.countedOnly(model)) {
      String blownUp = DivergenceWatch.onWeights(model.parameters());
      if (blownUp != null) {
        diverged("at " + progress.describe(), blownUp);
      }
    }
    hooks.checkpoint(progress);
  }

  /**
   * Stops a run that blew up while staying finite, as a NaN stops it (no checkpoint after it), or
   * with {@code training.divergence: warn} says so once and goes on.
   */
  private void diverged(String where, String what) {
    TrainingDivergedException e = TrainingDivergedException.finite(where, what, optimizer.learningRate());
    if (settings.stopOnDivergence()) {
      throw e;
    }
    if (!warnedDivergence) {
      warnedDivergence = true;
      String message = "warning: " + where + ": " + what + "; training has probably diverged"
          + " (training.divergence: warn, so it goes on)";
      listeners.forEach(l -> l.onNotice(message));
    }
  }

  /**
   * The first non-finite gradient, searched from the output back to the input: backpropagation
   * computes gradients in that order, so the first bad one is where the trouble started.
   */
  private void checkGradients(int epoch, int batch) {
    List<Model.NamedLayer> layers = model.layers();
    for (int i = layers.size() - 1; i >= 0; i--) {
      Model.NamedLayer layer = layers.get(i);
      for (Map.Entry<String, Tensor> p : layer.layer().parameters().entrySet()) {
        float[] g = p.getValue().grad();
        if (g != null && !allFinite(g)) {
          throw TrainingDivergedException.gradient(epoch, batch, layer.name(), p.getKey(), firstNonFinite(g),
              optimizer.learningRate(), settings.clipNorm());
        }
      }
    }
  }

  private static boolean allFinite(float[] a) {
    for (float x : a) {
      if (!Float.isFinite(x)) {
        return false;
      }
    }
    return true;
  }

  private static float firstNonFinite(float[] a) {
    for (float x : a) {
      if (!Float.isFinite(x)) {
        return x;
      }
    }
    return 0f;
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
}
