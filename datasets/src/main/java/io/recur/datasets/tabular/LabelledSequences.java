package io.recur.datasets.tabular;

import io.recur.spi.RecurException;
import io.recur.spi.TextCodec;
import io.recur.spi.TextPreparation;
import java.util.ArrayList;
import java.util.List;

/**
 * The sequences and labels of a delimited file: the first row names the columns, every other row
 * is one sample. Sequences are split with the same tokenizer {@code recur predict} uses later, so
 * training and prediction see the same tokens.
 *
 * @param tokens one token list per sample, in file order, never empty
 * @param labels one label per sample, surrounding whitespace removed, never empty; with
 *     per-position labels, the label field as written
 * @param positionLabels with per-position labels, one label per token of each sample (the label
 *     field split with the sequence's tokenizer); empty otherwise
 * @param lines the 1-based line of the file each sample comes from, for messages
 */
record LabelledSequences(List<List<String>> tokens, List<String> labels, List<List<String>> positionLabels,
    List<Integer> lines) {
  LabelledSequences {
    tokens = List.copyOf(tokens);
    labels = List.copyOf(labels);
    positionLabels = List.copyOf(positionLabels);
    lines = List.copyOf(lines);
  }

  /** {@code source:line} of every sample, in order. */
  List<String> places(String source) {
    return lines.stream().map(line -> source + ":" + line).toList();
  }

  /** True when every token has its own label ({@code labels: per-position}). */
  boolean perPosition() {
    return !positionLabels.isEmpty();
  }

  /**
   * @param tokenizer splits and prepares each sequence ({@link TextCodec#tokens}): while training a
   *     codec without a vocabulary, made from the dataset's {@code tokenizer} and {@code
   *     max_length}; for a saved model, the model's own codec
   * @param perPosition the label field holds one label per token, split with the same
   *     tokenizer (with {@code char}, a string such as {@code HHLLH} for a 5-letter sequence)
   * @param source the file as named in messages
   * @throws RecurException naming {@code source:line} for a missing header column, a row with
   *     the wrong number of columns, an empty sequence or an empty label, or per-position labels
   *     whose count differs from the sequence's
   */
  static LabelledSequences of(List<Row> rows, String sequenceColumn, String labelColumn, TextCodec tokenizer,
      boolean perPosition, String source) {
    if (rows.isEmpty()) {
      throw new RecurException(source + ": the file is empty; expected a header row naming the columns '"
          + sequenceColumn + "' and '" + labelColumn + "'");
    }
    if (sequenceColumn.equals(labelColumn)) {
      throw new RecurException(source + ": sequence_column and label_column both name '" + sequenceColumn
          + "'; they must be two different columns");
    }
    Row header = rows.get(0);
    List<String> names = new ArrayList<>();
    for (String f : header.fields()) {
      names.add(f.strip());
    }
    int seq = column(names, sequenceColumn, "sequence_column", header.line(), source);
    int lab = column(names, labelColumn, "label_column", header.line(), source);
    if (rows.size() == 1) {
      throw new RecurException(source + ": no data rows after the header");
    }

    TextPreparation preparation = tokenizer.preparation();
    List<List<String>> tokens = new ArrayList<>();
    List<String> labels = new ArrayList<>();
    List<List<String>> positionLabels = new ArrayList<>();
    List<Integer> lines = new ArrayList<>();
    for (Row r : rows.subList(1, rows.size())) {
      if (r.fields().size() != names.size()) {
        throw new RecurException(source + ":" + r.line() + ": expected " + names.size()
            + " columns as in the header (" + String.join(", ", names) + "), got " + r.fields().size());
      }
      List<String> t = tokenizer.tokenize(preparation.apply(r.fields().get(seq)));
      if (t.isEmpty()) {
        throw new RecurException(source + ":" + r.line() + ": empty sequence in column '" + sequenceColumn
            + "'; expected at least one token");
      }
      String label = r.fields().get(lab).strip();
      if (label.isEmpty()) {
        throw new RecurException(source + ":" + r.line() + ": empty label in column '" + labelColumn
            + "'; expected a class name");
      }
      if (perPosition) {
        List<String> perToken = tokenizer.tokenize(label);
        // compared before truncation: a label string that does not line up is a broken row, however long
        if (perToken.size() != t.size()) {
          throw new RecurException(source + ":" + r.line() + ": column '" + labelColumn + "' holds "
              + perToken.size() + " labels but column '" + sequenceColumn + "' holds " + t.size()
              + " tokens; with labels: per-position every token needs exactly one label");
        }
        perToken = preparation.truncate(perToken);
        positionLabels.add(List.copyOf(perToken));
      }
      t = preparation.truncate(t);
      tokens.add(List.copyOf(t));
      labels.add(label);
      lines.add(r.line());
    }
    return new LabelledSequences(tokens, labels, positionLabels, lines);
  }

  private static int column(List<String> names, String wanted, String param, int line, String source) {
    int i = names.indexOf(wanted);
    if (i < 0) {
      throw new RecurException(source + ":" + line + ": no column '" + wanted + "' in the header; found "
          + String.join(", ", names) + " (set " + param + " to the column to use)");
    }
    return i;
  }
}
