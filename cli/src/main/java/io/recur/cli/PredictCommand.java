package io.recur.cli;

import io.recur.api.InvalidItemException;
import io.recur.api.Prediction;
import io.recur.api.RecurModel;
import io.recur.io.AtomicOutput;
import io.recur.io.InputLines;
import io.recur.io.Safetensors;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.predict.PredictionRecords;
import io.recur.registry.Registry;
import io.recur.run.OutputTargets;
import io.recur.run.SavedModel;
import io.recur.spi.RecurException;
import io.recur.spi.StatefulLayer;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code recur predict --model DIR --input FILE [--output FILE] [--format tsv|csv|jsonl]
 * [--top-k K]}. Text input holds one item a line (blank lines are skipped), prepared exactly as
 * the model's training items were, and gives one answer per item, written as it goes in input
 * order, through the Java API ({@link RecurModel}): a classifier's decision and class
 * probabilities, a labeller's label per position, a language model's likelihood of the line and
 * its most likely next characters, an encoder–decoder's output, a real-valued model's outputs
 * for a line of comma-separated numbers. A {@code .safetensors} input writes a {@code
 * .safetensors} (DESIGN.md, "CLI"):
 *
 * <ul>
 *   <li>in: {@code input} {@code [batch, time, features]} (or {@code [batch, time]} token ids
 *       for a model that starts with an embedding), and optionally {@code lengths} {@code
 *       [batch]}, each row's real steps, for a padded batch: the mask is built from it, so
 *       padded steps neither change a state nor show in {@code h_n}/{@code c_n}
 *   <li>out: {@code output}, the model's raw output (0 at padded steps of a recurrent sequence
 *       output, as PyTorch's {@code pad_packed_sequence} gives); and when the model's last layer
 *       carries a state, its final states {@code h_n} (and {@code c_n} for lstm) {@code
 *       [layers·directions, batch, units]}, PyTorch's layout
 * </ul>
 *
 * <p>{@code --output} never replaces the input, a file of the model or of a run directory, and
 * an existing output file is replaced only once the whole answer is written.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
    description = "Predict with a saved model: one answer per input line (a classifier's decision and class"
        + " probabilities, labels per position, a language model's likelihood and next characters, an"
        + " encoder-decoder's output, a real-valued model's outputs), or a tensor for .safetensors input.")
final class PredictCommand implements Callable<Integer> {
  /** Tensor names of the .safetensors interchange (DESIGN.md). */
  static final String INPUT = "input";
  static final String LENGTHS = "lengths";
  static final String OUTPUT = "output";
  /** Batches of input read before predicting; bounds the memory of a huge input. */
  private static final int CHUNK_BATCHES = 16;

  @Option(names = "--model", required = true, paramLabel = "DIR", description = "A saved model directory (RUN_DIR/model).")
  Path modelDir;

  @Option(names = "--input", required = true, paramLabel = "FILE",
      description = "Text, one item per line (comma-separated numbers for a model of real values); or .safetensors"
          + " holding tensor 'input' [batch, time, features] and optionally 'lengths' [batch] for a padded batch.")
  Path input;

  @Option(names = "--output", paramLabel = "FILE",
      description = "Write the result here instead of standard output (replaced only once complete).")
  Path output;

  @Option(names = "--format", paramLabel = "FORMAT",
      description = "tsv (a table, the default), csv, or jsonl (one JSON object per input line). Default: from"
          + " the --output file's extension when it is .csv or .jsonl, else tsv.")
  String format;

  @Option(names = "--top-k", paramLabel = "K", defaultValue = "3",
      description = "Classes (or next characters of a language model) listed per item in jsonl and next"
          + " (default: ${DEFAULT-VALUE}, at most the class count).")
  int topK;

  @Option(names = "--probabilities",
      description = "jsonl: add the probabilities of every class at every position of a per-position labeller.")
  boolean positionProbabilities;

  @Option(names = "--column", paramLabel = "NAME",
      description = "Read --input as CSV with a header row and predict once for the whole named column, taken as one"
          + " series of values (a model of real values, such as a series of monthly passengers).")
  String column;

  @Option(names = "--batch-size", paramLabel = "N", defaultValue = "64",
      description = "Items run through the model at once (default: ${DEFAULT-VALUE}); the answers do not depend on it.")
  int batchSize;

  @Mixin
  ThreadsOption threads;

  @Mixin
  CommonOptions common;

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    if (output != null) {
      OutputTargets.check(output, input, modelDir);
    }
    if (input.toString().endsWith(".safetensors")) {
      Registry registry = common.registry();
      common.checkPluginJars(modelDir, registry);
      predictTensor(SavedModel.load(modelDir, registry));
    } else {
      common.checkPluginJars(modelDir);
      predictText();
    }
    return Main.OK;
  }

  private void predictText() {
    String chosen = chosenFormat();
    if (topK < 1) {
      throw new RecurException("--top-k must be 1 or more, got " + topK);
    }
    if (batchSize < 1) {
      throw new RecurException("--batch-size must be 1 or more, got " + batchSize);
    }
    int n = threads.resolve();
    RecurModel model = RecurModel.load(modelDir,
        new RecurModel.Options(common.pluginPaths(), n, batchSize));
    PredictionRecords records = new PredictionRecords(model.signature(), topK, positionProbabilities);
    try (InputLines lines = InputLines.open(input);
        AtomicOutput file = output == null ? null : AtomicOutput.open(output)) {
      PrintWriter console = spec.commandLine().getOut();
      Writer out = file == null ? console : file.writer();
      PredictionWriter writer = PredictionWriter.of(chosen, out, records);
      writer.begin();
      List<String> items = new ArrayList<>();
      List<Long> lineNumbers = new ArrayList<>();
      long written = 0;
      if (column != null) {
        items.add(CsvColumn.read(lines, column));
        lineNumbers.add(1L);
      } else {
        for (InputLines.Line line : lines) {
          if (line.isBlank()) {
            continue;
          }
          items.add(line.text());
          lineNumbers.add(line.number());
          // many batches per call: items of similar length share a batch, and threads run batches side by side
          if (items.size() == batchSize * CHUNK_BATCHES) {
            written = write(model, items, lineNumbers, writer, written);
            flush(out);
          }
        }
        lines.requireAny();
      }
      write(model, items, lineNumbers, writer, written);
      flush(out);
      if (file != null) {
        file.commit();
      }
    }
  }

  /** Predicts one batch and writes its answers; an item the model cannot take is an error naming its line. */
  private long write(RecurModel model, List<String> items, List<Long> lineNumbers, PredictionWriter writer,
      long written) {
    if (items.isEmpty()) {
      return written;
    }
    List<Prediction> answers;
    try {
      answers = model.predictBatch(items);
    } catch (InvalidItemException e) {
      throw new RecurException(input + ":" + lineNumbers.get(e.index()) + ": " + e.detail(), e);
    }
    long index = written;
    for (Prediction p : answers) {
      writer.write(index++, p);
    }
    items.clear();
    lineNumbers.clear();
    return index;
  }

  private static void flush(Writer out) {
    try {
      out.flush();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** --format, else the --output file's extension when it names a format, else tsv. */
  private String chosenFormat() {
    if (format != null) {
      if (!PredictionWriter.FORMATS.contains(format)) {
        throw new RecurException("--format " + format + ": unknown format; expected one of "
            + String.join(", ", PredictionWriter.FORMATS));
      }
      return format;
    }
    if (output != null) {
      String name = output.getFileName().toString();
      int dot = name.lastIndexOf('.');
      String extension = dot < 0 ? "" : name.substring(dot + 1);
      if (PredictionWriter.FORMATS.contains(extension)) {
        return extension;
      }
    }
    return "tsv";
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
    if (!layers.isEmpty() && layers.get(layers.size() - 1).layer() instanceof StatefulLayer last) {
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
}
