package io.recur.cli;

import io.recur.engine.Contexts;
import io.recur.io.AtomicFiles;
import io.recur.io.Safetensors;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur predict --model DIR --input FILE [--output FILE]}. Text input (one sequence a
 * line) prints, per line, the decision and the class probabilities as a TSV table; a {@code
 * .safetensors} input (tensor {@code input}) writes a {@code .safetensors} with tensor {@code
 * output}.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict with a saved model: decisions and class probabilities for each input line, or a tensor for .safetensors input.")
final class PredictCommand implements Callable<Integer> {
  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "Text, one sequence per line; or .safetensors holding tensor 'input' [batch, time, features].")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the result here instead of standard output.")
  Path output;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SavedModel.Loaded model = SavedModel.load(modelDir, Registries.builtIn());
    if (input.toString().endsWith(".safetensors")) {
      predictTensor(model);
    } else {
      predictText(model);
    }
    return Main.OK;
  }

  private void predictTensor(SavedModel.Loaded model) {
    Map<String, Tensor> tensors = Safetensors.read(input).tensors();
    Tensor x = tensors.get("input");
    if (x == null) {
      throw new RecurException(input + ": no tensor named 'input'; found " + tensors.keySet());
    }
    Tensor y = model.model().forward(x, Contexts.evaluation(null));
    Path target = output != null ? output : Path.of(input.toString().replaceAll("\\.safetensors$", "") + ".output.safetensors");
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put("output", y.detach());
    Safetensors.write(target, out, Map.of());
    spec.commandLine().getOut().println("wrote " + target);
  }

  private void predictText(SavedModel.Loaded model) throws IOException {
    TextCodec codec = model.schema().codec();
    if (codec == null) {
      throw new RecurException(modelDir + ": this model was not trained on text; give a .safetensors input with tensor 'input'");
    }
    List<String> lines;
    try {
      lines = Files.readAllLines(input, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    } catch (NoSuchFileException e) {
      throw new RecurException(input + ": no such file");
    }
    Tensor ids = codec.encode(lines, input.getFileName().toString());
    Tensor probabilities = model.probabilities(model.model().forward(ids, Contexts.evaluation(null)));
    List<String> classes = model.schema().classes();
    StringBuilder b = new StringBuilder("index\tinput\tprediction");
    for (String c : classes) {
      b.append("\tp(").append(c).append(')');
    }
    b.append('\n');
    int k = classes.size();
    float[] p = probabilities.data();
    for (int i = 0; i < lines.size(); i++) {
      int best = 0;
      for (int j = 1; j < k; j++) {
        if (p[i * k + j] > p[i * k + best]) {
          best = j;
        }
      }
      b.append(i).append('\t').append(lines.get(i)).append('\t').append(classes.get(best));
      for (int j = 0; j < k; j++) {
        b.append('\t').append(String.format(Locale.ROOT, "%.6f", p[i * k + j]));
      }
      b.append('\n');
    }
    if (output != null) {
      AtomicFiles.write(output, b.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      spec.commandLine().getOut().print(b);
      spec.commandLine().getOut().flush();
    }
  }
}
