package io.recur.api;

import static java.util.Objects.requireNonNull;

import io.recur.generate.TextSampler;
import io.recur.io.Sha256;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.plugin.PluginManager;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.SavedModel;
import io.recur.spi.DataSchema;
import io.recur.spi.RecurException;
import io.recur.tensor.Parallelism;
import io.recur.tensor.RecycledArrays;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.ToIntFunction;

/**
 * A saved model, loaded for use in an application: predict, sample, stream.
 *
 * <pre>{@code
 * RecurModel model = RecurModel.load(Path.of("runs/names-strong-…/model"));
 * for (Prediction p : model.predictBatch(List.of("Nguyen", "Schmidt"))) {
 *   Prediction.Classification c = (Prediction.Classification) p;
 *   System.out.println(c.input() + " → " + c.label() + " " + c.probability());
 * }
 * }</pre>
 *
 * <p>A {@code RecurModel} is immutable and thread-safe: share one between threads. Each call
 * runs on a model instance of its own (instances are built on demand, with copies of the weights,
 * and reused), so concurrent calls never see each other's state, and an item's answer does not
 * depend on the thread or on the other items of its batch beyond float rounding of padded
 * batches. Results are the same bits for any {@link Options#threads()}.
 *
 * <p>Bad items throw {@link InvalidItemException} naming the item; a model directory that cannot
 * be used (missing or corrupt files, weights holding NaN, a plugin type whose jar is not given)
 * throws {@link RecurException} naming the file.
 */
public final class RecurModel {
  /**
   * How a model is loaded and run.
   *
   * @param plugins plugin jars or folders holding the types the model needs beyond the built-in ones
   * @param threads compute threads per call (1 or more); the answers are the same bits for any count
   * @param batchSize the most items run through the model at once; larger lists are cut into
   *     batches of this size, so memory stays bounded
   */
  public record Options(List<Path> plugins, int threads, int batchSize) {
    /** No plugins, one thread, batches of 64. */
    public static final Options DEFAULT = new Options(List.of(), 1, 64);

    public Options {
      plugins = List.copyOf(plugins);
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be 1 or more, got " + threads);
      }
      if (batchSize < 1) {
        throw new IllegalArgumentException("batchSize must be 1 or more, got " + batchSize);
      }
    }

    public Options withPlugins(List<Path> plugins) {
      return new Options(plugins, threads, batchSize);
    }

    public Options withThreads(int threads) {
      return new Options(plugins, threads, batchSize);
    }

    public Options withBatchSize(int batchSize) {
      return new Options(plugins, threads, batchSize);
    }
  }

  /** What to sample from a language model; see {@link #sample}. */
  public record Sampling(String prime, int length, double temperature, int topK, int count, long seed) {
    public Sampling {
      requireNonNull(prime, "prime is null");
    }

    /** One sample of at most 200 tokens from the start symbol, temperature 1, every token, seed 1. */
    public static Sampling defaults() {
      return new Sampling("", 200, 1.0, 0, 1, 1);
    }
  }

  private final SavedModel.Loaded loaded;
  private final ModelSignature signature;
  private final Options options;
  private final ItemEncoder encoder;
  private final OutputDecoder decoder;
  /** Built instances not in use; a call takes one (or builds one) and gives it back. */
  private final ConcurrentLinkedDeque<Model> idle = new ConcurrentLinkedDeque<>();

  private RecurModel(SavedModel.Loaded loaded, String weightsSha256, Options options) {
    this.loaded = loaded;
    this.options = options;
    DataSchema schema = loaded.schema();
    Model model = loaded.model();
    ModelKind kind = kindOf(schema, model.outputShape());
    this.signature = new ModelSignature(loaded.experiment(), kind,
        schema.codec() != null ? InputKind.TEXT : InputKind.NUMBERS, model.inputShape(), model.outputShape(),
        schema.classes(), schema.codec() != null ? schema.codec().vocabulary() : List.of(), model.parameterCount(),
        Provenance.recurVersion(), weightsSha256);
    this.encoder = new ItemEncoder(schema, kind, model.inputShape());
    this.decoder = new OutputDecoder(loaded, kind);
    idle.push(frozen(model));
  }

  /**
   * {@code instance} with every weight {@linkplain Tensor#freeze() frozen}: no call changes them,
   * so the layers may keep what they derive from them (packed weights) from call to call.
   */
  private static Model frozen(Model instance) {
    instance.parameters().values().forEach(Tensor::freeze);
    return instance;
  }

  /** Loads {@code dir} (a run's {@code model/} folder) with {@link Options#DEFAULT}. */
  public static RecurModel load(Path dir) {
    return load(dir, Options.DEFAULT);
  }

  /**
   * Loads a saved model directory: {@code model.yaml} and {@code weights.safetensors}.
   *
   * @throws RecurException naming the file when the directory is not a usable model
   */
  public static RecurModel load(Path dir, Options options) {
    requireNonNull(dir, "dir is null");
    requireNonNull(options, "options is null");
    List<PluginSource> sources = new ArrayList<>();
    for (Path p : options.plugins()) {
      sources.add(new PluginSource(p, "RecurModel.Options.plugins"));
    }
    ClassLoader recur = RecurModel.class.getClassLoader();
    Registry registry = sources.isEmpty() ? Registry.discover(recur) : new PluginManager(recur, line -> { }).load(sources);
    SavedModel.Loaded loaded = SavedModel.load(dir, registry);
    return new RecurModel(loaded, Sha256.ofFile(dir.resolve(SavedModel.WEIGHTS)), options);
  }

  /** The kind of a model, from its data's classes and codecs and its per-item output shape. */
  static ModelKind kindOf(DataSchema schema, int[] outputShape) {
    if (schema.classes().isEmpty()) {
      return ModelKind.REAL_VALUED;
    }
    if (schema.targetCodec() != null) {
      return ModelKind.ENCODER_DECODER;
    }
    if (outputShape.length >= 2) {
      boolean nextToken = schema.codec() != null && schema.classes().equals(schema.codec().vocabulary());
      return nextToken ? ModelKind.LANGUAGE_MODEL : ModelKind.LABELLER;
    }
    return ModelKind.CLASSIFIER;
  }

  public ModelSignature signature() {
    return signature;
  }

  /** The options the model was loaded with. */
  public Options options() {
    return options;
  }

  /** The answer for one item: text, or for a model of numbers a line of comma-separated values. */
  public Prediction predict(String item) {
    return predictBatch(List.of(item)).get(0);
  }

  /**
   * The answers for {@code items}, in their order. Text items are prepared exactly as the model's
   * training items were; a model of numbers reads each item as comma-separated values ({@code
   * steps × features}, step by step, in the units of its data).
   *
   * @throws InvalidItemException naming the first item the model cannot take; no answer is returned then
   */
  public List<Prediction> predictBatch(List<String> items) {
    requireNonNull(items, "items is null");
    if (signature.inputKind() == InputKind.NUMBERS) {
      List<float[]> values = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        values.add(ItemEncoder.parseNumbers(requireNonNull(items.get(i), "item is null"), i));
      }
      return predictValuesBatch(values);
    }
    return inBatches(items, String::length, (part, indices, kernelThreads) -> {
      ItemEncoder.Batch batch = encoder.text(part, indices);
      return withInstance(model -> predictions(model, batch, kernelThreads, part, null));
    });
  }

  /**
   * Checks that the model can take every item, without running it: the same preparation and
   * checks as {@link #predictBatch}. A server validates each request this way before batching it
   * with others, so one bad item cannot fail the answers of another request.
   *
   * @throws InvalidItemException naming the first item the model cannot take
   */
  public void check(List<String> items) {
    requireNonNull(items, "items is null");
    int[] indices = new int[items.size()];
    for (int i = 0; i < indices.length; i++) {
      indices[i] = i;
      requireNonNull(items.get(i), "item is null");
    }
    if (signature.inputKind() == InputKind.NUMBERS) {
      List<float[]> values = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        values.add(ItemEncoder.parseNumbers(items.get(i), i));
      }
      encoder.numbers(values, indices);
    } else {
      encoder.text(items, indices);
    }
  }

  /** The answer for one item of real values ({@code steps × features}, in the units of the data). */
  public Prediction predictValues(float[] item) {
    return predictValuesBatch(List.of(item)).get(0);
  }

  /**
   * The answers for items of real values, in their order.
   *
   * @throws RecurException when the model reads text
   * @throws InvalidItemException naming the first item the model cannot take
   */
  public List<Prediction> predictValuesBatch(List<float[]> items) {
    requireNonNull(items, "items is null");
    if (signature.inputKind() != InputKind.NUMBERS) {
      throw new RecurException("this model reads text (" + signature.kind().id() + "); give strings, not numbers");
    }
    return inBatches(items, item -> item.length, (part, indices, kernelThreads) -> {
      ItemEncoder.Batch batch = encoder.numbers(part, indices);
      return withInstance(model -> predictions(model, batch, kernelThreads, null, part));
    });
  }

  /**
   * Predicts one batch.
   *
   * @param part the batch's items
   * @param indices each item's index in the caller's list, for messages
   * @param kernelThreads the threads the batch's matrix products may use
   */
  private interface BatchPrediction<T> {
    List<Prediction> predict(List<T> part, int[] indices, int kernelThreads);
  }

  /**
   * Predicts {@code items} in batches of {@link Options#batchSize()} and returns the answers in
   * the items' order. Batches are made of items of similar length (sorted by {@code length}), so
   * little time goes into padding; an answer does not depend on the other items of its batch.
   * With several threads and several batches, the batches run side by side, one model instance
   * each; a single batch uses the threads inside its matrix products instead.
   */
  private <T> List<Prediction> inBatches(List<T> items, ToIntFunction<T> length, BatchPrediction<T> work) {
    int n = items.size();
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingInt(i -> length.applyAsInt(items.get(i))));
    int size = options.batchSize();
    List<int[]> batches = new ArrayList<>();
    for (int from = 0; from < n; from += size) {
      int[] indices = new int[Math.min(n, from + size) - from];
      for (int k = 0; k < indices.length; k++) {
        indices[k] = order[from + k];
      }
      // within a batch, input order: the first bad item named is the first in the caller's list
      Arrays.sort(indices);
      batches.add(indices);
    }
    Prediction[] out = new Prediction[n];
    if (options.threads() == 1 || batches.size() <= 1) {
      for (int[] indices : batches) {
        place(out, indices, work.predict(pick(items, indices), indices, options.threads()));
      }
      return List.of(out);
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(options.threads(), batches.size()), r -> {
      Thread t = new Thread(r, "recur-predict");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<List<Prediction>>> parts = new ArrayList<>();
      for (int[] indices : batches) {
        parts.add(pool.submit(() -> work.predict(pick(items, indices), indices, 1)));
      }
      RuntimeException first = null;
      int firstIndex = Integer.MAX_VALUE;
      for (int b = 0; b < parts.size(); b++) {
        try {
          place(out, batches.get(b), parts.get(b).get());
        } catch (ExecutionException e) {
          if (e.getCause() instanceof Error err) {
            throw err;
          }
          if (!(e.getCause() instanceof RuntimeException r)) {
            throw new IllegalStateException(e.getCause());
          }
          // report the failing item that comes first in the caller's list, as one thread would
          int index = r instanceof InvalidItemException bad ? bad.index() : batches.get(b)[0];
          if (index < firstIndex) {
            first = r;
            firstIndex = index;
          }
        }
      }
      if (first != null) {
        throw first;
      }
      return List.of(out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RecurException("prediction interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }

  private static <T> List<T> pick(List<T> items, int[] indices) {
    List<T> out = new ArrayList<>(indices.length);
    for (int i : indices) {
      out.add(items.get(i));
    }
    return out;
  }

  private static void place(Prediction[] out, int[] indices, List<Prediction> answers) {
    for (int k = 0; k < indices.length; k++) {
      out[indices[k]] = answers.get(k);
    }
  }

  /**
   * Samples text from a language model: each sample is the prime followed by drawn tokens,
   * stopping at the model's end symbol or after {@code length} tokens; the same seed gives the
   * same text.
   *
   * @throws RecurException when the model is not a language model over text, or the options are out of range
   */
  public List<String> sample(Sampling sampling) {
    List<String> out = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    sample(sampling, piece -> current.append(piece), index -> {
      out.add(current.toString());
      current.setLength(0);
    });
    return out;
  }

  /**
   * Samples as {@link #sample(Sampling)} does, handing the text to {@code text} piece by piece as
   * it is drawn (the prime first) and each sample's index to {@code sampleEnd} when it is
   * complete, so no sample is held in memory.
   *
   * @throws RecurException as {@link #sample(Sampling)}
   */
  public void sample(Sampling sampling, Consumer<String> text, IntConsumer sampleEnd) {
    requireNonNull(sampling, "sampling is null");
    requireNonNull(text, "text is null");
    requireNonNull(sampleEnd, "sampleEnd is null");
    if (signature.kind() != ModelKind.LANGUAGE_MODEL) {
      throw new RecurException("this model is a " + signature.kind().id() + ", not a language model; only a language"
          + " model can generate text");
    }
    TextSampler.Options o = new TextSampler.Options(sampling.prime(), sampling.length(), sampling.temperature(),
        sampling.topK(), sampling.count(), sampling.seed());
    withInstance(model -> {
      // the kernels of every step may use the threads; the draws and the text stay the same bits
      try (Parallelism p = options.threads() > 1 ? Parallelism.open(options.threads()) : null) {
        new TextSampler(model, loaded.schema().codec(), loaded.outputKind()).sample(o, new TextSampler.Sink() {
          @Override public void start(int index) {
            // a sample begins with its prime, handed on as its first piece
          }

          @Override public void text(String piece) {
            text.accept(piece);
          }

          @Override public void end(int index) {
            sampleEnd.accept(index);
          }
        });
      }
      return null;
    });
  }

  /**
   * A new step-by-step session over a private instance of the model, starting from the zero state.
   *
   * @throws RecurException saying why when the model cannot run step by step (a bidirectional
   *     layer reads the future; a flatten layer needs the whole sequence)
   */
  public StreamingSession newSession() {
    return new StreamingSession(frozen(loaded.blueprint().build()), loaded, signature);
  }

  /**
   * One batch's predictions. Each holds copies of what it needs from the output, so the output's
   * array is handed back for the next batch on this thread once they are made.
   */
  private List<Prediction> predictions(Model model, ItemEncoder.Batch batch, int kernelThreads, List<String> texts,
      List<float[]> values) {
    Tensor raw = forward(model, batch, kernelThreads);
    List<Prediction> out = decoder.decode(raw, batch, texts, values);
    RecycledArrays.giveBack(raw.data());
    return out;
  }

  /**
   * The raw output; decode it before the instance goes back to the pool, as layers may reuse its
   * buffers.
   */
  private static Tensor forward(Model model, ItemEncoder.Batch batch, int kernelThreads) {
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      if (kernelThreads == 1) {
        return model.forward(batch.inputs(), Contexts.evaluation(batch.mask()));
      }
      try (Parallelism p = Parallelism.open(kernelThreads)) {
        return model.forward(batch.inputs(), Contexts.evaluation(batch.mask()));
      }
    }
  }

  private <T> T withInstance(Function<Model, T> work) {
    Model model = idle.poll();
    if (model == null) {
      model = frozen(loaded.blueprint().build());
    }
    try {
      return work.apply(model);
    } finally {
      idle.push(model);
    }
  }

  @Override
  public String toString() {
    return "RecurModel(" + signature.experiment() + ", " + signature.kind().id() + ", "
        + signature.parameterCount() + " parameters)";
  }
}
