package io.recur.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.recur.checkpoint.CheckpointFile;
import io.recur.model.Fitting;
import io.recur.model.Model;
import io.recur.model.RandomStreams;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.FittedLayer;
import io.recur.spi.ForwardContext;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.Optimizer;
import io.recur.spi.Split;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The trainer's two issue-4 modes: {@code carry_state} (the stream layout, each batch starting
 * from the states the previous one ended in, the states in checkpoints) and models fitted by
 * counting (one pass per epoch instead of gradient steps, the fitted state in checkpoints).
 */
class CarriedStateAndFittingTest {
  private static final Loss MSE = (out, target, mask) -> out.sub(target).square().mean();

  /**
   * Inputs {@code [N, 1]} are window numbers; the output is input·w. Its state is the last input
   * of each row, and every forward that starts from a state records (state, input) per row.
   */
  private static final class Tracer implements StatefulLayer {
    final Map<String, Tensor> params = new LinkedHashMap<>();
    final List<float[]> starts = new ArrayList<>();
    Map<String, Tensor> start;
    Map<String, Tensor> last = Map.of();

    Tracer() {
      params.put("weight", Tensor.parameter(1, 1));
    }

    @Override public Tensor forward(Tensor input, ForwardContext context) {
      if (start != null) {
        float[] pairs = new float[2 * input.dim(0)];
        for (int n = 0; n < input.dim(0); n++) {
          pairs[2 * n] = start.get("last").data()[n];
          pairs[2 * n + 1] = input.data()[n];
        }
        starts.add(pairs);
      }
      start = null;
      last = Map.of("last", input.copy());
      return input.linear(params.get("weight"), null);
    }

    @Override public Map<String, Tensor> finalStates() {
      return last;
    }

    @Override public void startFrom(Map<String, Tensor> states) {
      start = states == null || states.isEmpty() ? null : states;
    }

    @Override public Map<String, Tensor> parameters() {
      return params;
    }

    @Override public int[] outputShape() {
      return new int[] {1};
    }
  }

  private static final class NoOptimizer implements Optimizer {
    @Override public void step() {}

    @Override public void zeroGrad() {}

    @Override public double learningRate() {
      return 0.1;
    }

    @Override public void setLearningRate(double learningRate) {}

    @Override public Map<String, Tensor> state() {
      return Map.of();
    }
  }

  /** {@code n} consecutive windows numbered 0 … n−1. */
  private static Dataset windows(int n) {
    float[] x = new float[n];
    for (int i = 0; i < n; i++) {
      x[i] = i;
    }
    Map<String, Split> splits = Map.of(Dataset.TRAIN, new Split(Tensor.of(x, n, 1), Tensor.zeros(n, 1), null));
    return new Dataset() {
      @Override public DataSchema schema() {
        return new DataSchema(new int[] {1}, 0, List.of(), null);
      }

      @Override public Map<String, Split> splits() {
        return splits;
      }

      @Override public String fingerprint() {
        return "windows";
      }

      @Override public boolean consecutive() {
        return true;
      }
    };
  }

  @Test
  void theStreamLayoutPutsConsecutiveSamplesInTheSameRowOfConsecutiveBatches() {
    // 10 samples, batches of 3: streams 0-2, 3-5, 6-8; sample 9 is left over
    assertArrayEquals(new int[] {0, 3, 6, 1, 4, 7, 2, 5, 8, 9}, Trainer.streamOrder(10, 3));
    assertArrayEquals(new int[] {0, 1, 2, 3}, Trainer.streamOrder(4, 4));
  }

  @Test
  void eachBatchStartsFromTheStatesThePreviousBatchOfTheEpochEndedIn() {
    Tracer tracer = new Tracer();
    Model model = Model.of(List.of(new Model.NamedLayer("rnn", "tracer", tracer)), new int[] {1});
    Trainer trainer = new Trainer(model, MSE, new NoOptimizer(), List.of(),
        new Trainer.Settings(2, 3, false, null, 0, true), new RandomStreams(1), List.of());
    Dataset data = windows(10);
    Progress p = trainer.start(data);
    trainer.fit("t", data, p, e -> 0.1, null, new Trainer.Hooks() {});
    // per epoch 3 full batches, the first from the layer's own state: 2 carried starts per epoch
    assertEquals(4, tracer.starts.size());
    for (float[] pairs : tracer.starts) {
      for (int n = 0; n < pairs.length; n += 2) {
        assertEquals(pairs[n] + 1, pairs[n + 1], "row " + n / 2 + " continues the window it ended with");
      }
    }
    assertArrayEquals(new float[] {0, 1, 3, 4, 6, 7}, tracer.starts.get(0));
  }

  @Test
  void aCheckpointHoldsTheCarriedStatesSoAResumedEpochContinuesTheStreams() {
    Tracer tracer = new Tracer();
    Model model = Model.of(List.of(new Model.NamedLayer("rnn", "tracer", tracer)), new int[] {1});
    Optimizer optimizer = new NoOptimizer();
    Trainer trainer = new Trainer(model, MSE, optimizer, List.of(), new Trainer.Settings(1, 3, false, null, 1, true),
        new RandomStreams(1), List.of());
    Dataset data = windows(10);
    List<CheckpointFile.Contents> saved = new ArrayList<>();
    RandomStreams streams = new RandomStreams(1);
    trainer.fit("t", data, trainer.start(data), e -> 0.1, null, new Trainer.Hooks() {
      @Override public void checkpoint(Progress p) {
        saved.add(new CheckpointFile.Contents(Path.of("memory"), new LinkedHashMap<>(
            TrainingCheckpoint.tensors(model, optimizer, p)), TrainingCheckpoint.metadata(p, optimizer, streams,
            e -> 0.1, 0, "none", "hash", 1)));
      }
    });
    CheckpointFile.Contents afterFirstBatch = saved.get(0);
    assertArrayEquals(new float[] {0, 3, 6}, afterFirstBatch.tensors().get("trainer.carried.rnn.last").data());
    TrainingCheckpoint.check(afterFirstBatch, model, optimizer, 10, "hash");
    Progress resumed = TrainingCheckpoint.restore(afterFirstBatch, model, optimizer, new RandomStreams(1), e -> 0.1);
    assertEquals(1, resumed.batch());
    tracer.starts.clear();
    trainer.fit("t", data, resumed, e -> 0.1, null, new Trainer.Hooks() {});
    assertArrayEquals(new float[] {0, 1, 3, 4, 6, 7}, tracer.starts.get(0), "the resumed batch starts where batch 0 ended");
  }

  @Test
  void withoutTrainEvaluationEpochsReportTheOtherSplitsOnly() {
    Tracer tracer = new Tracer();
    Model model = Model.of(List.of(new Model.NamedLayer("rnn", "tracer", tracer)), new int[] {1});
    Metric loss = new Metric() {
      @Override public String label() {
        return "loss";
      }

      @Override public boolean higherIsBetter() {
        return false;
      }

      @Override public Accumulator newAccumulator() {
        return new Accumulator() {
          @Override public void update(Tensor output, Tensor target, Tensor mask) {}

          @Override public double result() {
            return 0;
          }
        };
      }
    };
    Map<String, Split> splits = new LinkedHashMap<>(windows(10).splits());
    splits.put(Dataset.VALIDATION, splits.get(Dataset.TRAIN));
    Dataset data = new Dataset() {
      @Override public DataSchema schema() {
        return windows(10).schema();
      }

      @Override public Map<String, Split> splits() {
        return splits;
      }

      @Override public String fingerprint() {
        return "two";
      }
    };
    Trainer trainer = new Trainer(model, MSE, new NoOptimizer(), List.of(loss),
        new Trainer.Settings(1, 5, true, null, 0, false, false), new RandomStreams(1), List.of());
    assertEquals(List.of("val.loss"), trainer.columns(data));
    assertEquals(List.of("val.loss"), List.copyOf(trainer.fit("t", data).get(0).metrics().keySet()));
  }

  /** Counts the targets it has seen; its fitted state is that count. */
  private static final class Counter implements FittedLayer {
    float seen;
    int resets;

    @Override public void resetFit() {
      seen = 0;
      resets++;
    }

    @Override public void fit(Tensor inputs, Tensor targets, Tensor mask) {
      seen += targets.size();
    }

    @Override public Map<String, Tensor> fittedState() {
      return Map.of("seen", Tensor.of(new float[] {seen}, 1));
    }

    @Override public void loadFittedState(Map<String, Tensor> state, String source) {
      seen = state.get("seen").data()[0];
    }

    @Override public Tensor forward(Tensor input, ForwardContext context) {
      return Tensor.zeros(input.dim(0), 1);
    }

    @Override public Map<String, Tensor> parameters() {
      return Map.of();
    }

    @Override public int[] outputShape() {
      return new int[] {1};
    }
  }

  @Test
  void aFittedModelIsCountedOncePerEpochAndItsStateTravelsInCheckpoints() {
    Counter counter = new Counter();
    Model model = Model.of(List.of(new Model.NamedLayer("ngram", "counter", counter)), new int[] {1});
    assertTrue(Fitting.fitted(model));
    Optimizer optimizer = new NoOptimizer();
    Trainer trainer = new Trainer(model, MSE, optimizer, List.of(), new Trainer.Settings(3, 4, true, null),
        new RandomStreams(1), List.of());
    Dataset data = windows(10);
    Progress p = trainer.start(data);
    List<Map<String, Tensor>> checkpoints = new ArrayList<>();
    trainer.fit("t", data, p, e -> 0.1, null, new Trainer.Hooks() {
      @Override public void checkpoint(Progress progress) {
        checkpoints.add(TrainingCheckpoint.tensors(model, optimizer, progress));
      }
    });
    assertEquals(3, counter.resets, "every epoch starts from nothing");
    assertEquals(10f, counter.seen, "and counts the training split once");
    assertEquals(3, checkpoints.size());
    assertEquals(10f, checkpoints.get(2).get("fitted.ngram.seen").data()[0]);
    assertEquals(Map.of("ngram.seen", 10f), Map.of("ngram.seen", Fitting.state(model).get("ngram.seen").data()[0]));
    Map<String, Tensor> rest = Fitting.load(model, Map.of("ngram.seen", Tensor.of(new float[] {4}, 1),
        "dense.weight", Tensor.zeros(1)), "file");
    assertEquals(4f, counter.seen);
    assertEquals(List.of("dense.weight"), List.copyOf(rest.keySet()));
  }
}
