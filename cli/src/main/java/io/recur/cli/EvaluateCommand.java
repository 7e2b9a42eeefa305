package io.recur.cli;

import io.recur.builtin.metric.ConfusionMatrix;
import io.recur.config.ExperimentLoader;
import io.recur.config.TrainingParams;
import io.recur.engine.AdaptiveEvaluation;
import io.recur.engine.Evaluator;
import io.recur.engine.ExperimentParts;
import io.recur.engine.SchemaAgreement;
import io.recur.io.AtomicFiles;
import io.recur.io.Json;
import io.recur.model.RandomStreams;
import io.recur.registry.Registry;
import io.recur.report.ClassConfusion;
import io.recur.report.ClassNames;
import io.recur.run.OutputTargets;
import io.recur.run.Provenance;
import io.recur.run.RunDirectory;
import io.recur.run.SavedModel;
import io.recur.spi.Dataset;
import io.recur.spi.Kind;
import io.recur.spi.Loss;
import io.recur.spi.Metric;
import io.recur.spi.ParamSpec;
import io.recur.spi.Params;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.spi.TypedValue;
import io.recur.tensor.Parallelism;
import io.recur.tensor.Shape;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur evaluate --model DIR [--data CONFIG] [--split test]}: the loss and metrics of a
 * saved model on one split of its own dataset (rebuilt from the run's {@code config.yaml} with
 * the same seed, so the splits are the ones it was trained on) or of the dataset in another
 * file. Either way the data is encoded with the model's own vocabulary, classes and
 * normalisation ({@code DataContext.savedSchema()}); a label or token the model cannot represent
 * is an error, and data a dataset encoded its own way is refused. Prints the metrics and writes them as JSON beside the model ({@code
 * RUN/evaluation-<split>.json}, or {@code evaluation-<split>-<data file>.json} for {@code --data}).
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
    description = "Metrics of a saved model on a split of its dataset, or of another dataset.")
final class EvaluateCommand implements Callable<Integer> {
  static final ParamSpec<TypedValue> DATA = ParamSpec.ofTyped("data", Kind.DATASET).doc("the dataset");
  static final ParamSpec<Integer> SEED = ParamSpec.ofInt("seed").optional().doc("the seed of the data stream");
  static final ParamSpec<TypedValue> LOSS = ParamSpec.ofTyped("loss", Kind.LOSS).optional().doc("the loss");
  static final ParamSpec<List<TypedValue>> METRICS = ParamSpec.ofTypedList("metrics", Kind.METRIC).byDefault(List.of())
      .doc("the metrics");
  static final ParamSpec<Params> TRAINING = ParamSpec.ofSection("training", TrainingParams.all()).optional()
      .doc("the training loop, for its evaluation mode");

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--data", paramLabel = "CONFIG",
      description = "A YAML file whose data: section names the dataset (an experiment file will do). Default: the"
          + " dataset the model was trained on, from RUN_DIR/config.yaml.")
  Path dataConfig;

  @Option(names = "--split", paramLabel = "NAME", defaultValue = "test",
      description = "The split to evaluate: train, val or test (default: ${DEFAULT-VALUE}).")
  String split;

  @Option(names = "--output", paramLabel = "FILE", description = "Where to write the JSON. Default: beside the model.")
  Path output;

  @Mixin
  ThreadsOption threads;

  @Option(names = "--evaluation", paramLabel = "MODE",
      description = "windows: every sample from the initial state; stream: a corpus of back-to-back windows as one"
          + " stream, the state carried across them. Default: the run's training.evaluation (windows when unset).")
  String evaluation;

  @Option(names = "--adapt",
      description = "Also score the split as a stream that keeps learning from the text it has scored (dynamic"
          + " evaluation), reported as <split>.adapted.<metric>, with the run's training.adaptation settings (the"
          + " defaults when it has none). The saved model is not changed.")
  boolean adapt;

  @Mixin
  DataDirOption dataDirectory;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (output != null) {
      // before any work: a typo in --output must not cost the model, the data or the run's files
      OutputTargets.check(output, modelDir, dataConfig);
    }
    Registry registry = common.registry(dataConfig, List.of());
    common.checkPluginJars(modelDir, registry);
    SavedModel.Loaded model = SavedModel.load(modelDir, registry);
    Path runDir = modelDir.toAbsolutePath().normalize().getParent();
    Path runConfig = runDir == null ? null : runDir.resolve(RunDirectory.CONFIG);
    ExperimentLoader loader = new ExperimentLoader(registry);
    Params run = runConfig != null && Files.isRegularFile(runConfig)
        ? loader.loadKeys(runConfig, List.of(DATA.optional(), SEED, LOSS, METRICS, TRAINING)) : null;

    TypedValue data;
    int seed;
    Path dataFolder;
    String dataSource;
    if (dataConfig != null) {
      Params given = loader.loadKeys(dataConfig, List.of(DATA, SEED));
      data = given.get(DATA);
      Integer s = given.get(SEED);
      seed = s != null ? s : run != null && run.get(SEED) != null ? run.get(SEED) : 1;
      dataFolder = dataConfig.toAbsolutePath().getParent();
      dataSource = dataConfig.toString();
    } else {
      if (run == null || run.get(DATA) == null) {
        throw new RecurException(modelDir + ": no " + RunDirectory.CONFIG + " beside this model to say which data it was"
            + " trained on; give the dataset with --data CONFIG");
      }
      data = run.get(DATA);
      seed = run.get(SEED) != null ? run.get(SEED) : 1;
      dataFolder = configFolder(runDir);
      dataSource = runConfig.toString();
    }

    TypedValue lossSpec = run != null && run.get(LOSS) != null ? run.get(LOSS) : lossFromModel(registry);
    Loss loss = registry.loss(lossSpec.type()).create(lossSpec.params());
    List<Metric> metrics = ExperimentParts.metrics(run != null ? run.get(METRICS) : List.of(), registry, loss);

    // the model's own vocabulary, classes and normalisation, never ones the data would build for
    // itself: the same token or label would get another id, and the numbers would be silently wrong
    Dataset dataset = ExperimentParts.loadDataset(data, dataFolder, registry, dataDirectory.resolve(),
        new RandomStreams(seed), model.schema(), dataSource);
    Split part = dataset.splits().get(split);
    if (part == null || part.size() == 0) {
      throw new RecurException("--split " + split + ": the dataset has no such split (or it is empty); it has "
          + String.join(", ", dataset.splits().keySet()));
    }
    int[] expected = model.schema().inputShape();
    int[] got = Arrays.copyOfRange(part.inputs().shape(), 1, part.inputs().rank());
    if (!SchemaAgreement.takes(model.schema(), got)) {
      throw new RecurException("the model takes inputs of shape " + Shape.toString(expected) + " per sample, but the "
          + split + " split of '" + data.type() + "' has " + Shape.toString(got));
    }
    Evaluator.Mode mode = evaluationMode(run);
    if (mode == Evaluator.Mode.STREAM) {
      ExperimentParts.checkStreamEvaluation(model.model(), dataset, "--evaluation stream: ", data.type());
    }
    if (adapt) {
      ExperimentParts.checkStreamEvaluation(model.model(), dataset, "--adapt: ", data.type());
    }
    AdaptiveEvaluation.Settings adaptation = adapt ? adaptation(run) : null;
    int n = threads.resolve();
    Map<String, Double> values = new LinkedHashMap<>();
    try (Parallelism p = n > 1 ? Parallelism.open(n) : null) {
      values.putAll(Evaluator.evaluate(model.model(), part, metrics, mode));
      if (adapt) {
        AdaptiveEvaluation.evaluate(model.model(), part, metrics, loss, adaptation)
            .forEach((label, v) -> values.put(AdaptiveEvaluation.LABEL_PREFIX + label, v));
      }
    }

    PrintWriter out = spec.commandLine().getOut();
    // windows or stream matters only for a corpus of back-to-back windows; items (names, sentences) are items
    out.println(String.format(Locale.ROOT, "%s on the %s split (%d samples) of %s%s:", model.experiment(),
        split, part.size(), dataConfig != null ? dataConfig : data.type(),
        dataset.consecutive() ? ", " + mode.key() + " evaluation" : ""));
    Map<String, Object> metricValues = new LinkedHashMap<>();
    values.forEach((label, v) -> {
      out.println(String.format(Locale.ROOT, "  %-32s %.6f", split + "." + label, v));
      metricValues.put(split + "." + label, v);
    });
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("model", modelDir.toAbsolutePath().normalize().toString());
    doc.put("experiment", model.experiment());
    doc.put("data", dataConfig != null ? dataConfig.toAbsolutePath().normalize().toString() : data.type());
    doc.put("split", split);
    doc.put("evaluation", mode.key());
    if (adaptation != null) {
      Map<String, Object> settings = new LinkedHashMap<>();
      settings.put("learning_rate", adaptation.learningRate());
      settings.put("decay", adaptation.decay());
      settings.put("segment", adaptation.segment());
      doc.put("adaptation", settings);
    }
    doc.put("samples", part.size());
    doc.put("metrics", metricValues);
    Path target = output != null ? output : defaultOutput(runDir);
    // a classifier's per-class accuracy, and its confusion matrix as CSV beside the JSON
    Optional<ConfusionMatrix> confusion = ClassConfusion.of(model.model(), model.schema(), part);
    Path confusionFile = null;
    if (confusion.isPresent()) {
      List<String> classes = model.schema().classes();
      Map<String, Object> perClass = new LinkedHashMap<>();
      out.println("  per-class accuracy (support):");
      for (int c = 0; c < classes.size(); c++) {
        double acc = confusion.get().recall(c);
        perClass.put(classes.get(c), acc);
        // the JSON keeps the class itself; the screen shows a newline class as ⏎, not as a line break
        out.println(String.format(Locale.ROOT, "    %-22s %.6f (%d)", ClassNames.printable(classes.get(c)), acc,
            confusion.get().support(c)));
      }
      doc.put("per_class_accuracy", perClass);
      confusionFile = confusionFile(target);
      doc.put("confusion_matrix", confusionFile.getFileName().toString());
      confusion.get().writeCsv(confusionFile, classes);
    }
    AtomicFiles.write(target, Json.writePretty(doc).getBytes(StandardCharsets.UTF_8));
    out.println("wrote " + target);
    if (confusionFile != null) {
      out.println("wrote " + confusionFile);
    }
    out.flush();
    return Main.OK;
  }

  /** The run's training.adaptation, else the defaults. */
  private static AdaptiveEvaluation.Settings adaptation(Params run) {
    Params training = run != null ? run.get(TRAINING) : null;
    Params adaptation = training != null ? training.get(TrainingParams.ADAPTATION) : null;
    return adaptation != null ? AdaptiveEvaluation.Settings.of(adaptation) : AdaptiveEvaluation.Settings.DEFAULTS;
  }

  /** --evaluation, else the run's training.evaluation, else windows. */
  private Evaluator.Mode evaluationMode(Params run) {
    if (evaluation != null) {
      return switch (evaluation) {
        case "windows" -> Evaluator.Mode.WINDOWS;
        case "stream" -> Evaluator.Mode.STREAM;
        default -> throw new RecurException("--evaluation " + evaluation + ": expected windows or stream");
      };
    }
    return run != null && run.get(TRAINING) != null ? ExperimentParts.evaluationMode(run.get(TRAINING))
        : Evaluator.Mode.WINDOWS;
  }

  /** The loss named in model.yaml, for a model directory without its run's config. */
  private TypedValue lossFromModel(Registry registry) {
    Params p = new ExperimentLoader(registry).loadKeys(modelDir.resolve(SavedModel.MODEL_YAML), List.of(LOSS));
    if (p.get(LOSS) == null) {
      throw new RecurException(modelDir.resolve(SavedModel.MODEL_YAML) + ": names no loss; cannot evaluate");
    }
    return p.get(LOSS);
  }

  /** Where the experiment file the run started from lives (relative data paths), else the run directory. */
  private static Path configFolder(Path runDir) {
    Path provenance = runDir.resolve(RunDirectory.PROVENANCE);
    try {
      if (Files.isRegularFile(provenance)
          && Json.read(Files.readString(provenance, StandardCharsets.UTF_8)) instanceof Map<?, ?> m
          && m.get(Provenance.CONFIG_FILE) instanceof String file) {
        Path folder = Path.of(file).getParent();
        if (folder != null && Files.isDirectory(folder)) {
          return folder;
        }
      }
    } catch (IOException | RuntimeException e) {
      // an unreadable provenance only costs the hint where relative data paths point
    }
    return runDir;
  }

  /** {@code confusion-test.csv} beside {@code evaluation-test.json}; {@code NAME-confusion.csv} beside another name. */
  static Path confusionFile(Path json) {
    String name = json.getFileName().toString();
    String stem = name.endsWith(".json") ? name.substring(0, name.length() - 5) : name;
    String file = stem.startsWith("evaluation-") ? "confusion-" + stem.substring("evaluation-".length()) + ".csv"
        : stem + "-confusion.csv";
    return json.toAbsolutePath().resolveSibling(file);
  }

  private Path defaultOutput(Path runDir) {
    String name = "evaluation-" + split.replaceAll("[^A-Za-z0-9._-]+", "_");
    if (dataConfig != null) {
      String file = dataConfig.getFileName().toString().replaceAll("\\.ya?ml$", "");
      name += "-" + file.replaceAll("[^A-Za-z0-9._-]+", "_");
    }
    Path folder = runDir != null ? runDir : modelDir.toAbsolutePath();
    return folder.resolve(name + ".json");
  }
}
