package io.recur.datasets.series;

import io.recur.spi.RecurException;
import java.util.ArrayList;
import java.util.List;

/**
 * One numeric column of a CSV file with a header row, in file order. Line ends may be LF, CR LF
 * or CR alone (the upstream airline-passengers file uses CR); blank lines are skipped; a field may
 * be wrapped in double quotes (without commas or line breaks inside). Every message names the
 * file and line.
 */
final class NumericColumn {
  private NumericColumn() {}

  /**
   * @param column the header name of the column, or {@code null} for the last column
   * @param source the file as named in messages
   * @throws RecurException for an empty file, a missing column, a row with the wrong number of
   *     fields, or a value that is not a finite number
   */
  static double[] read(String text, String column, String source) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    int header = 0;
    while (header < lines.length && lines[header].isBlank()) {
      header++;
    }
    if (header == lines.length) {
      throw new RecurException(source + ": the file is empty; expected a header row naming the columns, then one"
          + " row per step");
    }
    List<String> names = fields(lines[header]);
    int index = column == null ? names.size() - 1 : names.indexOf(column);
    if (index < 0) {
      throw new RecurException(source + ":" + (header + 1) + ": no column '" + column + "' in the header; found "
          + String.join(", ", names) + " (set column to the column to use)");
    }
    String name = names.get(index);
    List<Double> values = new ArrayList<>();
    for (int i = header + 1; i < lines.length; i++) {
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> f = fields(lines[i]);
      if (f.size() != names.size()) {
        throw new RecurException(source + ":" + (i + 1) + ": expected " + names.size() + " columns as in the header ("
            + String.join(", ", names) + "), got " + f.size());
      }
      String v = f.get(index);
      double d;
      try {
        d = Double.parseDouble(v);
      } catch (NumberFormatException e) {
        d = Double.NaN;
      }
      if (!Double.isFinite(d)) {
        throw new RecurException(source + ":" + (i + 1) + ": column '" + name + "': expected a number, got "
            + (v.isEmpty() ? "an empty field" : "'" + v + "'"));
      }
      values.add(d);
    }
    if (values.isEmpty()) {
      throw new RecurException(source + ": no data rows after the header");
    }
    return values.stream().mapToDouble(Double::doubleValue).toArray();
  }

  private static List<String> fields(String line) {
    List<String> out = new ArrayList<>();
    for (String f : line.split(",", -1)) {
      String s = f.strip();
      if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
        s = s.substring(1, s.length() - 1).replace("\"\"", "\"").strip();
      }
      out.add(s);
    }
    return out;
  }
}
