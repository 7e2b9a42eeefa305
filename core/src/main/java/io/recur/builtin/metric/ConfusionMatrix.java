package io.recur.builtin.metric;

import static java.util.Objects.requireNonNull;

import io.recur.io.AtomicFiles;
import io.recur.spi.RecurException;
import io.recur.tensor.Shape;
import io.recur.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;

/**
 * Counts of (true class, predicted class) pairs over the unmasked positions of one or more
 * batches: row {@code i}, column {@code j} is how often class {@code i} was predicted as {@code j}
 * (scikit-learn's {@code confusion_matrix} layout). The prediction is the argmax of the output's
 * last dimension (the first index on ties), or a single sigmoid unit above 0.5; the true class
 * comes from class-index or one-hot targets, exactly as the {@code accuracy} metric reads them.
 *
 * <p>For {@code recur evaluate} and the report: per-class accuracy (recall), balanced accuracy,
 * and the CSV written to the run directory. Not thread-safe; one matrix per pass over a split.
 *
 * <p>EXPERIMENTAL (issue 4).
 */
public final class ConfusionMatrix {
  /** File name of the matrix in a run directory. */
  public static final String CSV_FILE = "confusion.csv";

  private final long[][] counts;

  /** An empty matrix over {@code classes} classes (2 for a single sigmoid unit). */
  public ConfusionMatrix(int classes) {
    if (classes < 1) {
      throw new IllegalArgumentException("classes must be >= 1, got " + classes);
    }
    counts = new long[classes][classes];
  }

  /** The number of classes an output {@code [..., C]} scores: C, or 2 for a single sigmoid unit. */
  public static int classesOf(Tensor output) {
    return Math.max(2, Shape.last(output.shape()));
  }

  public int classes() {
    return counts.length;
  }

  /** Counts one pair. */
  public void add(int truth, int predicted) {
    counts[truth][predicted]++;
  }

  /**
   * Counts every unmasked position of a batch; arguments as in {@code Loss.compute}.
   *
   * @throws RecurException when the output scores a different number of classes than the matrix
   *     has, or the targets do not fit the output
   */
  public void add(Tensor output, Tensor target, Tensor mask) {
    String who = "confusion matrix";
    int classes = Shape.last(output.shape());
    if (classesOf(output) != counts.length) {
      throw new RecurException(who + ": output " + Shape.toString(output.shape()) + " scores " + classesOf(output)
          + " classes; the matrix has " + counts.length);
    }
    int[] truth = Predictions.trueClasses(who, output, target, mask);
    float[] o = output.data();
    for (int p = 0; p < truth.length; p++) {
      if (truth[p] >= 0) {
        int predicted = classes == 1 ? (o[p] > 0.5f ? 1 : 0) : Predictions.argmax(o, p * classes, classes);
        counts[truth[p]][predicted]++;
      }
    }
  }

  /** How often class {@code truth} was predicted as {@code predicted}. */
  public long count(int truth, int predicted) {
    return counts[truth][predicted];
  }

  /** A copy of the counts, {@code [true class][predicted class]}. */
  public long[][] counts() {
    long[][] copy = new long[counts.length][];
    for (int i = 0; i < counts.length; i++) {
      copy[i] = counts[i].clone();
    }
    return copy;
  }

  /** Positions counted. */
  public long total() {
    long n = 0;
    for (long[] row : counts) {
      for (long v : row) {
        n += v;
      }
    }
    return n;
  }

  /** Positions of class {@code truth}: the sum of its row. */
  public long support(int truth) {
    long n = 0;
    for (long v : counts[truth]) {
      n += v;
    }
    return n;
  }

  /** Fraction of positions predicted right (the diagonal over the total); NaN when empty. */
  public double accuracy() {
    long right = 0;
    for (int i = 0; i < counts.length; i++) {
      right += counts[i][i];
    }
    long total = total();
    return total == 0 ? Double.NaN : (double) right / total;
  }

  /**
   * Per-class accuracy (recall): of the positions whose true class is {@code c}, the fraction
   * predicted as {@code c}; NaN when class {@code c} never occurred.
   */
  public double recall(int c) {
    long support = support(c);
    return support == 0 ? Double.NaN : (double) counts[c][c] / support;
  }

  /** {@link #recall} of every class, by class index. */
  public double[] perClassAccuracy() {
    double[] out = new double[counts.length];
    for (int c = 0; c < out.length; c++) {
      out[c] = recall(c);
    }
    return out;
  }

  /**
   * The mean of the per-class accuracies over the classes that occurred, as scikit-learn's
   * {@code balanced_accuracy_score}: every class weighs the same however rare it is, so always
   * predicting the majority class scores 1/K on K classes. NaN when empty.
   */
  public double balancedAccuracy() {
    double sum = 0;
    int present = 0;
    for (int c = 0; c < counts.length; c++) {
      double r = recall(c);
      if (!Double.isNaN(r)) {
        sum += r;
        present++;
      }
    }
    return present == 0 ? Double.NaN : sum / present;
  }

  /**
   * The matrix as CSV (RFC 4180, LF line ends): a header {@code true\predicted,<class 0>,…}, then
   * one row per true class: its name and its counts.
   *
   * @param classNames one name per class, in index order
   */
  public String toCsv(List<String> classNames) {
    requireNonNull(classNames, "classNames is null");
    if (classNames.size() != counts.length) {
      throw new IllegalArgumentException("expected " + counts.length + " class names, got " + classNames.size());
    }
    StringBuilder b = new StringBuilder("true\\predicted");
    for (String name : classNames) {
      b.append(',').append(csvField(name));
    }
    b.append('\n');
    for (int i = 0; i < counts.length; i++) {
      b.append(csvField(classNames.get(i)));
      for (long v : counts[i]) {
        b.append(',').append(v);
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** Writes {@link #toCsv} to {@code file} atomically. */
  public void writeCsv(Path file, List<String> classNames) {
    AtomicFiles.write(file, toCsv(classNames));
  }

  /** A field quoted when it holds a comma, a quote, a line break or outer spaces. */
  static String csvField(String s) {
    boolean quote = s.isEmpty() || !s.equals(s.strip()) || s.chars().anyMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r');
    return quote ? '"' + s.replace("\"", "\"\"") + '"' : s;
  }
}
