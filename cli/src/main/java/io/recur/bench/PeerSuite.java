package io.recur.bench;

import static java.util.Objects.requireNonNull;

import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.model.ModelBuilder;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.spi.Loss;
import io.recur.spi.Optimizer;
import io.recur.tensor.Gemm;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.commons.math3.random.RandomGenerator;

/**
 * The {@code peers} suite of {@code recur bench}: the cases of issue 7, each timed the way its
 * PyTorch peer ({@code bench/torch_peer.py}) times the same shapes. Models are described in YAML
 * and built exactly as {@code recur train} builds them ({@link ExperimentLoader}, {@link
 * ModelBuilder}, the registry's loss and optimizer factories); only the data is synthetic
 * (uniform random token ids from a fixed seed), so no dataset is read.
 *
 * <p>A train step is zero-grad + forward + loss + backward + optimizer step; an inference step
 * is one forward inside {@link Tensor#noGrad()}, with the weights {@linkplain Tensor#freeze()
 * frozen} as a loaded model's are (so a recurrent layer packs them once, as oneDNN's harness
 * reorders its weights once outside the timed steps), its output handed back once read, as
 * {@code RecurModel} does with each batch's once decoded (and as oneDNN's harness writes every
 * step into one destination buffer). FLOPs count the multiply-adds of the matrix
 * products (×2), a train step as three forwards (backward is two products per forward one).
 */
public final class PeerSuite implements BenchSuite {
  /** One case: how to build it and what one step is worth. */
  public record Case(String name, String unit, String description) {}

  /** The cases, in report order. */
  public static final List<Case> CASES = List.of(
      new Case("charlm-large", "tokens/s", "embedding 65→64, lstm 512 × 2, dense 65 per step; batch 32 × 100; adam"),
      new Case("charlm-large-infer", "tokens/s", "the charlm-large model, forward only, no graph, weights frozen"),
      new Case("charlm-small", "tokens/s", "embedding 65→32, gru 128, dense 65 per step; batch 32 × 100; adam"),
      new Case("charlm-small-infer", "tokens/s", "the charlm-small model, forward only, no graph, weights frozen"),
      new Case("classify", "seq/s", "one-hot 57, lstm 128 (last state), dense 18; batch 64 × 12; sgd momentum 0.9"),
      new Case("classify-infer", "seq/s", "the classify model, forward only, no graph, weights frozen"),
      new Case("rnn-tiny", "steps/s", "one-hot 27, rnn 25 tanh, dense 27 per step; batch 1 × 12; sgd"),
      new Case("gemm-512", "GFLOPS", "float32 C = A·B, 512 × 512 × 512"),
      new Case("gemm-2048", "GFLOPS", "float32 C = A·B, 2048 × 2048 × 2048"));

  /** A measured case: the throughput in its unit, the median step and the achieved rate. */
  public record Result(String name, int threads, double value, String unit, double stepMillis, double gflops) {}

  private final Registry registry;
  private final StepTimer timer;
  private final int length;

  /**
   * @param seconds how long each case is measured, after its warm-up
   * @param length the sequence length of the charlm cases (100 in the issue)
   */
  public PeerSuite(Registry registry, double seconds, int length) {
    this.registry = requireNonNull(registry, "registry is null");
    this.timer = new StepTimer(seconds);
    this.length = length;
  }

  @Override
  public List<Case> cases() {
    return CASES;
  }

  @Override
  public Result run(Case c, int threads) {
    return switch (c.name()) {
      case "charlm-large" -> model(c, threads, charLm(64, "lstm", 512, 2), 65, 32, length, true, true);
      case "charlm-large-infer" -> model(c, threads, charLm(64, "lstm", 512, 2), 65, 32, length, true, false);
      case "charlm-small" -> model(c, threads, charLm(32, "gru", 128, 1), 65, 32, length, true, true);
      case "charlm-small-infer" -> model(c, threads, charLm(32, "gru", 128, 1), 65, 32, length, true, false);
      case "classify" -> model(c, threads, CLASSIFY, 57, 64, 12, false, true);
      case "classify-infer" -> model(c, threads, CLASSIFY, 57, 64, 12, false, false);
      case "rnn-tiny" -> model(c, threads, RNN_TINY, 27, 1, 12, true, true);
      case "gemm-512" -> gemm(c, threads, 512);
      case "gemm-2048" -> gemm(c, threads, 2048);
      default -> throw new IllegalArgumentException("unknown case " + c.name());
    };
  }

  // ------------------------------------------------------------------ the models, as YAML

  private static String charLm(int embedding, String cell, int units, int layers) {
    return """
        name: charlm
        seed: 1
        data: {type: dummy-string}
        model:
          layers:
            - {type: embedding, size: %d}
            - {type: %s, units: %d, layers: %d}
            - {type: dense, units: 65}
        loss: cross-entropy
        optimizer: {type: adam, learning_rate: 0.002}
        """.formatted(embedding, cell, units, layers);
  }

  private static final String CLASSIFY = """
      name: classify
      seed: 1
      data: {type: dummy-string}
      model:
        layers:
          - {type: embedding, one_hot: true}
          - {type: lstm, units: 128, output: last}
          - {type: dense, units: 18}
      loss: cross-entropy
      optimizer: {type: sgd, learning_rate: 0.01, momentum: 0.9}
      """;

  private static final String RNN_TINY = """
      name: rnn-tiny
      seed: 1
      data: {type: dummy-string}
      model:
        layers:
          - {type: embedding, one_hot: true}
          - {type: rnn, units: 25}
          - {type: dense, units: 27}
      loss: cross-entropy
      optimizer: {type: sgd, learning_rate: 0.01}
      """;

  private ExperimentSpec load(String yaml) {
    try {
      Path dir = Files.createTempDirectory("recur-bench");
      Path file = dir.resolve("bench.yaml");
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      try {
        return new ExperimentLoader(registry).load(file);
      } finally {
        Files.deleteIfExists(file);
        Files.deleteIfExists(dir);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // ------------------------------------------------------------------ timing

  private Result model(Case c, int threads, String yaml, int vocabulary, int batch, int steps,
      boolean perStep, boolean train) {
    ExperimentSpec spec = load(yaml);
    RandomStreams streams = new RandomStreams(spec.seed());
    Model model = new ModelBuilder(registry, streams.get(RandomStreams.INIT))
        .build(spec.layers(), new int[] {steps}, vocabulary);
    Loss loss = registry.loss(spec.loss().type()).create(spec.loss().params());
    Optimizer optimizer = train
        ? registry.optimizer(spec.optimizer().type()).create(spec.optimizer().params(), model.parameters())
        : null;
    if (!train) {
      // as RecurModel does for predict, serve and generate: nothing changes them between forwards
      model.parameters().values().forEach(Tensor::freeze);
    }
    RandomGenerator dropout = streams.get(RandomStreams.DROPOUT);
    Random data = new Random(7);
    Tensor inputs = tokens(data, vocabulary, batch, steps);
    int classes = model.outputShape()[model.outputShape().length - 1];
    Tensor targets = perStep ? tokens(data, classes, batch, steps) : tokens(data, classes, batch);

    Runnable step = train
        ? () -> {
          optimizer.zeroGrad();
          Tensor out = model.forward(inputs, Contexts.training(null, dropout));
          Tensor value = loss.compute(out, targets, null);
          value.backward();
          optimizer.step();
        }
        : () -> {
          try (Tensor.NoGrad g = Tensor.noGrad()) {
            // read and dropped, as a caller that is done with a batch's output hands it back
            RecycledArrays.giveBack(model.forward(inputs, Contexts.evaluation(null)).data());
          }
        };
    double forwardFlops = forwardFlops(model, batch, steps);
    double flops = train ? 3 * forwardFlops : forwardFlops;
    double median = timer.medianSeconds(step);
    double units = switch (c.unit()) {
      case "tokens/s" -> (double) batch * steps;
      case "seq/s" -> batch;
      default -> 1;
    };
    return new Result(c.name(), threads, units / median, c.unit(), median * 1e3, flops / median / 1e9);
  }

  /**
   * Multiply-adds ×2 of one forward: every weight matrix {@code [out, in]} is applied once per
   * row it sees (N·T for a sequence layer or a dense layer applied per step, N for a dense on
   * the last state). Embedding lookups and one-hot encodings count nothing.
   */
  private static double forwardFlops(Model model, int batch, int steps) {
    double flops = 0;
    for (Model.NamedLayer l : model.layers()) {
      int[] out = l.layer().outputShape();
      for (Map.Entry<String, Tensor> p : l.layer().parameters().entrySet()) {
        Tensor w = p.getValue();
        if (w.rank() != 2 || !p.getKey().startsWith("weight") || l.type().equals("embedding")) {
          continue;
        }
        // a recurrent layer's weights see every step; a dense one sees the rows of its input
        int rows = l.type().equals("dense") && out.length == 1 ? batch : batch * steps;
        flops += 2.0 * rows * w.dim(0) * w.dim(1);
      }
    }
    return flops;
  }

  private Result gemm(Case c, int threads, int n) {
    Random r = new Random(3);
    float[] a = new float[n * n];
    float[] b = new float[n * n];
    float[] out = new float[n * n];
    for (int i = 0; i < a.length; i++) {
      a[i] = r.nextFloat();
      b[i] = r.nextFloat();
    }
    double median = timer.medianSeconds(() -> Gemm.multiply(false, false, n, n, n, a, 0, n, b, 0, n, out, 0, n, false));
    double gflops = 2.0 * n * n * n / median / 1e9;
    return new Result(c.name(), threads, gflops, c.unit(), median * 1e3, gflops);
  }

  private static Tensor tokens(Random random, int vocabulary, int... shape) {
    Tensor t = Tensor.zeros(shape);
    float[] d = t.data();
    for (int i = 0; i < d.length; i++) {
      d[i] = random.nextInt(vocabulary);
    }
    return t;
  }

  /** Peak resident memory of this process in MiB (VmHWM of /proc/self/status), or -1 where unknown. */
  public static double peakRssMb() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return Long.parseLong(parts[0]) / 1024.0;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: no VmHWM
    }
    return -1;
  }

  /** The JSON line of a result, keys as issue 7 names them. */
  public static String json(Result r, double peakRss) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("case", r.name());
    m.put("threads", r.threads());
    m.put("value", round(r.value(), 2));
    m.put("unit", r.unit());
    m.put("step_ms", round(r.stepMillis(), 4));
    m.put("gflops", round(r.gflops(), 2));
    m.put("peak_rss_mb", round(peakRss, 1));
    StringBuilder b = new StringBuilder("{");
    m.forEach((k, v) -> {
      if (b.length() > 1) {
        b.append(", ");
      }
      b.append('"').append(k).append("\": ");
      b.append(v instanceof String s ? "\"" + s + "\"" : v);
    });
    return b.append('}').toString();
  }

  private static Object round(double v, int digits) {
    double f = Math.pow(10, digits);
    return Math.round(v * f) / f;
  }

  /**
   * The text line of a result, aligned like {@code bench/torch_peer.py}'s; the share of the peak
   * is against {@code peakPerCore} (the FMA loop's rate on one thread, measured by the caller)
   * times the threads, and shown as 0 where there is no peak (the scalar kernels).
   */
  public static String line(Result r, double peakRss, double peakPerCore) {
    double ofPeak = peakPerCore > 0 ? r.gflops() / (peakPerCore * r.threads()) * 100 : 0;
    return String.format(java.util.Locale.ROOT,
        "%-20s threads=%d %12.1f %-9s step %9.3f ms %7.1f GFLOPS %5.1f%% of peak  peak RSS %7.1f MB",
        r.name(), r.threads(), r.value(), r.unit(), r.stepMillis(), r.gflops(), ofPeak, peakRss);
  }
}
