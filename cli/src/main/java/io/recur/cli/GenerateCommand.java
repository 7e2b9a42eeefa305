package io.recur.cli;

import io.recur.api.InputKind;
import io.recur.api.RecurModel;
import io.recur.registry.Registry;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur generate --model DIR [--prime TEXT] [--length N] [--temperature T] [--top-k K]
 * [--count C] [--seed S]} (DESIGN.md, "CLI"): samples sequences from a saved generative model.
 * The options are parsed here; what sampling means depends on the model, and each kind of model
 * has a class of its own: a language model over text (its data has a text codec) goes to {@link
 * TextGeneration}; a model of real values (a sinusoid, a series) to {@link ContinuousGeneration},
 * which feeds each output back as the next input and writes CSV.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
    description = "Sample sequences from a saved language model: each sample on its own line (a blank line between"
        + " samples that span several lines). A model of real values instead continues a signal, feeding each"
        + " prediction back as the next input, and writes CSV.")
final class GenerateCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--prime", paramLabel = "TEXT", defaultValue = "",
      description = "Text every sample starts with (default: none; the model starts from its start symbol).")
  String prime;

  @Option(names = "--length", paramLabel = "N", defaultValue = "200",
      description = "The most tokens drawn per sample; a model of line items stops earlier at its end symbol"
          + " (default: ${DEFAULT-VALUE}; for a model of real values, the values generated, default 100).")
  int length;

  @Option(names = "--temperature", paramLabel = "T", defaultValue = "1.0",
      description = "Divides the log-probabilities: below 1 more likely tokens, above 1 more varied text, 0 always the"
          + " most likely token (default: ${DEFAULT-VALUE}).")
  double temperature;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "0",
      description = "Draw only among the K most likely tokens; 0 for all (default: ${DEFAULT-VALUE}).")
  int topK;

  @Option(names = "--count", paramLabel = "C", defaultValue = "1", description = "How many samples (default: ${DEFAULT-VALUE}).")
  int count;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
      description = "Seed of the sampling stream: the same seed gives the same text (default: ${DEFAULT-VALUE}).")
  long seed;

  @Mixin
  ThreadsOption threads;

  @Mixin
  CommonOptions common;

  /** --prime-steps, --sample, --split, --csv, --data-dir: read by models of real values only. */
  @Mixin
  ContinuousGeneration.Options continuous;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    common.checkPluginJars(modelDir);
    int kernelThreads = threads.resolve();
    RecurModel api = RecurModel.load(modelDir,
        RecurModel.Options.DEFAULT.withPlugins(common.pluginPaths()).withThreads(kernelThreads));
    if (api.signature().inputKind() == InputKind.TEXT) {
      return new TextGeneration(this, api).run(spec.commandLine().getOut());
    }
    Registry registry = common.registry();
    SavedModel.Loaded model = SavedModel.load(modelDir, registry);
    if (ContinuousGeneration.appliesTo(model)) {
      // #4 sine waves and series: a real-valued model continues a signal; 100 values unless --length says
      int n = spec.commandLine().getParseResult().hasMatchedOption("--length") ? length
          : ContinuousGeneration.DEFAULT_LENGTH;
      return ContinuousGeneration.run(model, modelDir, prime.isEmpty() ? null : prime, n, count, continuous, registry,
          spec.commandLine().getOut());
    }
    throw new RecurException(modelDir + ": this model is a " + api.signature().kind().id() + " of real values whose"
        + " outputs are not its next inputs, so it cannot continue a signal; and it was not trained on text, so there"
        + " is no vocabulary to sample from");
  }
}
