package io.recur.api;

import static java.util.Objects.requireNonNull;

import io.recur.engine.Contexts;
import io.recur.engine.Model;
import io.recur.generate.TextSampler;
import io.recur.io.Sha256;
import io.recur.plugin.PluginManager;
import io.recur.plugin.PluginSource;
import io.recur.registry.Registry;
import io.recur.run.Provenance;
import io.recur.run.SavedModel;
import io.recur.spi.DataSchema;
import io.recur.spi.RecurException;
import io.recur.tensor.Parallelism;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.function.Function;

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
    idle.push(model);
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
    List<Prediction> out = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += options.batchSize()) {
      List<String> part = items.subList(from, Math.min(items.size(), from + options.batchSize()));
      ItemEncoder.Batch batch = encoder.text(part, from);
      out.addAll(withInstance(model -> decoder.decode(forward(model, batch), batch, part, null)));
    }
    return out;
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
    List<Prediction> out = new ArrayList<>(items.size());
    for (int from = 0; from < items.size(); from += options.batchSize()) {
      List<float[]> part = items.subList(from, Math.min(items.size(), from + options.batchSize()));
      ItemEncoder.Batch batch = encoder.numbers(part, from);
      out.addAll(withInstance(model -> decoder.decode(forward(model, batch), batch, null, part)));
    }
    return out;
  }

  /**
   * Samples text from a language model: each sample is the prime followed by drawn tokens,
   * stopping at the model's end symbol or after {@code length} tokens; the same seed gives the
   * same text.
   *
   * @throws RecurException when the model is not a language model over text, or the options are out of range
   */
  public List<String> sample(Sampling sampling) {
    requireNonNull(sampling, "sampling is null");
    if (signature.kind() != ModelKind.LANGUAGE_MODEL) {
      throw new RecurException("this model is a " + signature.kind().id() + ", not a language model; only a language"
          + " model can generate text");
    }
    TextSampler.Options o = new TextSampler.Options(sampling.prime(), sampling.length(), sampling.temperature(),
        sampling.topK(), sampling.count(), sampling.seed());
    return withInstance(model -> new TextSampler(model, loaded.schema().codec(), loaded.lossType()).sample(o));
  }

  /**
   * A new step-by-step session over a private instance of the model, starting from the zero state.
   *
   * @throws RecurException saying why when the model cannot run step by step (a bidirectional
   *     layer reads the future; a flatten layer needs the whole sequence)
   */
  public StreamingSession newSession() {
    return new StreamingSession(loaded.blueprint().build(), loaded, signature);
  }

  /** The raw output; decode it before the instance goes back to the pool, as layers may reuse its buffers. */
  private Tensor forward(Model model, ItemEncoder.Batch batch) {
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      if (options.threads() == 1) {
        return model.forward(batch.inputs(), Contexts.evaluation(batch.mask()));
      }
      try (Parallelism p = Parallelism.open(options.threads())) {
        return model.forward(batch.inputs(), Contexts.evaluation(batch.mask()));
      }
    }
  }

  private <T> T withInstance(Function<Model, T> work) {
    Model model = idle.poll();
    if (model == null) {
      model = loaded.blueprint().build();
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
