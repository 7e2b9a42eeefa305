package io.recur.run;

import io.recur.config.ConfigYaml;
import io.recur.config.ExperimentLoader;
import io.recur.config.ExperimentSpec;
import io.recur.config.ModelParams;
import io.recur.io.AtomicFiles;
import io.recur.io.InputFiles;
import io.recur.io.Safetensors;
import io.recur.model.Fitting;
import io.recur.model.Model;
import io.recur.model.ModelBuilder;
import io.recur.model.RandomStreams;
import io.recur.plugin.PluginProvenance;
import io.recur.registry.Registry;
import io.recur.spi.DataSchema;
import io.recur.spi.Kind;
import io.recur.spi.Normalization;
import io.recur.spi.OutputKind;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.spi.TypedValue;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A saved model directory: {@code model.yaml} (architecture, input description, class names,
 * text codec, and where the data has them a target codec and a normalisation; loss) and {@code
 * weights.safetensors} (tensors named {@code <layer>.<param>}).
 * Everything in it is a pure function of the trained model, so identical runs write identical
 * bytes.
 */
public final class SavedModel {
  public static final String MODEL_YAML = "model.yaml";
  public static final String WEIGHTS = "weights.safetensors";
  /** Bumped when model.yaml changes incompatibly; readers check it. */
  public static final int FORMAT = 1;

  static final String KEY_FORMAT = "format";
  static final String KEY_EXPERIMENT = "experiment";
  static final String KEY_INPUT = "input";
  static final String KEY_SHAPE = "shape";
  static final String KEY_VOCABULARY = "vocabulary";
  static final String KEY_TARGET = "target";
  static final String KEY_CLASSES = "classes";
  static final String KEY_CODEC = "codec";
  static final String KEY_TARGET_CODEC = "target_codec";
  static final String KEY_NORMALIZATION = "normalization";
  static final String KEY_MODEL = "model";
  static final String KEY_LOSS = "loss";
  static final String KEY_PLUGINS = PluginProvenance.KEY;
  private static final ParamSpec<TypedValue> LOSS = ParamSpec.ofTyped(KEY_LOSS, Kind.LOSS).optional()
      .doc("the loss the model was trained with");

  private SavedModel() {}

  /** {@link #save(Path, ExperimentSpec, DataSchema, Model, Registry)} recording no plugin types. */
  public static void save(Path dir, ExperimentSpec spec, DataSchema schema, Model model) {
    save(dir, spec, schema, model, null);
  }

  /**
   * Writes {@code model.yaml} and the weights. With the {@code registry} the model was built
   * from, the plugin types the experiment uses are recorded under {@code plugins:} with the jar
   * (and its SHA-256) each came from (issue 5), so that loading without that jar names it.
   */
  public static void save(Path dir, ExperimentSpec spec, DataSchema schema, Model model, Registry registry) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put(KEY_FORMAT, FORMAT);
    doc.put(KEY_EXPERIMENT, spec.name());
    Map<String, Object> input = new LinkedHashMap<>();
    List<Integer> shape = new ArrayList<>();
    for (int d : schema.inputShape()) {
      shape.add(d);
    }
    input.put(KEY_SHAPE, shape);
    input.put(KEY_VOCABULARY, schema.inputVocabulary());
    doc.put(KEY_INPUT, input);
    // written only when the model was built knowing its targets, which an encoder–decoder's length follows
    if (model.targetShape() != null) {
      List<Integer> target = new ArrayList<>();
      for (int d : model.targetShape()) {
        target.add(d);
      }
      doc.put(KEY_TARGET, Map.of(KEY_SHAPE, target));
    }
    doc.put(KEY_CLASSES, schema.classes());
    if (schema.codec() != null) {
      doc.put(KEY_CODEC, schema.codec().toMap());
    }
    // written only when present, so the model.yaml of a plain classifier stays as it was
    if (schema.targetCodec() != null) {
      doc.put(KEY_TARGET_CODEC, schema.targetCodec().toMap());
    }
    if (schema.normalization() != null) {
      doc.put(KEY_NORMALIZATION, schema.normalization().toMap());
    }
    doc.put(KEY_MODEL, spec.resolved().get(KEY_MODEL));
    doc.put(KEY_LOSS, spec.resolved().get(KEY_LOSS));
    // written only when plugin types are used, so the model.yaml of a built-in model stays as it was
    List<Map<String, Object>> plugins = registry == null ? List.of() : PluginProvenance.typesUsed(spec, registry);
    if (!plugins.isEmpty()) {
      doc.put(KEY_PLUGINS, plugins);
    }
    AtomicFiles.write(dir.resolve(MODEL_YAML), ConfigYaml.write(doc).getBytes(StandardCharsets.UTF_8));
    // a counted model's fitted state (issue 4) is saved beside the weights, <layer>.<name> like them
    Map<String, Tensor> tensors = new LinkedHashMap<>(model.parameters());
    tensors.putAll(Fitting.state(model));
    Safetensors.write(dir.resolve(WEIGHTS), tensors, Map.of("format", "pt"));
  }

  /**
   * A model read back from its directory.
   *
   * @param model one built instance, with the saved weights
   * @param outputKind what the model's outputs are, as the loss it was trained with declares
   *     (probabilities for a model.yaml that names no loss)
   * @param blueprint builds further instances with the same weights: layers keep per-forward state
   *     (carried recurrent states, scratch buffers), so each thread needs an instance of its own
   */
  public record Loaded(String experiment, Model model, DataSchema schema, OutputKind outputKind, Blueprint blueprint) {
    /** Class probabilities {@code [N, classes]} from the model's raw output. */
    public Tensor probabilities(Tensor output) {
      Tensor p = switch (outputKind) {
        case LOGITS -> Shape.last(output.shape()) == 1 ? output.detach().sigmoid() : output.detach().softmax();
        case LOG_PROBABILITIES -> output.detach().exp();
        default -> output.detach();
      };
      int classes = schema.classes().size();
      if (Shape.last(p.shape()) == 1 && classes == 2) {
        // a single sigmoid unit: P(class 1) = p, P(class 0) = 1 - p
        float[] two = new float[p.size() * 2];
        for (int i = 0; i < p.size(); i++) {
          two[2 * i] = 1f - p.data()[i];
          two[2 * i + 1] = p.data()[i];
        }
        int[] shape = p.shape();
        shape[shape.length - 1] = 2;
        return Tensor.of(two, shape);
      }
      if (Shape.last(p.shape()) != classes) {
        throw new RecurException("the model outputs " + Shape.last(p.shape()) + " values per sample but was trained on "
            + classes + " classes; it is not a classifier whose probabilities can be printed");
      }
      return p;
    }
  }

  /**
   * What a model is built from: its layer specs, shapes and the tensors of its weights file, read
   * once. {@link #build()} gives a new instance holding copies of the weights.
   */
  public static final class Blueprint {
    private final Registry registry;
    private final List<TypedValue> layers;
    private final DataSchema schema;
    private final int[] targetShape;
    private final Map<String, Tensor> tensors;
    private final String source;

    Blueprint(Registry registry, List<TypedValue> layers, DataSchema schema, int[] targetShape,
        Map<String, Tensor> tensors, String source) {
      this.registry = registry;
      this.layers = List.copyOf(layers);
      this.schema = schema;
      this.targetShape = targetShape == null ? null : targetShape.clone();
      this.tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
      this.source = source;
    }

    /** A new model instance with the saved weights. */
    public Model build() {
      // weights are overwritten below; the init stream only has to exist
      Model model = new ModelBuilder(registry, RandomStreams.fresh(0, RandomStreams.INIT))
          .build(layers, schema.inputShape(), schema.inputVocabulary(), targetShape,
              ModelBuilder.outputSize(schema, targetShape));
      copyWeights(new LinkedHashMap<>(tensors), source, model);
      return model;
    }
  }

  /** Reads {@code dir/model.yaml} and {@code dir/weights.safetensors} and rebuilds the model. */
  @SuppressWarnings("unchecked")
  public static Loaded load(Path dir, Registry registry) {
    Path yaml = dir.resolve(MODEL_YAML);
    requireModelDirectory(dir);
    Map<String, Object> doc;
    try {
      Object parsed = readYaml(yaml);
      if (!(parsed instanceof Map)) {
        throw new RecurException(yaml + ": expected a map of model keys");
      }
      doc = (Map<String, Object>) parsed;
    } catch (RuntimeException e) {
      if (e instanceof RecurException re) {
        throw re;
      }
      throw new RecurException(yaml + ": cannot be read: " + e.getMessage(), e);
    }
    Object format = doc.get(KEY_FORMAT);
    if (!(format instanceof Integer)) {
      throw new RecurException(yaml + ": format: expected the whole number " + FORMAT + ", got "
          + (format == null ? "nothing" : format instanceof String ? "the text '" + format + "'" : format));
    }
    if (!Integer.valueOf(FORMAT).equals(format)) {
      throw new RecurException(yaml + ": model format " + format + " is not supported; this Recur reads format " + FORMAT);
    }
    DataSchema schema;
    int[] targetShape;
    try {
      Map<String, Object> input = (Map<String, Object>) doc.get(KEY_INPUT);
      List<Integer> shape = (List<Integer>) input.get(KEY_SHAPE);
      int[] inputShape = shape.stream().mapToInt(Integer::intValue).toArray();
      for (int d : inputShape) {
        if (d < 1) {
          throw new RecurException(yaml + ": input.shape " + shape + ": every dimension must be 1 or more");
        }
      }
      // optional for hand-written model.yaml files (a PyTorch model brought over): 0 = real-valued input
      int vocabulary = (Integer) input.getOrDefault(KEY_VOCABULARY, 0);
      // optional: absent in model.yaml files written before it was recorded
      Map<String, Object> target = (Map<String, Object>) doc.get(KEY_TARGET);
      targetShape = target == null ? null
          : ((List<Integer>) target.get(KEY_SHAPE)).stream().mapToInt(Integer::intValue).toArray();
      List<String> classes = (List<String>) doc.getOrDefault(KEY_CLASSES, List.of());
      Map<String, Object> codec = (Map<String, Object>) doc.get(KEY_CODEC);
      Map<String, Object> targetCodec = (Map<String, Object>) doc.get(KEY_TARGET_CODEC);
      Map<String, Object> normalization = (Map<String, Object>) doc.get(KEY_NORMALIZATION);
      schema = new DataSchema(inputShape, vocabulary, classes, codec == null ? null : TextCodec.fromMap(codec),
          targetCodec == null ? null : TextCodec.fromMap(targetCodec),
          normalization == null ? null : Normalization.fromMap(normalization));
    } catch (ClassCastException | NullPointerException | IllegalArgumentException e) {
      throw new RecurException(yaml + ": the input, classes, codec or loss entry is malformed (" + e.getMessage() + ")", e);
    }
    // the model section needs its layer and initialiser types, and the loss says what the outputs
    // are: name the plugin jar of any that is missing
    PluginProvenance.requireTypes(yaml.toString(), doc.get(KEY_PLUGINS), registry,
        EnumSet.of(Kind.LAYER, Kind.INITIALIZER, Kind.LOSS, Kind.CELL));
    OutputKind outputKind = outputKind(yaml, doc, registry);
    Params section = new ExperimentLoader(registry).loadSection(yaml, KEY_MODEL, ModelParams.all());
    Path weights = dir.resolve(WEIGHTS);
    Blueprint blueprint = new Blueprint(registry, section.get(ModelParams.LAYERS), schema, targetShape,
        readFinite(weights), weights.toString());
    Object experiment = doc.get(KEY_EXPERIMENT);
    String name = experiment != null ? String.valueOf(experiment)
        : String.valueOf(dir.toAbsolutePath().normalize().getFileName());
    return new Loaded(name, blueprint.build(), schema, outputKind, blueprint);
  }

  /**
   * What the outputs are, as the saved loss declares; a hand-written model.yaml without a loss (a
   * PyTorch model brought over) has its outputs taken as they are.
   */
  private static OutputKind outputKind(Path yaml, Map<String, Object> doc, Registry registry) {
    if (doc.get(KEY_LOSS) == null) {
      return OutputKind.PROBABILITIES;
    }
    TypedValue loss = new ExperimentLoader(registry).loadKeys(yaml, List.of(LOSS)).get(LOSS);
    return registry.loss(loss.type()).create(loss.params()).outputKind();
  }

  /**
   * Checks that every plugin type {@code dir/model.yaml} records (layers, loss, dataset, metrics,
   * …) is in {@code registry}; for commands that need more than the model section, such as
   * evaluating on the run's data or resuming it (issue 5).
   *
   * @throws RecurException naming each missing type and the plugin jar it came from
   */
  public static void requirePlugins(Path dir, Registry registry) {
    Path yaml = dir.resolve(MODEL_YAML);
    PluginProvenance.requireTypes(yaml.toString(), recordedPlugins(yaml), registry, EnumSet.allOf(Kind.class));
  }

  /** The {@code plugins:} entry of a model.yaml, or null when it records none. */
  private static Object recordedPlugins(Path yaml) {
    Object doc;
    try {
      doc = readYaml(yaml);
    } catch (RecurException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new RecurException(yaml + ": cannot be read: " + e.getMessage(), e);
    }
    return doc instanceof Map<?, ?> m ? m.get(KEY_PLUGINS) : null;
  }

  /**
   * The plugin jars {@code dir/model.yaml} records whose types {@code registry} now serves from a
   * jar of another SHA-256: a rebuilt or different plugin. The CLI warns about them, or refuses
   * under {@code --strict-plugins}.
   */
  public static List<PluginProvenance.JarMismatch> pluginJarMismatches(Path dir, Registry registry) {
    requireModelDirectory(dir);
    Path yaml = dir.resolve(MODEL_YAML);
    return PluginProvenance.jarMismatches(yaml.toString(), recordedPlugins(yaml), registry);
  }

  /** A folder without model.yaml is not a model: say so before reading anything of it. */
  private static void requireModelDirectory(Path dir) {
    if (!Files.isRegularFile(dir.resolve(MODEL_YAML))) {
      throw new RecurException(dir + ": not a saved model directory (no " + MODEL_YAML + "); give the model/ folder of"
          + " a run");
    }
  }

  /**
   * Copies every tensor of {@code file} into the model's parameter of the same name, and hands a
   * fitted layer its state ({@link Fitting}).
   *
   * @throws RecurException naming the file and the tensor when a tensor is missing, has another
   *     shape, does not belong to the model, or holds NaN or an infinity
   */
  public static void loadWeights(Path file, Model model) {
    copyWeights(readFinite(file), file.toString(), model);
  }

  /**
   * The tensors of a saved model directory's {@value #WEIGHTS}, each checked to be finite, for a
   * run that starts from them ({@code training.init_from}).
   *
   * @throws RecurException when {@code dir} is not a saved model or its weights cannot be read
   */
  public static Map<String, Tensor> readWeights(Path dir) {
    requireModelDirectory(dir);
    return readFinite(dir.resolve(WEIGHTS));
  }

  /**
   * The document of a {@code model.yaml}: a regular file of at most {@link
   * InputFiles#MAX_CONFIG_BYTES}, parsed with the same bound on its text.
   */
  private static Object readYaml(Path yaml) {
    String text = InputFiles.readUtf8(yaml, InputFiles.MAX_CONFIG_BYTES, "a " + MODEL_YAML + " file");
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit((int) InputFiles.MAX_CONFIG_BYTES);
    return new Yaml(new SafeConstructor(options)).load(text);
  }

  /** The tensors of a weights file, each checked to hold only finite numbers. */
  private static Map<String, Tensor> readFinite(Path file) {
    Map<String, Tensor> tensors = Safetensors.read(file).tensors();
    tensors.forEach((name, t) -> requireFinite(file, name, t));
    return tensors;
  }

  private static void copyWeights(Map<String, Tensor> tensors, String file, Model model) {
    Map<String, Tensor> weights = Fitting.load(model, tensors, file);
    Map<String, Tensor> params = model.parameters();
    for (Map.Entry<String, Tensor> p : params.entrySet()) {
      Tensor w = weights.get(p.getKey());
      if (w == null) {
        throw new RecurException(file + ": tensor '" + p.getKey() + "' is missing; the model needs "
            + params.keySet() + ", the file has " + weights.keySet());
      }
      if (!Arrays.equals(w.shape(), p.getValue().shape())) {
        throw new RecurException(file + ": tensor '" + p.getKey() + "' has shape " + Shape.toString(w.shape())
            + ", the model expects " + Shape.toString(p.getValue().shape()));
      }
    }
    TreeSet<String> extra = new TreeSet<>(weights.keySet());
    extra.removeAll(params.keySet());
    if (!extra.isEmpty()) {
      throw new RecurException(file + ": tensors " + extra + " do not belong to this model; it has " + params.keySet());
    }
    params.forEach((name, t) -> System.arraycopy(weights.get(name).data(), 0, t.data(), 0, t.size()));
  }

  /**
   * Refuses a tensor holding NaN or ±Inf: a model with one computes NaN for every input that
   * reaches it, and predictions of NaN look like answers. One pass over the data.
   */
  private static void requireFinite(Path file, String name, Tensor t) {
    float[] data = t.data();
    for (int i = 0; i < t.size(); i++) {
      float v = data[i];
      if (!Float.isFinite(v)) {
        String what = Float.isNaN(v) ? "NaN" : v > 0 ? "+Infinity" : "-Infinity";
        throw new RecurException(file + ": tensor '" + name + "' holds " + what + " (element " + index(i, t.shape())
            + " of " + Shape.toString(t.shape()) + "); the model cannot be used (retrain it or restore its weights)");
      }
    }
  }

  /** {@code [0, 17]}: the position of the row-major flat index {@code flat} in {@code shape}. */
  private static String index(int flat, int[] shape) {
    int[] at = new int[shape.length];
    for (int d = shape.length - 1; d >= 0; d--) {
      at[d] = flat % shape[d];
      flat /= shape[d];
    }
    return Arrays.toString(at);
  }
}
