package io.recur.cli;

import io.recur.engine.Contexts;
import io.recur.engine.Model;
import io.recur.io.AtomicFiles;
import io.recur.io.Safetensors;
import io.recur.layers.recurrent.RecurrentLayer;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
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
 * line) prints, per line, the decision and the class probabilities as a TSV table (for a model
 * that labels every position, the decisions only, one per token). A {@code .safetensors} input
 * writes a {@code .safetensors} (DESIGN.md, "CLI"):
 *
 * <ul>
 *   <li>in: {@code input} {@code [batch, time, features]} (or {@code [batch, time]} token ids
 *       for a model that starts with an embedding), and optionally {@code lengths} {@code
 *       [batch]}, each row's real steps, for a padded batch: the mask is built from it, so
 *       padded steps neither change a state nor show in {@code h_n}/{@code c_n}
 *   <li>out: {@code output}, the model's raw output (0 at padded steps of a recurrent sequence
 *       output, as PyTorch's {@code pad_packed_sequence} gives); and when the model's last layer
 *       is recurrent, its final states {@code h_n} (and {@code c_n} for lstm) {@code
 *       [layers·directions, batch, units]}, PyTorch's layout
 * </ul>
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict with a saved model: decisions and class probabilities for each input line, or a tensor for .safetensors input.")
final class PredictCommand implements Callable<Integer> {
  /** Tensor names of the .safetensors interchange (DESIGN.md). */
  static final String INPUT = "input";
  static final String LENGTHS = "lengths";
  static final String OUTPUT = "output";

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "Text, one sequence per line; or .safetensors holding tensor 'input' [batch, time, features]"
          + " and optionally 'lengths' [batch] for a padded batch.")
  Path input;

  @Option(names = "--output", paramLabel = "FILE", description = "Write the result here instead of standard output.")
  Path output;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    SavedModel.Loaded model = SavedModel.load(modelDir, common.registry());
    if (input.toString().endsWith(".safetensors")) {
      predictTensor(model);
    } else {
      predictText(model);
    }
    return Main.OK;
  }

  private void predictTensor(SavedModel.Loaded model) {
    Map<String, Tensor> tensors = Safetensors.readValues(input).tensors();
    Tensor x = tensors.get(INPUT);
    if (x == null) {
      throw new RecurException(input + ": no tensor named '" + INPUT + "'; found " + tensors.keySet());
    }
    Tensor lengths = tensors.get(LENGTHS);
    Tensor mask = lengths == null ? null : mask(lengths, x);
    Model m = model.model();
    Tensor y = m.forward(x, Contexts.evaluation(mask));
    Path target = output != null ? output : Path.of(input.toString().replaceAll("\\.safetensors$", "") + ".output.safetensors");
    Map<String, Tensor> out = new LinkedHashMap<>();
    out.put(OUTPUT, y.detach());
    List<Model.NamedLayer> layers = m.layers();
    if (!layers.isEmpty() && layers.get(layers.size() - 1).layer() instanceof RecurrentLayer last) {
      out.putAll(last.finalStates());
    }
    Safetensors.write(target, out, Map.of());
    spec.commandLine().getOut().println("wrote " + target);
  }

  /** {@code [batch, time]}: 1 for the first {@code lengths[i]} steps of row i, 0 after. */
  private Tensor mask(Tensor lengths, Tensor x) {
    String where = input + ": tensor '" + LENGTHS + "'";
    if (x.rank() < 2) {
      throw new RecurException(input + ": tensor '" + INPUT + "' has shape " + Shape.toString(x.shape())
          + "; with lengths it must be [batch, time, …]");
    }
    int batch = x.dim(0);
    int steps = x.dim(1);
    if (lengths.rank() != 1 || lengths.dim(0) != batch) {
      throw new RecurException(where + " has shape " + Shape.toString(lengths.shape()) + "; expected [" + batch
          + "], one length per row of 'input' " + Shape.toString(x.shape()));
    }
    float[] mask = new float[batch * steps];
    for (int i = 0; i < batch; i++) {
      float v = lengths.data()[i];
      if (v != Math.rint(v) || v < 1 || v > steps) {
        throw new RecurException(where + ": row " + i + " has length " + v + "; expected a whole number from 1 to "
            + steps + " (the time steps of 'input')");
      }
      Arrays.fill(mask, i * steps, i * steps + (int) v, 1f);
    }
    return Tensor.of(mask, batch, steps);
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
    TextCodec target = model.schema().targetCodec();
    Tensor ids = codec.length() <= 0 && target != null && codec.endId() >= 0
        ? sources(codec, lines, model.model().inputShape()[0]) : codec.encode(lines, input.getFileName().toString());
    Tensor raw = model.model().forward(ids, Contexts.evaluation(null));
    if (raw.rank() == 3) {
      write(perPosition(model, lines, raw));
      return;
    }
    Tensor probabilities = model.probabilities(raw);
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
    write(b);
  }

  /**
   * The sources of an encoder–decoder trained on variable-length data, laid out as its dataset
   * lays them out: each line's ids, its end symbol, then the end (padding) symbol up to the
   * model's input length.
   */
  private Tensor sources(TextCodec codec, List<String> lines, int steps) {
    float[] ids = new float[lines.size() * steps];
    int pad = codec.padId() >= 0 ? codec.padId() : codec.endId();
    Arrays.fill(ids, pad);
    for (int i = 0; i < lines.size(); i++) {
      int[] line = codec.ids(lines.get(i), input.getFileName() + ":" + (i + 1));
      if (line.length >= steps) {
        throw new RecurException(input.getFileName() + ":" + (i + 1) + ": " + line.length + " tokens; this model reads"
            + " at most " + (steps - 1) + ", then its end symbol '" + codec.symbols().end() + "'");
      }
      for (int t = 0; t < line.length; t++) {
        ids[i * steps + t] = line[t];
      }
      ids[i * steps + line.length] = codec.endId();
    }
    return Tensor.of(ids, lines.size(), steps);
  }

  /**
   * A model labelling every position ({@code [N, T, classes]}): per line, the class of each
   * token, written together when every class name is one character ({@code HHLLH}) and
   * space-separated otherwise. A decoder's output (the data has a target codec with an end
   * symbol) is read until its first end symbol, as the target codec writes it ({@code 4690}).
   */
  private static StringBuilder perPosition(SavedModel.Loaded model, List<String> lines, Tensor raw) {
    List<String> classes = model.schema().classes();
    int k = Shape.last(raw.shape());
    if (k != classes.size()) {
      throw new RecurException("the model outputs " + k + " values per position but was trained on "
          + classes.size() + " classes; it is not a classifier whose decisions can be printed");
    }
    boolean oneChar = classes.stream().allMatch(c -> c.codePointCount(0, c.length()) == 1);
    TextCodec target = model.schema().targetCodec();
    int end = target == null ? -1 : target.endId();
    if (target != null) {
      oneChar = TextCodec.CHAR.equals(target.tokenizer());
    }
    int steps = raw.dim(1);
    float[] o = raw.data();
    StringBuilder b = new StringBuilder("index\tinput\tprediction\n");
    for (int i = 0; i < lines.size(); i++) {
      b.append(i).append('\t').append(lines.get(i)).append('\t');
      for (int t = 0; t < steps; t++) {
        int offset = (i * steps + t) * k;
        int best = 0;
        for (int j = 1; j < k; j++) {
          if (o[offset + j] > o[offset + best]) {
            best = j;
          }
        }
        if (best == end) {
          break;
        }
        b.append(t > 0 && !oneChar ? " " : "").append(classes.get(best));
      }
      b.append('\n');
    }
    return b;
  }

  private void write(StringBuilder b) {
    if (output != null) {
      AtomicFiles.write(output, b.toString().getBytes(StandardCharsets.UTF_8));
    } else {
      spec.commandLine().getOut().print(b);
      spec.commandLine().getOut().flush();
    }
  }
}
