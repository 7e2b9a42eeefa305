package io.recur.report;

import io.recur.builtin.metric.ConfusionMatrix;
import io.recur.model.Contexts;
import io.recur.model.Model;
import io.recur.run.RunDirectory;
import io.recur.spi.DataSchema;
import io.recur.spi.Dataset;
import io.recur.spi.RecurException;
import io.recur.spi.Split;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link ConfusionMatrix} of a classifier on a split, and the {@code confusion-<split>.csv}
 * files a run directory (and {@code recur evaluate}) holds: one per split, rows true classes,
 * columns predicted ones, in the layout of {@link ConfusionMatrix#toCsv}.
 *
 * <p>A model is a classifier here when its dataset names at least two and at most {@value
 * #MAX_CLASSES} classes and its output scores one value per class (or one sigmoid unit for two);
 * a per-position classifier (a tagger) counts every unmasked position. A character language
 * model's vocabulary is past the limit: its matrix would be a large, unreadable file.
 *
 * <p>EXPERIMENTAL (issue 4).
 */
public final class ClassConfusion {
  /** Most classes a matrix is counted and written for. */
  public static final int MAX_CLASSES = 40;
  private static final int BATCH = 256;

  private ClassConfusion() {}

  /** {@code confusion-test.csv}: the file name of a split's matrix. */
  public static String fileName(String split) {
    return RunDirectory.CONFUSION_PREFIX + split.replaceAll("[^A-Za-z0-9._-]+", "_") + RunDirectory.CONFUSION_SUFFIX;
  }

  /**
   * The model's confusion matrix on {@code split}, in evaluation mode, or empty when the model is
   * not a classifier of the schema's classes (a regression, a sequence-to-sequence model whose
   * targets do not fit its output) or the split is empty.
   */
  public static Optional<ConfusionMatrix> of(Model model, DataSchema schema, Split split) {
    List<String> classes = schema.classes();
    if (classes.size() < 2 || classes.size() > MAX_CLASSES || split == null || split.size() == 0) {
      return Optional.empty();
    }
    int[] out = model.outputShape();
    int k = out.length == 0 ? 0 : out[out.length - 1];
    if (k != classes.size() && !(k == 1 && classes.size() == 2)) {
      return Optional.empty();
    }
    ConfusionMatrix matrix = new ConfusionMatrix(classes.size());
    try (Tensor.NoGrad g = Tensor.noGrad()) {
      for (int from = 0; from < split.size(); from += BATCH) {
        int to = Math.min(split.size(), from + BATCH);
        Tensor mask = split.mask() == null ? null : split.mask().rows(from, to);
        Tensor output = model.forward(split.inputs().rows(from, to), Contexts.evaluation(mask));
        if (Shape.last(output.shape()) != k) {
          return Optional.empty();
        }
        matrix.add(output, split.targets().rows(from, to), mask);
      }
    } catch (RecurException e) {
      // targets that are not class labels of this output: not a classifier's split
      return Optional.empty();
    }
    return Optional.of(matrix);
  }

  /**
   * Writes {@code confusion-<split>.csv} into {@code directory} for every split of the dataset
   * where the model is a classifier; returns the files written (none for a regression).
   */
  public static List<Path> writeAll(Path directory, Model model, Dataset dataset) {
    List<Path> written = new ArrayList<>();
    for (Map.Entry<String, Split> e : dataset.splits().entrySet()) {
      Optional<ConfusionMatrix> m = of(model, dataset.schema(), e.getValue());
      if (m.isPresent()) {
        Path file = directory.resolve(fileName(e.getKey()));
        m.get().writeCsv(file, dataset.schema().classes());
        written.add(file);
      }
    }
    return written;
  }
}
