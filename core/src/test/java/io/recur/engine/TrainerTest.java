package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.checkpoint.CheckpointFile;
import io.recur.model.EpochResult;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.schedule.LrSchedule;
import io.recur.schedule.Monitor;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.ForwardContext;
import io.recur.spi.Layer;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Split;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The loop on a tiny linear regression: divergence messages, early stopping, checkpoint cadence,
 * interruption, and that a run continued from a checkpoint ends with the same bits.
 */
class TrainerTest {
  /** {@code y = x · wᵀ + b}, or with {@code logScale}, {@code y = x · log(w)ᵀ} (for a gradient that overflows). */
  private static final class Linear implements Layer {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final boolean logScale;

    Linear(float w, boolean logScale) {
      this.logScale = logScale;
      Tensor weight = Tensor.parameter(1, 1);
      weight.data()[0] = w;
      params.put("weight", weight);
      if (!logScale) {
        params.put("bias", Tensor.parameter(1));
      }
    }

    @Override
    public Tensor forward(Tensor input, ForwardContext context) {
      return logScale ? input.linear(params.get("weight").log(), null) : input.linear(params.get("weight"), params.get("bias"));
    }

    @Override
    public Map<String, Tensor> parameters() {
      return params;
    }

    @Override
    public int[] outputShape() {
      return new int[] {1};
    }
  }

  private static final Loss MSE = (out, target, mask) -> out.sub(target).square().mean();

  /** Plain SGD with a step counter slot, so optimizer state has something to carry. */
  private static final class Sgd implements Optimizer {
    private final Map<String, Tensor> params;
    private final Map<String, Tensor> state = new LinkedHashMap<>();
    private double lr;

    Sgd(Map<String, Tensor> params, double lr) {
      this.params = params;
      this.lr = lr;
      params.keySet().forEach(k -> state.put(k + ".step", Tensor.zeros(1)));
    }

    @Override public void step() {
      params.forEach((k, p) -> {
        state.get(k + ".step").data()[0]++;
        for (int i = 0; i < p.size(); i++) {
          p.data()[i] -= (float) lr * p.grad()[i];
        }
      });
    }

    @Override public void zeroGrad() {
      params.values().forEach(Tensor::zeroGrad);
    }

    @Override public double learningRate() {
      return lr;
    }

    @Override public void setLearningRate(double learningRate) {
      lr = learningRate;
    }

    @Override public Map<String, Tensor> state() {
      return state;
    }
  }

  private static final Metric LOSS = new Metric() {
    @Override public String label() {
      return "loss";
    }

    @Override public boolean higherIsBetter() {
      return false;
    }

    @Override public Accumulator newAccumulator() {
      return new Accumulator() {
        double sum;
        int n;

        @Override public void update(Tensor output, Tensor target, Tensor mask) {
          sum += MSE.compute(output, target, mask).item() * output.dim(0);
          n += output.dim(0);
        }

        @Override public double result() {
          return n == 0 ? Double.NaN : sum / n;
        }
      };
    }
  };

  /** y = 3x - 1 on 8 training and 4 validation points; {@code poison} puts NaN in one input. */
  private static Dataset data(boolean poison) {
    float[] x = new float[12];
    float[] y = new float[12];
    for (int i = 0; i < 12; i++) {
      x[i] = (i - 6) / 4f;
      y[i] = 3 * x[i] - 1;
    }
    if (poison) {
      x[3] = Float.NaN;
    }
    Map<String, Split> splits = new LinkedHashMap<>();
    splits.put(Dataset.TRAIN, new Split(Tensor.of(java.util.Arrays.copyOf(x, 8), 8, 1), Tensor.of(java.util.Arrays.copyOf(y, 8), 8, 1), null));
    splits.put(Dataset.VALIDATION, new Split(Tensor.of(java.util.Arrays.copyOfRange(x, 8, 12), 4, 1),
        Tensor.of(java.util.Arrays.copyOfRange(y, 8, 12), 4, 1), null));
    return new Dataset() {
      @Override public DataSchema schema() {
        return new DataSchema(new int[] {1}, 0, List.of(), null);
      }

      @Override public Map<String, Split> splits() {
        return splits;
      }

      @Override public String fingerprint() {
        return "test";
      }
    };
  }

  /** A model, optimizer and trainer built the same way every time, as a new process would. */
  private static final class Setup {
    final Model model;
    final Sgd optimizer;
    final RandomStreams streams = new RandomStreams(5);
    final Trainer trainer;

    Setup(int epochs, int checkpointEvery, boolean logScale) {
      List<Model.NamedLayer> layers = new ArrayList<>();
      layers.add(new Model.NamedLayer("first", "linear", new Linear(0.5f, false)));
      if (logScale) {
        layers.add(new Model.NamedLayer("second", "log-linear", new Linear(Float.MIN_VALUE, true)));
      }
      model = Model.of(layers, new int[] {1});
      optimizer = new Sgd(model.parameters(), 0.05);
      trainer = new Trainer(model, MSE, optimizer, List.of(LOSS), new Trainer.Settings(epochs, 2, true, null, checkpointEvery),
          streams, List.of());
    }

    LrSchedule constant() {
      return e -> 0.05;
    }
  }

  /** Records every checkpoint as (epoch, batch, step) and can ask for a stop after some step. */
  private static class Recorder implements Trainer.Hooks {
    final List<String> checkpoints = new ArrayList<>();
    final List<Integer> best = new ArrayList<>();
    long stopAfter = Long.MAX_VALUE;
    Progress last;
    CheckpointFile.Contents saved;
    Setup setup;

    @Override public void checkpoint(Progress p) {
      checkpoints.add(p.epoch() + "/" + p.batch() + "/" + p.step());
      last = p;
      if (setup != null) {
        // copy: the live tensors keep changing after the checkpoint
        Map<String, Tensor> copies = new LinkedHashMap<>();
        TrainingCheckpoint.tensors(setup.model, setup.optimizer, p).forEach((k, v) -> copies.put(k, v.copy()));
        saved = new CheckpointFile.Contents(Path.of("memory"), copies, TrainingCheckpoint.metadata(p, setup.optimizer,
            setup.streams, setup.constant(), 0, "none", "hash", 1));
      }
    }

    @Override public void onBest(Progress p) {
      best.add(p.bestEpoch());
    }

    @Override public boolean stopRequested() {
      return last != null && last.step() >= stopAfter;
    }
  }

  @Test
  void aNonFiniteGradientNamesTheEpochStepAndTheLayerNearestTheOutput() {
    Setup s = new Setup(3, 0, true);
    Recorder r = new Recorder();
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> s.trainer.fit("t", data(false), s.trainer.start(data(false)), s.constant(), null, r));
    assertTrue(e.getMessage().startsWith("epoch 1, batch 1: the gradient of layer 'second' (second.weight) is "),
        e.getMessage());
    assertTrue(e.getMessage().contains("Lower optimizer.learning_rate (now 0.0500), set training.clip_norm"), e.getMessage());
    assertEquals(List.of(), r.checkpoints, "no checkpoint after a divergence");
  }

  @Test
  void aNonFiniteLossNamesTheEpochAndStep() {
    Setup s = new Setup(3, 0, false);
    TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
        () -> s.trainer.fit("t", data(true), s.trainer.start(data(true)), s.constant(), null, new Recorder()));
    assertTrue(e.getMessage().matches("epoch 1, batch \\d: the loss is NaN; training diverged\\. Lower .*"), e.getMessage());
  }

  @Test
  void checkpointsComeAtEveryEpochEndAndEveryNStepsInBetween() {
    Setup s = new Setup(3, 3, false);
    Recorder r = new Recorder();
    Progress p = s.trainer.start(data(false));
    s.trainer.fit("t", data(false), p, s.constant(), null, r);
    // 4 batches an epoch; the step-12 checkpoint is the end of epoch 2, taken once
    assertEquals(List.of("0/3/3", "1/0/4", "1/2/6", "2/0/8", "2/1/9", "3/0/12"), r.checkpoints);
    assertTrue(p.finished());
    assertEquals(3, p.history().size());
  }

  @Test
  void earlyStoppingStopsAfterPatienceEpochsWithoutImprovementAndKeepsTheBest() {
    Setup s = new Setup(10, 0, false);
    Recorder r = new Recorder();
    Progress p = s.trainer.start(data(false));
    // the training loss falls every epoch, so "higher is better" never improves after epoch 0
    EarlyStopping es = new EarlyStopping(new Monitor("train.loss", true), 2, 0.0);
    s.trainer.fit("t", data(false), p, s.constant(), es, r);
    assertEquals(3, p.history().size());
    assertEquals(List.of(0), r.best);
    assertEquals(0, p.bestEpoch());
    assertTrue(p.finished());
    assertTrue(p.stopReason().startsWith("early stopping: train.loss has not improved for 2 epochs; best "), p.stopReason());
  }

  @Test
  void earlyStoppingWithMinDeltaCountsSmallGainsAsNone() {
    Setup s = new Setup(10, 0, false);
    Progress p = s.trainer.start(data(false));
    EarlyStopping es = new EarlyStopping(new Monitor("val.loss", false), 1, 1e6);
    s.trainer.fit("t", data(false), p, s.constant(), es, new Recorder());
    assertEquals(2, p.history().size());
  }

  @Test
  void aStopRequestCheckpointsAndInterrupts() {
    Setup s = new Setup(3, 0, false);
    Recorder r = new Recorder();
    r.stopAfter = 4;
    Progress p = s.trainer.start(data(false));
    TrainingInterruptedException e = assertThrows(TrainingInterruptedException.class,
        () -> s.trainer.fit("t", data(false), p, s.constant(), null, r));
    // epoch 0 ends at step 4 (its checkpoint), then the stop is seen before any further step
    assertEquals(List.of("1/0/4"), r.checkpoints);
    assertEquals(4, e.progress().step());
  }

  @Test
  void aRunContinuedFromAMidEpochCheckpointEndsWithTheSameBits() {
    Setup whole = new Setup(4, 0, false);
    Progress done = whole.trainer.start(data(false));
    whole.trainer.fit("t", data(false), done, whole.constant(), null, new Recorder());

    Setup first = new Setup(4, 0, false);
    Recorder r = new Recorder();
    r.setup = first;
    Progress p = first.trainer.start(data(false));
    // stop after step 6: mid epoch 1, after its shuffle and two batches
    r.stopAfter = 6;
    Recorder midEpoch = new Recorder() {
      @Override public boolean stopRequested() {
        return p.step() >= 6;
      }

      @Override public void checkpoint(Progress q) {
        r.checkpoint(q);
      }
    };
    assertThrows(TrainingInterruptedException.class, () -> first.trainer.fit("t", data(false), p, first.constant(), null, midEpoch));
    CheckpointFile.Contents c = r.saved;
    assertNotNull(c);
    assertEquals("1", c.metadata().get(TrainingCheckpoint.EPOCH));
    assertEquals("2", c.metadata().get(TrainingCheckpoint.BATCH));

    Setup second = new Setup(4, 0, false);
    TrainingCheckpoint.check(c, second.model, second.optimizer, 8, "hash");
    Progress resumed = TrainingCheckpoint.restore(c, second.model, second.optimizer, second.streams, second.constant());
    resumed.history.addAll(p.history());
    second.trainer.fit("t", data(false), resumed, second.constant(), null, new Recorder());

    for (String name : whole.model.parameters().keySet()) {
      assertArrayEquals(whole.model.parameters().get(name).data(), second.model.parameters().get(name).data(), name);
    }
    assertEquals(whole.optimizer.state().get("first.weight.step").data()[0],
        second.optimizer.state().get("first.weight.step").data()[0]);
    assertEquals(values(done.history()), values(resumed.history()));
  }

  @Test
  void aCheckpointForAnotherModelNamesTheTensor() {
    Setup a = new Setup(1, 0, false);
    Recorder r = new Recorder();
    r.setup = a;
    a.trainer.fit("t", data(false), a.trainer.start(data(false)), a.constant(), null, r);
    Setup other = new Setup(1, 0, true);
    var e = assertThrows(io.recur.spi.RecurException.class,
        () -> TrainingCheckpoint.check(r.saved, other.model, other.optimizer, 8, "hash"));
    assertEquals("memory: tensor 'model.second.weight' is missing", e.getMessage());
    e = assertThrows(io.recur.spi.RecurException.class,
        () -> TrainingCheckpoint.check(r.saved, a.model, a.optimizer, 8, "other"));
    assertTrue(e.getMessage().contains("written for config hash"), e.getMessage());
    e = assertThrows(io.recur.spi.RecurException.class,
        () -> TrainingCheckpoint.check(r.saved, a.model, a.optimizer, 9, "hash"));
    assertTrue(e.getMessage().contains("'trainer.order' has shape [8], this run expects [9]"), e.getMessage());
  }

  private static List<Map<String, Double>> values(List<EpochResult> h) {
    List<Map<String, Double>> out = new ArrayList<>();
    for (EpochResult r : h) {
      Map<String, Double> m = new LinkedHashMap<>(r.metrics());
      m.put("lr", r.learningRate());
      out.add(m);
    }
    return out;
  }
}
